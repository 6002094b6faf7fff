"""Dates as sources write them, kept to the precision they state.

"May 7, 2034.", "7 May 2034", "7 de mayo de 2034", "mayo de 2034", "2034.",
"2034-05-07", "07/05/2034": each becomes ISO 8601 to its precision (YYYY-MM-DD, YYYY-MM
or YYYY) with the precision named (day, month, year). Month names come from Babel's CLDR
data in English and Spanish, full and abbreviated, so no month table is typed here.

Numeric dates ("07/05/2034", "7.5.2034", "07-05-2034") are read in one stated order,
never guessed per date: Mexican sources write the day first (DMY, the default); a
table's sidecar may state MDY. A numeric date that cannot exist in that order
("31/02/2034", "13/13/2034") is not a date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import format_date, format_skeleton, get_month_names

from helpers.core.languages import LANGUAGES
from helpers.core.text import normalise_key

# The orders numeric dates are written in: day first (Mexican sources), month first.
DATE_ORDERS = ("DMY", "MDY")
DEFAULT_DATE_ORDER = "DMY"


@dataclass(frozen=True)
class PartialDate:
    """A date known to a precision: day, month or year."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return _precision(self.year, self.month, self.day)

    @property
    def iso(self) -> str:  # computed each time: cheaper than 3.11's locking cached_property
        return _iso_text(self.year, self.month, self.day)

    def as_date(self) -> dt.date:
        """The first day the partial date can mean (for sorting and plotting)."""
        return dt.date(self.year, self.month or 1, self.day or 1)


# A date read, before it is a PartialDate: (year, month or None, day or None).
_Parts = tuple[int, "int | None", "int | None"]


def _precision(year: int, month: int | None, day: int | None) -> str:
    return "day" if day else "month" if month else "year"


def _iso_text(year: int, month: int | None, day: int | None) -> str:
    if day:
        return f"{year:04d}-{month:02d}-{day:02d}"
    if month:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}"


@lru_cache(maxsize=1)
def month_numbers() -> dict[str, int]:
    """Normalised month name (English or Spanish, full or abbreviated) -> 1..12."""
    names: dict[str, int] = {}
    for language in LANGUAGES:
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=language).items():
                names[normalise_key(name)] = number
    names["sept"] = 9
    return names


