"""One pandera schema per processed table, declared once and validated at each boundary.

The schemas are the data contracts of DESIGN.md in code: column types, allowed values,
unique ids, INEGI codes that exist, dates written to their stated precision. The data
dictionary shipped with the reports is generated from them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import pandas as pd
import pandera.pandas as pa
import pycountry

from helpers.entities import load_entities, load_municipalities
from helpers.themes import theme_keys

ISO_PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_PRECISION_LENGTH = {"year": 4, "month": 7, "day": 10}


def _entity_codes() -> list[str]:
    return load_entities()["entity_code"].tolist()


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code (a set: checking a column is one vectorised isin)."""
    return frozenset(country.alpha_2 for country in pycountry.countries)


def _is_country(code: str) -> bool:
    return code in _country_codes()


def _each_distinct(test: Callable[[str], bool]) -> Callable[[pd.Series], pd.Series]:
    """A column check that tests each distinct value once: dates, codes and lists repeat
    across a large table, and a test per cell would cost a Python call per row."""

    def check(column: pd.Series) -> pd.Series:
        distinct = column.unique().tolist()  # a list: indexing the array per value is slow
        return column.isin([value for value in distinct if isinstance(value, str) and test(value)])

    return check


def _matches(pattern: str) -> pa.Check:
    """pandera's str_matches (same name, same pattern in the data dictionary), testing each
    distinct value once."""
    compiled = re.compile(pattern)
    return pa.Check(
        _each_distinct(lambda value: compiled.match(value) is not None),
        name="str_matches",
        error=f"str_matches('{pattern}')",
        statistics={"pattern": pattern},
    )


def _text(description: str, **kwargs) -> pa.Column:
    return pa.Column(str, description=description, **kwargs)


def _rule(check: Callable[[pd.DataFrame], pd.Series], error: str) -> pa.Check:
    """A rule across a table's columns, with the error that states it.

    The columns may never be missing, so no row is let off for a missing value
    (ignore_na=False); this also spares pandera a pass over the whole table per rule.
    """
    return pa.Check(check, ignore_na=False, error=error)


def _precision_matches(frame: pd.DataFrame, value: str, precision: str) -> pd.Series:
    lengths = frame[value].str.len()
    return lengths == frame[precision].map(_PRECISION_LENGTH)


