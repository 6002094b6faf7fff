"""One pandera schema per table the cleaning writes, declared once, validated at each boundary.

The schemas are the project's data contracts in code (docs/data_dictionary.md is made
from them): column types, allowed values, unique ids, INEGI codes that exist, dates
written to their stated precision. The counts tables, made from these, have their
schemas beside the code that makes them (``counts.counts_schemas``), built from the same
parts. The data dictionary shipped with the reports is generated from all of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import compress

import pandas as pd
import pycountry

from helpers.core.lazy import lazy_module
from helpers.reference.entities import load_entities, load_municipalities
from helpers.reference.themes import theme_keys

pa = lazy_module("pandera.pandas")  # imported on the first validation (helpers.core.lazy)

ISO_PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
ISO_PARTIAL_DATE_OR_EMPTY = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"
ISO_DAY = r"^\d{4}-\d{2}-\d{2}$"
VALIDITIES = ["fixed-term", "indefinite", "unspecified"]
_PRECISION_LENGTH = {"year": 4, "month": 7, "day": 10}


def entity_codes() -> list[str]:
    """The 32 INEGI entity codes."""
    return load_entities()["entity_code"].tolist()


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code (a set: checking a column is one vectorised isin)."""
    return frozenset(country.alpha_2 for country in pycountry.countries)


def _is_country(code: str) -> bool:
    return code in _country_codes()


def _each_distinct(test: Callable[[str], object]) -> Callable[[pd.Series], pd.Series]:
    """A column check that tests each distinct text once (a value passes when ``test``
    returns something true): dates, codes and lists repeat across a large table, and a
    test per cell would cost a Python call per row."""

    def check(column: pd.Series) -> pd.Series:
        # The distinct values are tested by map and compress at C speed (ids are all
        # distinct, so this loop is as long as the table). A value that is not text, a
        # missing one included, fails the test; missing values then pass the check, as
        # they are the nullable check's to report.
        values = column.unique().tolist()
        try:
            passed = list(compress(values, map(test, values)))
        except (TypeError, AttributeError):  # a value that is not text
            passed = [value for value in values if isinstance(value, str) and test(value)]
        if len(passed) == len(values):
            return pd.Series(True, index=column.index)  # the usual case: no lookup per row
        return column.isin(passed) | column.isna()

    return check


def distinct_check(test: Callable[[str], object], **options) -> pa.Check:
    """A pandera column check made of ``test``, run on each distinct text (see
    _each_distinct). Missing values are let through by the check itself, which spares
    pandera a copy of the column without them (ignore_na=False)."""
    return pa.Check(_each_distinct(test), ignore_na=False, **options)


def matches(pattern: str) -> pa.Check:
    """pandera's str_matches (same name, same pattern in the data dictionary), testing each
    distinct value once."""
    compiled = re.compile(pattern)
    return distinct_check(
        compiled.match,
        name="str_matches",
        error=f"str_matches('{pattern}')",
        statistics={"pattern": pattern},
    )


def text_column(description: str, **kwargs) -> pa.Column:
    return pa.Column(str, description=description, **kwargs)


def table_rule(check: Callable[[pd.DataFrame], pd.Series], error: str) -> pa.Check:
    """A rule across a table's columns, with the error that states it.

    The columns may never be missing, so no row is let off for a missing value
    (ignore_na=False); this also spares pandera a pass over the whole table per rule.
    """
    return pa.Check(check, ignore_na=False, error=error)


def _per_distinct(column: pd.Series, function: Callable[[str], object]) -> pd.Series:
    """``function`` of each cell, computed once per distinct text (missing cells give NaN):
    a table repeats its dates and codes, and a Python call per cell is what costs."""
    texts = [value for value in column.unique().tolist() if isinstance(value, str)]
    return column.map(dict(zip(texts, map(function, texts), strict=True)))


def _precision_matches(frame: pd.DataFrame, value: str, precision: str) -> pd.Series:
    lengths = frame[value].str.len()  # dates are mostly distinct: no gain per distinct
    return lengths == frame[precision].map(_PRECISION_LENGTH)


def _municipality_in_entity(frame: pd.DataFrame) -> pd.Series:
    """No municipality code, or one whose first two digits are the row's entity code."""
    codes = frame["municipality_code"]
    return (codes == "") | (_per_distinct(codes, lambda code: code[:2]) == frame["entity_code"])


