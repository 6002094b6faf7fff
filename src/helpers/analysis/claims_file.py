"""Reading a claims file: every claim checked for what it says before any is re-computed.

The claims are data, not code: each claims file under ``data/raw/claims/`` (a raw input
with its provenance sidecar, like the tables it speaks of) lists an article's
statements with its own words, the scope each speaks of (partner country, years,
sources) and the general check that evaluates it, with its arguments. This module holds
the loader that validates a claims file and CHECKS, every check a file may name with
the sources it reads and how to read each of its arguments; the checks themselves are
in helpers.analysis.claim_checks, and the choice of the claims a report checks in
helpers.analysis.claims. Kept apart from both because reading a file is its own
concern: a claim that cannot be used stops the loading with a ClaimsFileError that
names the file, the claim and what was expected.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pycountry
import yaml

from helpers.analysis.claim_checks import (
    ClaimCheck,
    ClaimScope,
    check_agreement_themes_cover,
    check_level_share_above,
    check_oldest_agreement,
    check_only_municipal_actor,
    check_theme_share_rises,
    entity_code_of,
    scoped_events,
)
from helpers.core.languages import LANGUAGES
from helpers.core.paths import RAW_DIR
from helpers.core.sources import SIDECAR_SUFFIX, RawDataError, load_yaml, read_raw_text
from helpers.reference.themes import theme_keys
from helpers.tables.fields import LEVELS

CLAIMS_DIR = RAW_DIR / "claims"
SOURCES = ("agreements", "bulletins")  # the agreements table, the bulletins' interactions
CLAIM_FIELDS = ("id", "statement", "quote", "scope", "check", "arguments")
OPTIONAL_FIELDS = ("figure",)
FILE_FIELDS = ("claims", "article", "scopes")  # article: metadata; scopes: shared anchors


class ClaimsFileError(RawDataError):
    """A claims file that cannot be used: names the file, the claim and what was expected."""


@dataclass(frozen=True)
class Claim:
    """One published statement, where it is written, and how to test it."""

    claim_id: str
    statement: dict[str, str]  # language -> the statement in this project's words
    quote: dict[str, str]  # language -> the article's own words
    scope: ClaimScope
    check: str  # a key of CHECKS
    arguments: dict
    figure: str = ""
    source_file: str = ""

    def run(self, agreements: pd.DataFrame, interactions: pd.DataFrame, lang: str) -> ClaimCheck:
        """The claim's check on its own scope of the tables given."""
        scoped = scoped_events(self.scope, agreements, interactions)
        return CHECKS[self.check].function(*scoped, lang, **self.arguments)


# --- the checks a claims file may name, and what each needs ----------------------------------


@dataclass(frozen=True)
class CheckSpec:
    """A general check, the sources it reads, and how to read each of its arguments."""

    function: Callable[..., ClaimCheck]
    needs: tuple[str, ...]  # sources the claim's scope must include
    arguments: dict[str, tuple[str, Callable]]  # name -> (what is expected, reader)


