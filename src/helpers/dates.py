"""Dates as sources write them, kept to the precision they state.

"October 11, 1999.", "31 December 2005", "2012.", "March 2021", "19 de enero de 2021":
each becomes ISO 8601 to its precision (YYYY-MM-DD, YYYY-MM or YYYY) with the
precision named (day, month, year). Month names come from Babel's CLDR data in English
and Spanish, full and abbreviated, so no month table is typed here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import format_date, format_skeleton, get_month_names

from helpers.text import normalise_key

LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class PartialDate:
    """A date known to a precision: day, month or year."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:  # computed each time: cheaper than 3.11's locking cached_property
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def as_date(self) -> dt.date:
        """The first day the partial date can mean (for sorting and plotting)."""
        return dt.date(self.year, self.month or 1, self.day or 1)


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
        rf"\d(?:\d{{3}}-\d{{2}}(?:-\d{{2}})?"  # 2021-01-19, 2021-01
        rf"|\d?(?:st|nd|rd|th)?\s+(?:de\s+|of\s+)?(?:{months})\.?,?\s+(?:de\s+|del\s+)?\d{{4}}"
        rf"|\d{{3}})"  # 19 de enero de 2021, 31 December 2005; 2012
    )
    starts_with_month = (
        rf"(?:{months})\.?\s+"
        rf"(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"  # October 11, 1999
        rf"|(?:de\s+|del\s+|of\s+)?\d{{4}})"  # March 2021, marzo de 2021
    )
    return f"(?:{starts_with_digit}|{starts_with_month})"


_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})(?:-(\d{2}))?\s*\.?\s*")
_ORDINAL = re.compile(r"(\d)(st|nd|rd|th)\b")
_LINKING_WORDS = re.compile(r"\b(de|del|of)\b")


def _valid(year: int, month: int | None, day: int | None) -> PartialDate | None:
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return PartialDate(year, month, day)


# The forms sources mostly write, read by one match: "October 11, 1999", "Sept. 3, 2020",
# "31 December 2005", "19 de enero de 2021", "March 2021", "marzo de 2021", "2012".
# Everything else (and a word here that is not a month) takes the general reading.
_COMMON_DATE = re.compile(
    r"\s*(?:(?P<month>[A-Za-z]+)\.?\s+(?:(?P<day>\d{1,2}),?\s+|(?:de\s+|del\s+|of\s+)?)"
    r"|(?P<day_first>\d{1,2})\s+(?:de\s+|of\s+)?(?P<month_after>[A-Za-z]+)\.?,?\s+"
    r"(?:de\s+|del\s+)?)?(?P<year>\d{4})\s*\.?\s*"
)


@lru_cache(maxsize=65536)
def parse_date(text: str, default_year: int | None = None) -> PartialDate | None:
    """Parse one date to its precision, or None when the text is not a date.

    ``default_year`` completes dates written without a year ("January 19", "August"),
    as bulletin entries are, from the edition they appear in.
    """
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
    return _parse_words(text, default_year)


def _parse_words(text: str, default_year: int | None = None) -> PartialDate | None:
    """parse_date for any form: the words are numbers (a day, a year) and at most one
    month, in any order, with linking words (de, del, of) and ordinals ignored."""
    iso = _ISO_DATE.fullmatch(text or "")
    if iso:
        return _valid(int(iso[1]), int(iso[2]), int(iso[3]) if iso[3] else None)
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
    """An ISO partial date ("2021-08", "2014-10-30", "2012") in words, localised by Babel."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        # CLDR's month-and-year pattern for the language: "August 2021", "agosto de 2021".
        return format_skeleton("yMMMM", dt.date(parts[0], parts[1], 1), locale=lang)
    return format_date(dt.date(*parts), "long", locale=lang)