def _trie_pattern(words: list[str]) -> str:
    """One regular expression for many words, shared prefixes factored out.

    "jan|january|june|july" becomes "j(?:an(?:uary)?|u(?:ly|ne))": the engine decides on
    the first letter once instead of trying every word at every position of a row.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return render(trie)


def _month_alternation() -> str:
    return _trie_pattern(sorted(month_numbers()))


@lru_cache(maxsize=1)
def date_regex() -> str:
    """A regular expression (no groups) matching one date in any supported form.

    Matched against normalise_key-like text is not required: it is case-insensitive
    and accepts accents in month names through the alternation of plain forms plus
    Spanish words as CLDR spells them.
    """
    months = _month_alternation()
    # Forms starting with a digit, then forms starting with a month, each group's first
    # character tested once: a row's tail is searched at every word start.
    starts_with_digit = (
        rf"\d(?:\d{{3}}-\d{{2}}(?:-\d{{2}})?"  # ISO: 2034-05-07, 2034-05
        rf"|\d{{3}}/\d{{1,2}}/\d{{1,2}}"  # year first with slashes: 2034/05/07
        rf"|\d?(?:/\d{{1,2}}/|\.\d{{1,2}}\.|-\d{{1,2}}-)\d{{4}}"  # 07/05/2034, 7.5.2034
        rf"|\d?/\d{{4}}"  # month and year: 05/2034
        rf"|\d?(?:st|nd|rd|th|º|°)?\s+(?:de\s+|of\s+)?(?:{months})\.?,?\s+"
        rf"(?:de\s+|del\s+)?\d{{4}}"  # 7 de mayo de 2034, 7 May 2034
        rf"|\d{{3}})"  # 2034
    )
    starts_with_month = (
        rf"(?:{months})\.?\s+"
        rf"(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"  # May 7, 2034
        rf"|(?:de\s+|del\s+|of\s+)?\d{{4}})"  # May 2034, mayo de 2034
    )
    return f"(?:{starts_with_digit}|{starts_with_month})"


_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})(?:-(\d{2}))?\s*\.?\s*")
# Numeric dates: two numbers and a year with one separator ("07/05/2034", "7.5.2034",
# "07-05-2034"), the year first with slashes ("2034/05/07"), a month and year ("05/2034").
_NUMERIC_DATE = re.compile(r"\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{4})\s*\.?\s*")
_YEAR_FIRST_DATE = re.compile(r"\s*(\d{4})/(\d{1,2})/(\d{1,2})\s*\.?\s*")
_NUMERIC_MONTH = re.compile(r"\s*(\d{1,2})/(\d{4})\s*\.?\s*")
_ORDINAL = re.compile(r"(\d)(st|nd|rd|th|º|°)(?!\w)")
_LINKING_WORDS = re.compile(r"\b(de|del|of)\b")


def _valid(year: int, month: int | None, day: int | None) -> _Parts | None:
    """The partial date's parts, or None when it cannot exist (a day or month 0
    included: 0 is a number written, not a part left out)."""
    try:
        dt.date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        return None
    return year, month, day


# The forms sources mostly write, read by one match: "May 7, 2034", "Sept. 3, 2034",
# "7 May 2034", "7 de mayo de 2034", "May 2034", "mayo de 2034", "2034".
# Everything else (and a word here that is not a month) takes the general reading.
_COMMON_DATE = re.compile(
    r"\s*(?:(?P<month>[A-Za-z]+)\.?\s+(?:(?P<day>\d{1,2}),?\s+|(?:de\s+|del\s+|of\s+)?)"
    r"|(?P<day_first>\d{1,2})\s+(?:de\s+|of\s+)?(?P<month_after>[A-Za-z]+)\.?,?\s+"
    r"(?:de\s+|del\s+)?)?(?P<year>\d{4})\s*\.?\s*"
)


@lru_cache(maxsize=65536)
def parse_date(
    text: str, default_year: int | None = None, date_order: str = DEFAULT_DATE_ORDER
) -> PartialDate | None:
    """Parse one date to its precision, or None when the text is not a date.

    ``default_year`` completes dates written without a year ("May 7", "August"),
    as bulletin entries are, from the edition they appear in. ``date_order`` (DMY or
    MDY) is how the source writes numeric dates: stated once for a whole source, so
    that "07/05/2034" means the same in every row (see DATE_ORDERS).
    """
    parts = _date_parts(text, default_year, date_order)
    return PartialDate(*parts) if parts else None


@lru_cache(maxsize=65536)
def iso_date(text: str, date_order: str = DEFAULT_DATE_ORDER) -> tuple[str, str] | None:
    """(ISO text, precision) of parse_date(text, date_order=date_order), or None: the
    plain strings a clean table stores, read without making a PartialDate. Cached,
    since registries repeat dates (on its own: a date read here is not kept twice)."""
    parts = _date_parts(text, None, date_order)
    return (_iso_text(*parts), _precision(*parts)) if parts else None


def _date_parts(text: str, default_year: int | None, date_order: str) -> _Parts | None:
    """What parse_date reads, as parts (see parse_date)."""
    common = _COMMON_DATE.fullmatch(text or "")
    if common:
        day, month_word, day_first, month_after, year = common.group(
            "day", "month", "day_first", "month_after", "year"
        )
        month_word = month_word or month_after
        month = month_numbers().get(month_word.lower()) if month_word else None
        if month or not month_word:
            day = day or day_first
            return _valid(int(year), month, int(day) if day else None)
    return _words_parts(text, default_year, date_order)


def _check_order(date_order: str) -> str:
    if date_order not in DATE_ORDERS:
        raise ValueError(
            f"unknown numeric date order {date_order!r}; expected one of {DATE_ORDERS}"
        )
    return date_order


def _parse_numeric(text: str, date_order: str) -> _Parts | None | bool:
    """A numeric date read in ``date_order``; None when it has a numeric form but cannot
    exist; False when the text has no numeric form."""
    numeric = _NUMERIC_DATE.fullmatch(text)
    if numeric:
        first, second, year = int(numeric[1]), int(numeric[3]), int(numeric[4])
        day, month = (first, second) if _check_order(date_order) == "DMY" else (second, first)
        return _valid(year, month, day)
    year_first = _YEAR_FIRST_DATE.fullmatch(text)
    if year_first:
        return _valid(int(year_first[1]), int(year_first[2]), int(year_first[3]))
    month_year = _NUMERIC_MONTH.fullmatch(text)
    if month_year:
        return _valid(int(month_year[2]), int(month_year[1]), None)
    return False


def is_ambiguous_numeric(text: str) -> bool:
    """Whether a numeric date reads as two different dates in DMY and MDY ("07/05/2034"):
    then only the stated order decides, and the cleaning says which order it used."""
    numeric = _NUMERIC_DATE.fullmatch(text or "")
    return (
        bool(numeric)
        and numeric[1].lstrip("0") != numeric[3].lstrip("0")
        and max(int(numeric[1]), int(numeric[3])) <= 12
    )


def _parse_words(
    text: str, default_year: int | None = None, date_order: str = DEFAULT_DATE_ORDER
) -> PartialDate | None:
    """parse_date for any form: a numeric date in ``date_order``; otherwise the words are
    numbers (a day, a year) and at most one month, in any order, with linking words (de,
    del, of) and ordinals ignored."""
    parts = _words_parts(text, default_year, date_order)
    return PartialDate(*parts) if parts else None


def _words_parts(text: str, default_year: int | None, date_order: str) -> _Parts | None:
    """What _parse_words reads, as parts."""
    iso = _ISO_DATE.fullmatch(text or "")
    if iso:
        return _valid(int(iso[1]), int(iso[2]), int(iso[3]) if iso[3] else None)
    numeric = _parse_numeric(text or "", date_order)
    if numeric is not False:
        return numeric
    words = _LINKING_WORDS.sub(" ", normalise_key(_ORDINAL.sub(r"\1", text or ""))).split()
    if not words:
        return None
    month_of = month_numbers()
    numbers, months = [], []
    for word in words:
        if word.isdigit():
            numbers.append(word)
        elif word in month_of:
            months.append(month_of[word])
        else:
            return None  # a word that is neither a number nor a month: not a date
    if len(months) > 1:
        return None
    years = [int(n) for n in numbers if len(n) == 4]
    days = [int(n) for n in numbers if len(n) <= 2]
    if len(years) > 1 or len(days) > 1 or len(years) + len(days) != len(numbers):
        return None
    year = years[0] if years else default_year
    if year is None:
        return None
    month = months[0] if months else None
    day = days[0] if days else None
    if day and not month:
        return None
    return _valid(year, month, day)


def format_partial_date(value: str, lang: str = "en") -> str:
    """An ISO partial date ("2034-08", "2034-05-07", "2034") in words, localised by Babel."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        # CLDR's month-and-year pattern for the language: "August 2034", "agosto de 2034".
        return format_skeleton("yMMMM", dt.date(parts[0], parts[1], 1), locale=lang)
    return format_date(dt.date(*parts), "long", locale=lang)
