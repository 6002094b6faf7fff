"""Every word a report shows, in the report's language, from the translation catalogs.

Reports are built once per language from the same code: a label typed in a notebook or a
figure function would exist in one language only and drift. So each text a reader sees
is a message of helpers.words.messages, under its key, translated by the catalogs
(helpers.words.catalog, gettext with Babel); a message's ``{placeholders}`` take values
computed from the data (numbers, names, dates), never typed, and a message that counts
something takes the plural form of its language (plural_text). Theme labels come from the theme vocabulary (helpers.reference.themes), entity names from the
INEGI reference table (helpers.reference.entities), country names and number formats from Babel's
CLDR data, dates from helpers.reference.dates.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from helpers.core.languages import check_language
from helpers.reference.dates import format_partial_date
from helpers.reference.entities import entity_record
from helpers.reference.themes import theme_label
from helpers.words.catalog import placeholders, translations
from helpers.words.messages import MESSAGES, Message


def _message(key: str) -> Message:
    try:
        return MESSAGES[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in helpers.words.messages") from None


def template(key: str, lang: str = "en") -> str:
    """The message ``key`` in ``lang``, placeholders unfilled (for report.present, which
    escapes the values it fills in)."""
    check_language(lang)
    message = _message(key)
    if message.english_plural:
        raise KeyError(f"message {key!r} counts something: use plural_text")
    return translations(lang).pgettext(key, message.english)


def text(key: str, lang: str = "en", **values) -> str:
    """The text of ``key`` in ``lang``, its placeholders filled from ``values``."""
    pattern = template(key, lang)
    missing = placeholders(pattern) - set(values)
    if missing:
        raise KeyError(f"text {key!r} needs value(s) for {', '.join(sorted(missing))}")
    return pattern.format(**values)


def plural_template(key: str, count: int, lang: str = "en") -> str:
    """The message ``key`` in the plural form ``lang`` takes for ``count``, placeholders
    unfilled (for report.present, which escapes the values it fills in)."""
    check_language(lang)
    message = _message(key)
    if not message.english_plural:
        raise KeyError(f"message {key!r} has no plural forms: use text")
    return translations(lang).npgettext(key, message.english, message.english_plural, count)


def plural_text(key: str, count: int, lang: str = "en", **values) -> str:
    """The message ``key`` for ``count`` things, in the plural form ``lang`` takes for that
    number ("1 registered agreement", "3 acuerdos registrados"); ``{count}`` is the number
    in the language's format."""
    pattern = plural_template(key, count, lang)
    return pattern.format(count=number_text(count, lang, digits=0), **values)


def theme_text(theme: str, lang: str = "en") -> str:
    """A theme key's label; the none-stated bucket has its own label here."""
    key = f"theme.{theme}"
    return text(key, lang) if key in MESSAGES else theme_label(theme, lang)


def level_text(level: str, lang: str = "en") -> str:
    """A government level's label (state, municipal, unresolved)."""
    key = f"level.{level}"
    return text(key, lang) if key in MESSAGES else level


def status_text(status: str, lang: str = "en") -> str:
    """An agreement's standing on the reference date, as a label."""
    return text(f"status.{status}", lang)


def entity_text(entity_code: str, lang: str = "en") -> str:
    """An entity's name for readers: English name in English, common Spanish name in Spanish."""
    check_language(lang)
    record = entity_record(entity_code)
    return record["english_name"] if lang == "en" else record["entity"]


def language_name(code: str) -> str:
    """A language named in itself, capitalised as a link to it is ("English", "Español"):
    Babel's CLDR data."""
    check_language(code)
    name = Locale.parse(code).get_display_name(code)
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=512)
def country_text(code: str, lang: str = "en") -> str:
    """A partner country's everyday name from CLDR ("Japan", "Japón"); "" means all."""
    check_language(lang)
    if not code:
        return text("all_partners", lang)
    return Locale.parse(lang).territories.get(code, code)


def number_text(value: float, lang: str = "en", digits: int = 2) -> str:
    """A number in the language's format (5.47, 5,47)."""
    check_language(lang)
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=lang)


def percent_text(share: float, lang: str = "en") -> str:
    """A share as a whole percentage in the language's format (95%, 95 %)."""
    check_language(lang)
    return format_percent(share, locale=lang)


def date_text(iso: str, lang: str = "en") -> str:
    """An ISO date to its precision in words, localised (dates.format_partial_date)."""
    check_language(lang)
    return format_partial_date(iso, lang)


def year_span(first: int | None, last: int | None, lang: str = "en") -> str:
    """ "1987–1995", "2030", or the word for none when there is no year."""
    if first is None or last is None:
        return text("no_events", lang)
    return str(first) if first == last else f"{first}–{last}"


def list_text(items: list[str], lang: str = "en") -> str:
    """Items joined as the language joins a list (CLDR: "a, b, and c", "a, b y c")."""
    check_language(lang)
    items = list(items)
    return format_list(items, locale=lang) if items else text("no_events", lang)


# An author-year citation: names separated by commas and a conjunction, then the year.
_AUTHOR_YEAR = re.compile(r"^(?P<authors>[^,;()\d]+(?:,[^,;()\d]+)*),\s*(?P<year>\d{4}[a-z]?)$")
_CONJUNCTION = re.compile(r"\s+(?:and|y|e|&)\s+")


def author_year_text(citation: str, lang: str = "en") -> str:
    """An author-year citation with its authors joined as the report's language joins a
    list ("Ortiz, Lee and Kim, 1987" -> "Ortiz, Lee y Kim, 1987"); a citation
    of any other form is shown as written (the source's own words)."""
    found = _AUTHOR_YEAR.match(citation.strip())
    if not found:
        return citation
    names = [
        name.strip()
        for part in found["authors"].split(",")
        for name in _CONJUNCTION.split(part)
        if name.strip()
    ]
    if not all(name[0].isupper() and len(name.split()) <= 3 for name in names):
        return citation
    return f"{list_text(names, lang)}, {found['year']}"