def agreements_schema() -> pa.DataFrameSchema:
    """The clean agreements table (data/processed/agreements.csv)."""
    return pa.DataFrameSchema(
        {
            "agreement_id": _text(
                "Stable id: partner, entity code, signing date, content hash",
                unique=True,
                checks=_matches(r"^[A-Z]{2}-\d{2}-\d{4,8}-[0-9a-f]{6}(-dup\d+)?$"),
            ),
            "source_row": pa.Column(
                int, pa.Check.ge(1), description="1-based row of the raw table body"
            ),
            "entity_code": _text(
                "INEGI CVE_ENT, two digits", checks=pa.Check.isin(_entity_codes())
            ),
            "entity": _text("Common Spanish name of the federal entity"),
            "level": _text(
                "Government level of the Mexican party",
                checks=pa.Check.isin(["state", "municipal"]),
            ),
            "municipality": _text("Municipality, for municipal agreements"),
            "municipality_code": _text(
                "INEGI five-digit municipality code, or empty",
                checks=_matches(r"^(\d{5})?$"),
            ),
            "mexican_party": _text("Mexican party, canonical name"),
            "foreign_party": _text("Foreign party, canonical name"),
            "partner_country": _text(
                "ISO 3166-1 alpha-2 code of the partner country",
                checks=pa.Check(
                    lambda s: s.isin(_country_codes()),
                    element_wise=False,
                    error="must be an ISO 3166-1 alpha-2 code",
                ),
            ),
            "title": _text("Description of the agreement as the registry gives it"),
            "subject": _text("Subject as written in the source"),
            "theme": _text(
                "Theme vocabulary key; empty when the source states none",
                checks=pa.Check.isin(["", *theme_keys()]),
            ),
            "signed_on": _text(
                "Date signed, ISO 8601 to its precision",
                checks=_matches(ISO_PARTIAL_DATE),
            ),
            "signed_precision": _text(
                "Precision of signed_on", checks=pa.Check.isin(list(_PRECISION_LENGTH))
            ),
            "valid_until": _text(
                "End of validity, ISO date, or empty",
                checks=_matches(r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"),
            ),
            "validity": _text(
                "fixed-term, indefinite or unspecified",
                checks=pa.Check.isin(["fixed-term", "indefinite", "unspecified"]),
            ),
            "reported_status": _text(
                "Status as reported next to the end date (completed, finished)"
            ),
            "raw_line": pa.Column(int, pa.Check.ge(1), description="Line of the raw file"),
            "is_duplicate": pa.Column(bool, description="An exact repeat of an earlier row"),
        },
        checks=[
            _rule(
                lambda df: _precision_matches(df, "signed_on", "signed_precision"),
                "signed_on must be written to its signed_precision",
            ),
            _rule(
                lambda df: (df["valid_until"] != "") == (df["validity"] == "fixed-term"),
                "valid_until must be given exactly when validity is fixed-term",
            ),
            _rule(
                lambda df: (
                    (df["municipality_code"] == "")
                    | (df["municipality_code"].str[:2] == df["entity_code"])
                ),
                "municipality_code must belong to entity_code",
            ),
        ],
        strict=True,
        ordered=True,
        coerce=False,
        name="agreements",
    )


def validate_agreements(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate the agreements table; all failures are reported at once."""
    return agreements_schema().validate(frame, lazy=True)


def municipality_codes() -> set[str]:
    """Every INEGI municipality code, for checking interactions."""
    return set(load_municipalities()["municipality_code"])


BULLETIN_MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
ENTRY_DATE = r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$"
_LIST_SEPARATOR = ";"


def _entity_names() -> dict[str, str]:
    entities = load_entities()
    return dict(zip(entities["entity_code"], entities["entity"], strict=True))


def _joined_codes_are(valid: Callable[[str], bool]) -> Callable[[pd.Series], pd.Series]:
    """A column check: each cell empty or codes joined by ';', each accepted by ``valid``."""
    return _each_distinct(
        lambda cell: cell == "" or all(valid(code) for code in cell.split(_LIST_SEPARATOR))
    )


def interactions_schema() -> pa.DataFrameSchema:
    """The clean interactions table (data/processed/interactions.csv).

    An entry whose place could not be resolved keeps its row with every entity column
    empty: the rules below allow that and nothing in between (a level without an entity,
    a municipality of another state).
    """
    municipalities = municipality_codes()
    themes = set(theme_keys())
    entity_names = _entity_names()
    return pa.DataFrameSchema(
        {
            "interaction_id": _text(
                "Stable id: bulletin month and a hash of the entry's content",
                unique=True,
                checks=_matches(r"^\d{4}-\d{2}-[0-9a-f]{10}(-dup\d+)?$"),
            ),
            "source_row": pa.Column(
                int,
                pa.Check.ge(1),
                description="1-based data row of the raw file (header excluded)",
            ),
            "bulletin_month": _text(
                "Edition of the bulletin, YYYY-MM", checks=_matches(BULLETIN_MONTH)
            ),
            "date": _text(
                "Date of the interaction, ISO 8601 to its precision",
                checks=_matches(ENTRY_DATE),
            ),
            "date_precision": _text("Precision of date", checks=pa.Check.isin(["day", "month"])),
            "entity_code": _text(
                "INEGI CVE_ENT, two digits; empty when the place is unresolved",
                checks=pa.Check.isin(["", *_entity_codes()]),
            ),
            "entity": _text("Common Spanish name of the federal entity; empty when unresolved"),
            "level": _text(
                "state or municipal; empty when the place is unresolved",
                checks=pa.Check.isin(["state", "municipal", ""]),
            ),
            "municipality": _text("Municipality (INEGI name), for municipal actors"),
            "municipality_code": _text(
                "INEGI five-digit municipality code, or empty",
                checks=pa.Check(
                    lambda s: (s == "") | s.isin(municipalities),
                    element_wise=False,
                    error="must be an INEGI municipality code or empty",
                ),
            ),
            "partner_countries": _text(
                "ISO 3166-1 alpha-2 codes joined by ';'; empty for organisations and regions",
                checks=pa.Check(
                    _joined_codes_are(_is_country),
                    element_wise=False,
                    error="must be ISO 3166-1 alpha-2 codes joined by ';', or empty",
                ),
            ),
            "themes": _text(
                "Theme vocabulary keys joined by ';'; empty when the source states none",
                checks=pa.Check(
                    _joined_codes_are(themes.__contains__),
                    element_wise=False,
                    error="must be theme vocabulary keys joined by ';', or empty",
                ),
            ),
            "actor": _text("Mexican actor as the bulletin names it"),
            "counterpart": _text("Foreign counterpart as the bulletin names it"),
            "summary": _text("Short evidence quote from the source"),
            "source": _text("Citation as the source gives it"),
            "date_text": _text("Date as written in the entry"),
            "date_from": _text(
                "Where date comes from: the entry's date_text or the bulletin month",
                checks=pa.Check.isin(["date_text", "bulletin_month"]),
            ),
            "place_text": _text("Place as written in the entry"),
            "place_unresolved_reason": _text("Why the place was not resolved; empty when it was"),
            "country_text": _text("Countries as written in the entry"),
            "theme_text": _text("Subject as written in the entry"),
            "raw_line": pa.Column(
                int, pa.Check.ge(1), description="First line of the entry in the raw file"
            ),
            "is_duplicate": pa.Column(bool, description="An exact repeat of an earlier entry"),
        },
        checks=[
            _rule(
                lambda df: _precision_matches(df, "date", "date_precision"),
                "date must be written to its date_precision",
            ),
            _rule(
                lambda df: (
                    (df["date_from"] != "bulletin_month") | (df["date"] == df["bulletin_month"])
                ),
                "a date taken from the bulletin month must equal bulletin_month",
            ),
            _rule(
                lambda df: (
                    ((df["entity_code"] == "") == (df["level"] == ""))
                    & ((df["entity_code"] == "") == (df["entity"] == ""))
                ),
                "level and entity must be empty exactly when entity_code is empty",
            ),
            _rule(
                lambda df: df["entity"] == df["entity_code"].map(entity_names).fillna(""),
                "entity must be the common name of entity_code",
            ),
            _rule(
                lambda df: (df["entity_code"] == "") == (df["place_unresolved_reason"] != ""),
                "place_unresolved_reason must be given exactly when entity_code is empty",
            ),
            _rule(
                lambda df: (
                    (df["municipality_code"] == "")
                    | (df["municipality_code"].str[:2] == df["entity_code"])
                ),
                "municipality_code must belong to entity_code",
            ),
            _rule(
                lambda df: (df["level"] == "municipal") == (df["municipality_code"] != ""),
                "level must be municipal exactly when municipality_code is given",
            ),
            _rule(
                lambda df: (df["municipality"] == "") == (df["municipality_code"] == ""),
                "municipality and municipality_code must be given together",
            ),
        ],
        strict=True,
        ordered=True,
        coerce=False,
        name="interactions",
    )


def validate_interactions(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate the interactions table; all failures are reported at once."""
    return interactions_schema().validate(frame, lazy=True)
