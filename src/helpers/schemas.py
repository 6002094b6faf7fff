"""One pandera schema per processed table, declared once and validated at each boundary.

The schemas are the data contracts of DESIGN.md in code: column types, allowed values,
unique ids, INEGI codes that exist, dates written to their stated precision. The data
dictionary shipped with the reports is generated from them.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pycountry

from helpers.entities import load_entities, load_municipalities
from helpers.themes import theme_keys

ISO_PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_PRECISION_LENGTH = {"year": 4, "month": 7, "day": 10}


def _entity_codes() -> list[str]:
    return load_entities()["entity_code"].tolist()


def _is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code) is not None


def _text(description: str, **kwargs) -> pa.Column:
    return pa.Column(str, description=description, **kwargs)


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
                checks=pa.Check.str_matches(r"^[A-Z]{2}-\d{2}-\d{4,8}-[0-9a-f]{6}(-dup\d+)?$"),
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
                checks=pa.Check.str_matches(r"^(\d{5})?$"),
            ),
            "mexican_party": _text("Mexican party, canonical name"),
            "foreign_party": _text("Foreign party, canonical name"),
            "partner_country": _text(
                "ISO 3166-1 alpha-2 code of the partner country",
                checks=pa.Check(
                    lambda s: s.map(_is_country),
                    element_wise=False,
                    error="not an ISO 3166-1 alpha-2 code",
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
                checks=pa.Check.str_matches(ISO_PARTIAL_DATE),
            ),
            "signed_precision": _text(
                "Precision of signed_on", checks=pa.Check.isin(list(_PRECISION_LENGTH))
            ),
            "valid_until": _text(
                "End of validity, ISO date, or empty",
                checks=pa.Check.str_matches(r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"),
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
            pa.Check(
                lambda df: _precision_matches(df, "signed_on", "signed_precision"),
                error="signed_on is not written to its signed_precision",
            ),
            pa.Check(
                lambda df: (df["valid_until"] != "") == (df["validity"] == "fixed-term"),
                error="valid_until must be given exactly when validity is fixed-term",
            ),
            pa.Check(
                lambda df: (
                    (df["municipality_code"] == "")
                    | (df["municipality_code"].str[:2] == df["entity_code"])
                ),
                error="municipality_code does not belong to entity_code",
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