def agreements_schema() -> pa.DataFrameSchema:
    """The clean agreements table (data/processed/agreements.csv)."""
    return pa.DataFrameSchema(
        {
            "agreement_id": text_column(
                "Stable id: partner, entity code, signing date, content hash",
                unique=True,
                checks=matches(r"^[A-Z]{2}-\d{2}-\d{4,8}-[0-9a-f]{6}(-dup\d+)?$"),
            ),
            "source_row": pa.Column(
                int, pa.Check.ge(1), description="1-based row of the raw table body"
            ),
            "entity_code": text_column(
                "INEGI CVE_ENT, two digits", checks=pa.Check.isin(entity_codes())
            ),
            "entity": text_column("Common Spanish name of the federal entity"),
            "level": text_column(
                "Government level of the Mexican party",
                checks=pa.Check.isin(["state", "municipal"]),
            ),
            "municipality": text_column("Municipality, for municipal agreements"),
            "municipality_code": text_column(
                "INEGI five-digit municipality code, or empty",
                checks=matches(r"^(\d{5})?$"),
            ),
            "mexican_party": text_column("Mexican party, canonical name"),
            "foreign_party": text_column("Foreign party, canonical name"),
            "partner_country": text_column(
                "ISO 3166-1 alpha-2 code of the partner country",
                checks=pa.Check(
                    lambda s: s.isin(_country_codes()),
                    element_wise=False,
                    error="must be an ISO 3166-1 alpha-2 code",
                ),
            ),
            "title": text_column("Description of the agreement as the registry gives it"),
            "subject": text_column("Subject as written in the source"),
            "theme": text_column(
                "Theme vocabulary key; empty when the source states none",
                checks=pa.Check.isin(["", *theme_keys()]),
            ),
            "signed_on": text_column(
                "Date signed, ISO 8601 to its precision",
                checks=matches(ISO_PARTIAL_DATE),
            ),
            "signed_precision": text_column(
                "Precision of signed_on", checks=pa.Check.isin(list(_PRECISION_LENGTH))
            ),
            "valid_until": text_column(
                "End of validity, ISO date, or empty",
                checks=matches(ISO_PARTIAL_DATE_OR_EMPTY),
            ),
            "validity": text_column(
                "fixed-term, indefinite or unspecified",
                checks=pa.Check.isin(VALIDITIES),
            ),
            "reported_status": text_column(
                "Status as reported with the validity, in English (completed, finished, "
                "in force, expired), or as written when the word is unknown (flagged)"
            ),
            "raw_line": pa.Column(int, pa.Check.ge(1), description="Line of the raw file"),
            "is_duplicate": pa.Column(bool, description="An exact repeat of an earlier row"),
            "review": text_column(
                "Review flags of the row (rule names joined by ';', reasons in the "
                "cleaning log); empty when every field was read without doubt",
                checks=matches(r"^([a-z][a-z0-9_]*(;[a-z][a-z0-9_]*)*)?$"),
            ),
            "between": text_column(
                "The Between cell as the source gives it (quotes straightened), whole: the "
                "parties as written, before any split or canonical name; agreement_id is "
                "made from it"
            ),
        },
        checks=[
            table_rule(
                lambda df: _precision_matches(df, "signed_on", "signed_precision"),
                "signed_on must be written to its signed_precision",
            ),
            table_rule(
                lambda df: (df["valid_until"] != "") == (df["validity"] == "fixed-term"),
                "valid_until must be given exactly when validity is fixed-term",
            ),
            table_rule(_municipality_in_entity, "municipality_code must belong to entity_code"),
        ],
        strict=True,
        ordered=True,
        coerce=False,
        name="agreements",
    )


def _where_in_the_raw_file(row: str, line: str) -> dict[str, pa.Column]:
    """source_row (empty for a cell outside any row) and raw_line, as logs and rejects give them."""
    return {
        "source_row": pa.Column(
            "Int64",
            pa.Check.ge(1),
            nullable=True,
            description=f"{row}; empty for a cell outside any row",
        ),
        "raw_line": pa.Column("Int64", pa.Check.ge(1), description=line),
    }


def cleaning_log_schema() -> pa.DataFrameSchema:
    """Every repair a cleaning step made (<table>_cleaning_log.csv)."""
    return pa.DataFrameSchema(
        {
            **_where_in_the_raw_file(
                "Row of the raw table the repair belongs to", "Line of the raw file it was made on"
            ),
            "rule": text_column(
                "Name of the rule applied (strip_html_debris, year_from_bulletin_month, …)",
                checks=matches(r"^[a-z][a-z0-9_]*$"),
            ),
            "field": text_column("Column the repair changed"),
            "before": text_column("Value before the repair, as read"),
            "after": text_column("Value after the repair; empty when the value was dropped"),
            "review": text_column(
                "Why the row needs a reader's review (the rule read it with doubt: an "
                "ambiguous split, an unknown word); empty for a plain repair"
            ),
        },
        strict=True,
        ordered=True,
        coerce=True,
        name="cleaning_log",
    )


def rejects_schema() -> pa.DataFrameSchema:
    """Raw rows a cleaning step could not use, with the reason (<table>_rejects.csv)."""
    return pa.DataFrameSchema(
        {
            **_where_in_the_raw_file("Row of the raw table", "First line in the raw file"),
            "raw_text": text_column("The raw row exactly as read"),
            "reason": text_column(
                "Why the row was rejected and what was expected",
                checks=pa.Check.str_length(min_value=1),
            ),
        },
        strict=True,
        ordered=True,
        coerce=True,
        name="rejects",
    )