def _text(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError
    return value.strip()


def _year(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError
    return value


def _years(value) -> tuple[int, int]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError
    first, last = _year(value[0]), _year(value[1])
    if first > last:
        raise ValueError
    return first, last


def _entity(value) -> str:
    entity_code_of(_text(value))
    return value.strip()


def _theme(value) -> str:
    if value not in theme_keys():
        raise ValueError
    return value


def _themes(value) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not value:
        raise ValueError
    return tuple(_theme(v) for v in value)


def _level(value) -> str:
    if value not in LEVELS:
        raise ValueError
    return value


def _fraction(value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 1:
        raise ValueError
    return float(value)


YEARS = "two years [first, last], first not after last"
CHECKS: dict[str, CheckSpec] = {
    "level_share_above": CheckSpec(
        check_level_share_above,
        (),
        {
            "level": (f"one of {', '.join(LEVELS)}", _level),
            "threshold": ("a share from 0 to below 1", _fraction),
        },
    ),
    "only_municipal_actor": CheckSpec(
        check_only_municipal_actor,
        (),
        {
            "municipality": ("a municipality's name", _text),
            "entity": ("a Mexican federal entity's name", _entity),
            "year": ("a year", _year),
        },
    ),
    "oldest_agreement": CheckSpec(
        check_oldest_agreement,
        ("agreements",),
        {
            "entity": ("a Mexican federal entity's name", _entity),
            "foreign_party": ("the foreign party's name", _text),
            "year": ("a year", _year),
        },
    ),
    "agreement_themes_cover": CheckSpec(
        check_agreement_themes_cover,
        ("agreements",),
        {"themes": ("a list of theme keys of themes.csv", _themes)},
    ),
    "theme_share_rises": CheckSpec(
        check_theme_share_rises,
        (),
        {
            "theme": ("a theme key of themes.csv", _theme),
            "earlier": (YEARS, _years),
            "later": (YEARS, _years),
        },
    ),
}
"""Every check a claims file may name: a statement needing another kind of test needs a
new general check here, with its tests, not a new branch for one article."""


# --- loading a claims file -------------------------------------------------------------------


def _fail(path, where: str, problem: str, expected: str) -> ClaimsFileError:
    return ClaimsFileError(path, f"{where}: {problem}", expected=expected)


def _languages(path, where: str, value, name: str, required: tuple[str, ...]) -> dict[str, str]:
    expected = f"{name}: a mapping language -> text, with {', '.join(required) or 'a language'}"
    if not isinstance(value, dict) or not value:
        raise _fail(path, where, f"{name} is not a mapping of languages to texts", expected)
    texts = {}
    for lang, words in value.items():
        if not isinstance(words, str) or not words.strip():
            raise _fail(path, where, f"{name} in {lang!r} is empty", expected)
        texts[str(lang)] = " ".join(words.split())
    missing = [lang for lang in required if lang not in texts]
    if missing:
        raise _fail(path, where, f"{name} lacks {', '.join(missing)}", expected)
    return texts


def _scope(path, where: str, value) -> ClaimScope:
    expected = (
        "scope: partner_country (ISO 3166-1 alpha-2), years [first, last], "
        f"sources (some of {', '.join(SOURCES)})"
    )
    if not isinstance(value, dict):
        raise _fail(path, where, "scope is not a mapping", expected)
    missing = [key for key in ("partner_country", "years", "sources") if key not in value]
    if missing:
        raise _fail(path, where, f"scope lacks {', '.join(missing)}", expected)
    country = value["partner_country"]
    if not isinstance(country, str) or pycountry.countries.get(alpha_2=country) is None:
        raise _fail(path, where, f"scope names country {country!r}", expected)
    try:
        first, last = _years(value["years"])
    except ValueError:
        raise _fail(path, where, f"scope has years {value['years']!r}", expected) from None
    sources = value["sources"]
    if (
        not isinstance(sources, list)
        or not sources
        or any(source not in SOURCES for source in sources)
    ):
        raise _fail(path, where, f"scope has sources {sources!r}", expected)
    return ClaimScope(country, first, last, tuple(s for s in SOURCES if s in sources))


def _arguments(path, where: str, name: str, value, scope: ClaimScope) -> dict:
    spec = CHECKS[name]
    wanted = ", ".join(f"{arg} ({what})" for arg, (what, _) in spec.arguments.items())
    expected = f"arguments of {name}: {wanted}"
    if not isinstance(value, dict):
        raise _fail(path, where, "arguments is not a mapping", expected)
    missing = [arg for arg in spec.arguments if arg not in value]
    unknown = [arg for arg in value if arg not in spec.arguments]
    if missing or unknown:
        problem = "; ".join(
            part
            for part in (
                f"missing argument(s) {', '.join(missing)}" if missing else "",
                f"unknown argument(s) {', '.join(map(str, unknown))}" if unknown else "",
            )
            if part
        )
        raise _fail(path, where, problem, expected)
    arguments = {}
    for arg, (what, read) in spec.arguments.items():
        try:
            arguments[arg] = read(value[arg])
        except ValueError:
            raise _fail(
                path, where, f"argument {arg} is {value[arg]!r}", f"{arg}: {what}"
            ) from None
    for arg, (_, read) in spec.arguments.items():  # the years a check reads: in scope
        if read not in (_year, _years):
            continue
        years = arguments[arg] if read is _years else (arguments[arg],)
        if not all(scope.first_year <= y <= scope.last_year for y in years):
            raise _fail(
                path,
                where,
                f"argument {arg} {value[arg]!r} lies outside the scope's years "
                f"{scope.first_year}-{scope.last_year}",
                "the years a check reads within the claim's scope",
            )
    missing_sources = [s for s in spec.needs if s not in scope.sources]
    if missing_sources:
        raise _fail(
            path,
            where,
            f"check {name} reads {', '.join(missing_sources)}, which the scope leaves out",
            f"scope.sources including {', '.join(spec.needs)}",
        )
    return arguments


def parse_claim(path, index: int, entry) -> Claim:
    """One entry of a claims file as a Claim, every field checked (ClaimsFileError)."""
    where = f"claim {index + 1}"
    if not isinstance(entry, dict):
        raise _fail(path, where, "is not a mapping", f"fields {', '.join(CLAIM_FIELDS)}")
    if isinstance(entry.get("id"), str) and entry["id"].strip():
        where = f"claim {index + 1} ({entry['id'].strip()!r})"
    missing = [name for name in CLAIM_FIELDS if name not in entry]
    unknown = [name for name in entry if name not in CLAIM_FIELDS + OPTIONAL_FIELDS]
    if missing or unknown:
        problem = "; ".join(
            part
            for part in (
                f"lacks {', '.join(missing)}" if missing else "",
                f"has unknown field(s) {', '.join(map(str, unknown))}" if unknown else "",
            )
            if part
        )
        expected = f"fields {', '.join(CLAIM_FIELDS)} (and optionally {', '.join(OPTIONAL_FIELDS)})"
        raise _fail(path, where, problem, expected)
    try:
        claim_id = _text(entry["id"])
    except ValueError:
        raise _fail(path, where, f"id is {entry['id']!r}", "a non-empty id") from None
    check = entry["check"]
    if check not in CHECKS:
        raise _fail(path, where, f"unknown check {check!r}", f"one of {', '.join(sorted(CHECKS))}")
    scope = _scope(path, where, entry["scope"])
    figure = entry.get("figure") or ""
    if not isinstance(figure, str):
        raise _fail(path, where, f"figure is {figure!r}", "a figure's base id")
    return Claim(
        claim_id=claim_id,
        statement=_languages(path, where, entry["statement"], "statement", LANGUAGES),
        quote=_languages(path, where, entry["quote"], "quote", ()),
        scope=scope,
        check=check,
        arguments=_arguments(path, where, check, entry["arguments"], scope),
        figure=figure,
        source_file=str(path),
    )


def load_claims(path: Path | str, raw_dir: Path = RAW_DIR) -> tuple[Claim, ...]:
    """Every claim of one claims file, its provenance verified like any raw file's.

    Stops with one ClaimsFileError naming the file, the claim and what was expected at
    the first entry that cannot be used: a claims report that silently skipped a
    statement would read as the article saying less than it does.
    """
    raw = read_raw_text(path, raw_dir)
    try:
        content = load_yaml(raw.text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ClaimsFileError(
            path,
            f"not valid YAML: {getattr(error, 'problem', error)}",
            line=mark.line + 1 if mark else None,
            expected="a YAML mapping with a list of claims under 'claims'",
        ) from None
    if not isinstance(content, dict) or not isinstance(content.get("claims"), list):
        raise ClaimsFileError(
            path, "no list of claims", expected="a YAML mapping with a list under 'claims'"
        )
    unknown = [key for key in content if key not in FILE_FIELDS]
    if unknown:
        raise ClaimsFileError(
            path,
            f"unknown top-level field(s) {', '.join(map(str, unknown))}",
            expected=f"top-level fields {', '.join(FILE_FIELDS)}",
        )
    claims = tuple(parse_claim(path, i, entry) for i, entry in enumerate(content["claims"]))
    _require_unique(claims)
    return claims


def _require_unique(claims: tuple[Claim, ...]) -> None:
    seen: dict[str, Claim] = {}
    for claim in claims:
        if claim.claim_id in seen:
            raise ClaimsFileError(
                claim.source_file,
                f"claim id {claim.claim_id!r} repeats (also in {seen[claim.claim_id].source_file})",
                expected="ids unique among all claims files",
            )
        seen[claim.claim_id] = claim


def claims_files(folder: Path | str = CLAIMS_DIR) -> list[Path]:
    """The claims files of a folder (YAML files, not their provenance sidecars)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix in (".yaml", ".yml") and not path.name.endswith(SIDECAR_SUFFIX)
    )


def load_all_claims(folder: Path | str = CLAIMS_DIR, raw_dir: Path = RAW_DIR) -> tuple[Claim, ...]:
    """The claims of every claims file in ``folder``, ids unique across files."""
    claims = tuple(claim for path in claims_files(folder) for claim in load_claims(path, raw_dir))
    _require_unique(claims)
    return claims
