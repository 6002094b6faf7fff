"""The translation catalogs: extracted from the messages, merged, compiled and loaded with Babel.

``locale/messages.pot`` is the template made from helpers.words.messages (key as context,
English as msgid); ``locale/<lang>/LC_MESSAGES/messages.po`` holds a language's
translations; ``messages.mo`` is compiled from it by the build (``make catalogs``, which
every target that runs a report or a test depends on) and is not committed.

No silent English: a language whose compiled catalog is missing, or older than its
``.po``, is an error that says how to compile it; compiling refuses a catalog with a
message untranslated, fuzzy, or whose placeholders differ from the English ones, so a
Spanish report can never fall back to an English sentence unnoticed.

``python -m helpers.words.catalog extract`` writes the template and merges it into every
language's ``.po`` (new messages arrive untranslated, removed ones are dropped);
``python -m helpers.words.catalog compile`` checks and compiles them.
"""

from __future__ import annotations

import string
import sys
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import NullTranslations, Translations

from helpers import PROJECT_NAME
from helpers.core.languages import LANGUAGES, SOURCE_LANGUAGE, check_language
from helpers.core.outputs import REPRODUCIBLE_TIME
from helpers.words.messages import MESSAGES

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
_WIDTH = 100  # line width of the .pot and .po files (as the code's)


class CatalogError(RuntimeError):
    """A translation catalog that is missing, stale or incomplete."""


def catalog_path(lang: str, suffix: str = ".po") -> Path:
    """Where a language's catalog is (``.po``, or compiled ``.mo``)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def translated_languages() -> tuple[str, ...]:
    """Every language but the messages' own: each needs a catalog."""
    return tuple(lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE)


def template_catalog() -> Catalog:
    """The template: every message of helpers.words.messages, its key as context."""
    catalog = Catalog(
        project=PROJECT_NAME,
        version="",
        copyright_holder="the compendium's authors",
        msgid_bugs_address="",
        last_translator="the compendium's authors",
        language_team="",
        creation_date=REPRODUCIBLE_TIME,
        revision_date=REPRODUCIBLE_TIME,
        header_comment=(
            f"# The messages of the {PROJECT_NAME}, to translate.\n"
            "# Made from src/helpers/words/messages.py by `python -m helpers.words.catalog "
            "extract`:\n# edit the messages there, never here. Each msgctxt is the message's key."
        ),
        fuzzy=False,
    )
    for entry in MESSAGES.values():
        msgid = (entry.english, entry.english_plural) if entry.english_plural else entry.english
        catalog.add(msgid, context=entry.key)
    return catalog


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        write_po(stream, catalog, width=_WIDTH, omit_header=False, sort_output=False)


def _read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale=lang, domain=DOMAIN)


def extract() -> list[Path]:
    """Write the template and merge it into every language's catalog; return the files."""
    template = template_catalog()
    _write(template, TEMPLATE)
    written = [TEMPLATE]
    for lang in translated_languages():
        path = catalog_path(lang)
        catalog = _read(path, lang) if path.exists() else Catalog(locale=lang, domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.revision_date = REPRODUCIBLE_TIME
        catalog.creation_date = REPRODUCIBLE_TIME
        catalog.obsolete.clear()  # a message removed from the code is gone, not kept aside
        _write(catalog, path)
        written.append(path)
    return written


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a message takes (what a translation must keep, what text() fills)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def catalog_problems(lang: str) -> list[str]:
    """What keeps a language's catalog from being compiled: messages missing, untranslated,
    fuzzy, or whose placeholders differ from the English ones."""
    path = catalog_path(lang)
    if not path.exists():
        return [f"{path}: no catalog for {lang!r}"]
    catalog = _read(path, lang)
    problems = []
    for entry in MESSAGES.values():
        found = catalog.get(
            (entry.english, entry.english_plural) if entry.english_plural else entry.english,
            context=entry.key,
        )
        where = f"{path}: message {entry.key!r}"
        if found is None:
            problems.append(f"{where} is missing (run: python -m helpers.words.catalog extract)")
            continue
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        if not all(strings):
            problems.append(f"{where} is not translated")
        elif found.fuzzy:
            problems.append(f"{where} is marked fuzzy: check the translation, then unmark it")
        english = placeholders(entry.english) | placeholders(entry.english_plural)
        for translated in filter(None, strings):
            if placeholders(translated) != english:
                problems.append(
                    f"{where} has placeholders {sorted(placeholders(translated))}, "
                    f"the English {sorted(english)}"
                )
    return problems


def compile_catalogs() -> list[Path]:
    """Check every language's catalog and compile it to ``.mo``; an incomplete catalog is
    an error listing every problem."""
    problems = [problem for lang in translated_languages() for problem in catalog_problems(lang)]
    if problems:
        raise CatalogError("translation catalogs incomplete:\n  " + "\n  ".join(problems))
    compiled = []
    for lang in translated_languages():
        catalog = _read(catalog_path(lang), lang)
        with catalog_path(lang, ".mo").open("wb") as stream:
            write_mo(stream, catalog, use_fuzzy=False)
        compiled.append(catalog_path(lang, ".mo"))
    return compiled


@cache
def translations(lang: str) -> NullTranslations:
    """A language's compiled translations (the messages themselves for English).

    A missing or stale compiled catalog is an error: falling back to English would put
    English sentences in a report written in another language.
    """
    check_language(lang)
    if lang == SOURCE_LANGUAGE:
        return NullTranslations()
    mo, po = catalog_path(lang, ".mo"), catalog_path(lang)
    if not mo.exists() or (po.exists() and mo.stat().st_mtime < po.stat().st_mtime):
        state = "is not compiled" if not mo.exists() else "is older than its .po"
        raise CatalogError(f"the {lang!r} translation catalog {state}: run make catalogs")
    with mo.open("rb") as stream:
        return Translations(stream, domain=DOMAIN)


def main(argv: list[str]) -> int:
    """``extract`` or ``compile``, as the module's docstring says."""
    actions = {"extract": extract, "compile": compile_catalogs}
    if len(argv) != 1 or argv[0] not in actions:
        print(f"usage: python -m helpers.words.catalog {{{'|'.join(actions)}}}", file=sys.stderr)
        return 2
    try:
        for path in actions[argv[0]]():
            print(path.relative_to(LOCALE_DIR.parent))
    except CatalogError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