def validate_cleaning_outputs(
    log: pd.DataFrame, rejects: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validate a cleaning step's log and rejects (as they will be written)."""
    return cleaning_log_schema().validate(log, lazy=True), rejects_schema().validate(
        rejects, lazy=True
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


def _joined_codes_are(valid: Callable[[str], bool]) -> Callable[[str], bool]:
    """Whether a cell is empty or codes joined by ';', each accepted by ``valid``."""
    return lambda cell: cell == "" or all(valid(code) for code in cell.split(_LIST_SEPARATOR))


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
            "interaction_id": text_column(
                "Stable id: bulletin month and a hash of the entry's content",
                unique=True,
                checks=matches(r"^\d{4}-\d{2}-[0-9a-f]{10}(-dup\d+)?$"),
            ),
            "source_row": pa.Column(
                int,
                pa.Check.ge(1),
                description="1-based data row of the raw file (header excluded)",
            ),
            "bulletin_month": text_column(
                "Edition of the bulletin, YYYY-MM", checks=matches(BULLETIN_MONTH)
            ),
            "date": text_column(
                "Date of the interaction, ISO 8601 to its precision",
                checks=matches(ENTRY_DATE),
            ),
            "date_precision": text_column(
                "Precision of date", checks=pa.Check.isin(["day", "month"])
            ),
            "entity_code": text_column(
                "INEGI CVE_ENT, two digits; empty when the place is unresolved",
                checks=pa.Check.isin(["", *entity_codes()]),
            ),
            "entity": text_column(
                "Common Spanish name of the federal entity; empty when unresolved"
            ),
            "level": text_column(
                "state or municipal; empty when the place is unresolved",
                checks=pa.Check.isin(["state", "municipal", ""]),
            ),
            "municipality": text_column("Municipality (INEGI name), for municipal actors"),
            "municipality_code": text_column(
                "INEGI five-digit municipality code, or empty",
                checks=pa.Check(
                    lambda s: (s == "") | s.isin(municipalities),
                    element_wise=False,
                    error="must be an INEGI municipality code or empty",
                ),
            ),
            "partner_countries": text_column(
                "ISO 3166-1 alpha-2 codes joined by ';'; empty for organisations and regions",
                checks=distinct_check(
                    _joined_codes_are(_is_country),
                    error="must be ISO 3166-1 alpha-2 codes joined by ';', or empty",
                ),
            ),
            "themes": text_column(
                "Theme vocabulary keys joined by ';'; empty when the source states none",
                checks=distinct_check(
                    _joined_codes_are(themes.__contains__),
                    error="must be theme vocabulary keys joined by ';', or empty",
                ),
            ),
            "actor": text_column("Mexican actor as the bulletin names it"),
            "counterpart": text_column("Foreign counterpart as the bulletin names it"),
            "summary": text_column("Short evidence quote from the source"),
            "source": text_column("Citation as the source gives it"),
            "date_text": text_column("Date as written in the entry"),
            "date_from": text_column(
                "Where date comes from: the entry's date_text or the bulletin month",
                checks=pa.Check.isin(["date_text", "bulletin_month"]),
            ),
            "place_text": text_column("Place as written in the entry"),
            "place_unresolved_reason": text_column(
                "Why the place was not resolved; empty when it was"
            ),
            "country_text": text_column("Countries as written in the entry"),
            "theme_text": text_column("Subject as written in the entry"),
            "raw_line": pa.Column(
                int, pa.Check.ge(1), description="First line of the entry in the raw file"
            ),
            "is_duplicate": pa.Column(bool, description="An exact repeat of an earlier entry"),
        },
        checks=[
            table_rule(
                lambda df: _precision_matches(df, "date", "date_precision"),
                "date must be written to its date_precision",
            ),
            table_rule(
                lambda df: (
                    (df["date_from"] != "bulletin_month") | (df["date"] == df["bulletin_month"])
                ),
                "a date taken from the bulletin month must equal bulletin_month",
            ),
            table_rule(
                lambda df: (
                    ((df["entity_code"] == "") == (df["level"] == ""))
                    & ((df["entity_code"] == "") == (df["entity"] == ""))
                ),
                "level and entity must be empty exactly when entity_code is empty",
            ),
            table_rule(
                lambda df: df["entity"] == df["entity_code"].map(entity_names).fillna(""),
                "entity must be the common name of entity_code",
            ),
            table_rule(
                lambda df: (df["entity_code"] == "") == (df["place_unresolved_reason"] != ""),
                "place_unresolved_reason must be given exactly when entity_code is empty",
            ),
            table_rule(_municipality_in_entity, "municipality_code must belong to entity_code"),
            table_rule(
                lambda df: (df["level"] == "municipal") == (df["municipality_code"] != ""),
                "level must be municipal exactly when municipality_code is given",
            ),
            table_rule(
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
