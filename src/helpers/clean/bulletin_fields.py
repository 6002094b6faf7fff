"""One bulletin entry's fields read by general rules: its date, its place, its partner
countries, its id.

A date is kept to the precision its text states, its year taken from the edition when the
text gives none; a place resolves to INEGI codes or stays unresolved with its reason; a
country is named in English or Spanish, short or official. The id is made of the entry's
own words, so that reordering or adding entries keeps every id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache

from helpers.clean.bulletin_entries import RAW_COLUMNS
from helpers.clean.log import (
    CleaningLog,
    RowRejected,
)
from helpers.core.text import squeeze_spaces, strip_html_debris
from helpers.reference.countries import find_countries
from helpers.reference.dates import PartialDate, parse_date
from helpers.reference.entities import HOME_COUNTRY, entity_record
from helpers.reference.places import resolve_place

_BULLETIN_MONTH_EXPECTED = "expected the edition's month as YYYY-MM, such as 2024-05"


_ENTRY_PRECISIONS = ("day", "month")


_MONTHS_PER_YEAR = 12


PLACE_COLUMNS = ["entity_code", "entity", "level", "municipality", "municipality_code"]


def read_bulletin_month(text: str) -> str:
    """The edition as YYYY-MM, from "2024-05" or a month written out ("May 2024", "mayo de 2024").

    The only required field: an entry without its edition cannot be dated, so it is
    rejected with a reason naming what was expected.
    """
    if not text:
        raise RowRejected(f"no bulletin_month ({_BULLETIN_MONTH_EXPECTED})")
    parsed = parse_date(text)
    if parsed is None or parsed.precision != "month":
        raise RowRejected(f"bulletin_month '{text}' is not a month ({_BULLETIN_MONTH_EXPECTED})")
    return parsed.iso


def _months_between(earlier: PartialDate, later: PartialDate) -> int:
    return (later.year - earlier.year) * _MONTHS_PER_YEAR + (later.month - earlier.month)


def _is_calendar_date(year: int, month: int, day: int | None) -> bool:
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return False
    return True


def nearest_year(partial: PartialDate, edition: PartialDate) -> PartialDate:
    """A date written without its year, placed in the year nearest to the edition.

    Bulletins date entries "March 3" or "May": the year is the edition's, except
    across New Year, where the nearer year is meant ("December 28" in a January edition is
    the December before it). Ties go to the edition's year.
    """
    candidates = [
        PartialDate(year, partial.month, partial.day)
        for year in (edition.year, edition.year - 1, edition.year + 1)
        if _is_calendar_date(year, partial.month, partial.day)
    ]
    return min(candidates, key=lambda date: abs(_months_between(edition, date)))


@lru_cache(maxsize=65536)
def interaction_date(date_text: str, bulletin_month: str) -> tuple[PartialDate, str, str]:
    """The date of an entry to its precision, where it came from, and the rule applied.

    Returns (date, date_from, rule): date_from is "date_text" or "bulletin_month"; rule is
    empty when the text stated the date whole, else the name of the inference for the log:

    * ``year_from_bulletin_month`` / ``year_nearest_bulletin_month``: a day or month
      without its year ("March 3", "3 de marzo") takes the edition's year, or the adjacent
      one across New Year (see nearest_year);
    * ``date_from_bulletin_month``: no date_text, the edition's month stands for it;
    * ``date_text_not_a_day_or_month``: a text that is no date, or a year alone, is not
      precise enough for an entry: the edition's month stands for it, the text is kept in
      the date_text column.

    Cached: entries of one edition repeat the same few dates.
    """
    year, month = (int(part) for part in bulletin_month.split("-"))
    edition = PartialDate(year, month)
    if not date_text:
        return edition, "bulletin_month", "date_from_bulletin_month"
    stated = parse_date(date_text)
    if stated is not None and stated.precision in _ENTRY_PRECISIONS:
        return stated, "date_text", ""
    yearless = parse_date(date_text, default_year=year) if stated is None else None
    if yearless is not None and yearless.precision in _ENTRY_PRECISIONS:
        placed = nearest_year(yearless, edition)
        rule = "year_from_bulletin_month" if placed.year == year else "year_nearest_bulletin_month"
        return placed, "date_text", rule
    return edition, "bulletin_month", "date_text_not_a_day_or_month"


def place_fields(place_text: str) -> dict:
    """Entity and municipality columns of a place as written; empty with the reason if unresolved.

    Besides the columns, ``municipality_unresolved_reason`` is set when only the entity
    could be named although the text names something within it, and ``place_rule`` names
    how a municipality was found when not in full (for the log; neither is a column).
    """
    return dict(cached_place_fields(place_text))


@lru_cache(maxsize=65536)
def cached_place_fields(place_text: str) -> dict:
    """place_fields, cached: bulletins name the same places again and again. The dict is
    shared by every caller: read it, never change it (place_fields gives a copy)."""
    place = resolve_place(place_text)
    entity = entity_record(place.entity_code)["entity"] if place.is_resolved else ""
    return {
        "entity_code": place.entity_code,
        "entity": entity,
        "level": place.level,
        "municipality": place.municipality,
        "municipality_code": place.municipality_code,
        "place_unresolved_reason": place.reason if not place.is_resolved else "",
        "municipality_unresolved_reason": place.municipality_reason,
        "place_rule": place.rule,
    }


def partner_countries(country_text: str) -> tuple[list[str], list[str], bool]:
    """(ISO alpha-2 codes, parts naming no country, whether Mexico was named and dropped).

    Regions and international organisations ("Europe", "UNESCO") name no country: they
    give no code and are returned as unknown parts for the log.
    """
    codes, unknown, named_home = _partner_countries(country_text)
    return list(codes), list(unknown), named_home


@lru_cache(maxsize=65536)
def _partner_countries(country_text: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """partner_countries, cached: the same few countries are named in entry after entry."""
    codes, unknown = find_countries(country_text)
    return tuple(c for c in codes if c != HOME_COUNTRY), tuple(unknown), HOME_COUNTRY in codes


def interaction_id(entry: dict) -> str:
    """An id that depends on the entry's content only, never on its row number.

    Reordering or adding raw rows keeps every id. The content is every raw field as
    tidied (bulletin_month normalised), so two entries share an id exactly when they are
    exact repeats; "2024-05-3f2a9c8b1d".
    """
    content = "\x1f".join(entry[column] for column in RAW_COLUMNS)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:10]
    return f"{entry['bulletin_month']}-{digest}"


def tidy_entry(raw: dict, log: CleaningLog) -> dict:
    """Every raw field without HTML debris (text copied from a web bulletin), and with runs
    of white space and control characters squeezed."""
    tidy = {}
    for column in RAW_COLUMNS:
        value = raw[column]
        without_tags, tidied = _tidy_value(value)
        if without_tags != value:
            log.repair(
                raw["source_row"], raw["raw_line"], "strip_html_debris", column, value, without_tags
            )
        if tidied != without_tags:
            log.repair(
                raw["source_row"], raw["raw_line"], "tidy_whitespace", column, without_tags, tidied
            )
        tidy[column] = tidied
    return tidy


@lru_cache(maxsize=65536)
def _tidy_value(value: str) -> tuple[str, str]:
    """(without HTML tags, and with white space squeezed too): cached, cells repeat."""
    without_tags = strip_html_debris(value)
    return without_tags, squeeze_spaces(without_tags)
