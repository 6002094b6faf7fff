"""The clean tables the cleaning writes, declared from their fields, validated at each boundary.

The tables are the project's data contracts in code (docs/data_dictionary.md is made
from them): each is a list of fields of helpers.tables.fields (types, allowed values,
unique ids, INEGI codes that exist) and the rules that tie its columns together (dates
written to their stated precision, a municipality inside its entity). The counts tables
are declared the same way in helpers.tables.counts.
"""

from __future__ import annotations

import pandas as pd

from helpers.core.lazy import lazy_module
from helpers.tables.checks import (
    entity_codes,
    entity_names,
    municipality_in_entity,
    precision_matches,
    table_rule,
)
from helpers.tables.fields import Field, Table, line_number, one_of, text

pa = lazy_module("pandera.pandas")  # imported on the first validation (helpers.core.lazy)


def _agreement_rules() -> list:
    return [
        table_rule(
            lambda df: precision_matches(df, "signed_on", "signed_precision"),
            "signed_on must be written to its signed_precision",
        ),
        table_rule(
            lambda df: (df["valid_until"] != "") == (df["validity"] == "fixed-term"),
            "valid_until must be given exactly when validity is fixed-term",
        ),
        table_rule(municipality_in_entity, "municipality_code must belong to entity_code"),
    ]


AGREEMENTS = Table(
    name="agreements",
    files=("agreements.csv",),
    columns=(
        "agreement_id",
        "source_row",
        "entity_code",
        "entity",
        "level",
        "municipality",
        "municipality_code",
        "mexican_party",
        "foreign_party",
        "partner_country",
        "title",
        "subject",
        "theme",
        "signed_on",
        "signed_precision",
        "valid_until",
        "validity",
        "reported_status",
        "raw_line",
        "is_duplicate",
        "review",
        "between",
    ),
    rules=_agreement_rules,
)


def _interaction_rules() -> list:
    names = entity_names()
    return [
        table_rule(
            lambda df: precision_matches(df, "date", "date_precision"),
            "date must be written to its date_precision",
        ),
        table_rule(
            lambda df: (df["date_from"] != "bulletin_month") | (df["date"] == df["bulletin_month"]),
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
            lambda df: df["entity"] == df["entity_code"].map(names).fillna(""),
            "entity must be the common name of entity_code",
        ),
        table_rule(
            lambda df: (df["entity_code"] == "") == (df["place_unresolved_reason"] != ""),
            "place_unresolved_reason must be given exactly when entity_code is empty",
        ),
        table_rule(municipality_in_entity, "municipality_code must belong to entity_code"),
        table_rule(
            lambda df: (df["level"] == "municipal") == (df["municipality_code"] != ""),
            "level must be municipal exactly when municipality_code is given",
        ),
        table_rule(
            lambda df: (df["municipality"] == "") == (df["municipality_code"] == ""),
            "municipality and municipality_code must be given together",
        ),
    ]


# An entry whose place could not be resolved keeps its row with every entity column
# empty: the variants and rules allow that and nothing in between (a level without an
# entity, a municipality of another state).
INTERACTIONS = Table(
    name="interactions",
    files=("interactions.csv",),
    # The published columns first, then what lets a reader check each value against the
    # words it came from.
    columns=(
        "interaction_id",
        "source_row",
        "bulletin_month",
        "date",
        "date_precision",
        "entity_code",
        "entity",
        "level",
        "municipality",
        "municipality_code",
        "partner_countries",
        "themes",
        "actor",
        "counterpart",
        "summary",
        "source",
        "date_text",
        "date_from",
        "place_text",
        "place_unresolved_reason",
        "country_text",
        "theme_text",
        "raw_line",
        "is_duplicate",
    ),
    variants={
        "source_row": line_number("1-based data row of the raw file (header excluded)"),
        "entity_code": text(
            "INEGI CVE_ENT, two digits; empty when the place is unresolved",
            one_of(lambda: ["", *entity_codes()]),
        ),
        "entity": text("Common Spanish name of the federal entity; empty when unresolved"),
        "level": text(
            "state or municipal; empty when the place is unresolved",
            one_of(lambda: ["state", "municipal", ""]),
        ),
        "municipality": text("Municipality (INEGI name), for municipal actors"),
        "raw_line": line_number("First line of the entry in the raw file"),
        "is_duplicate": Field("An exact repeat of an earlier entry", bool),
    },
    rules=_interaction_rules,
)


def _where_in_the_raw_file(row: str, line: str) -> dict[str, Field]:
    """source_row (empty for a cell outside any row) and raw_line, as logs and rejects give them."""
    return {
        "source_row": line_number(
            f"{row}; empty for a cell outside any row", dtype="Int64", nullable=True
        ),
        "raw_line": line_number(line, dtype="Int64"),
    }


CLEANING_LOG = Table(
    name="cleaning_log",
    files=("agreements_cleaning_log.csv", "interactions_cleaning_log.csv"),
    columns=("source_row", "raw_line", "rule", "field", "before", "after", "review"),
    variants={
        **_where_in_the_raw_file(
            "Row of the raw table the repair belongs to", "Line of the raw file it was made on"
        ),
        "review": text(
            "Why the row needs a reader's review (the rule read it with doubt: an "
            "ambiguous split, an unknown word); empty for a plain repair"
        ),
    },
    coerce=True,
)

REJECTS = Table(
    name="rejects",
    files=("agreements_rejects.csv", "interactions_rejects.csv"),
    columns=("source_row", "raw_line", "raw_text", "reason"),
    variants=_where_in_the_raw_file("Row of the raw table", "First line in the raw file"),
    coerce=True,
)

CLEAN_TABLES = (AGREEMENTS, INTERACTIONS, REJECTS, CLEANING_LOG)
"""What the cleaning writes, in the order the data dictionary lists them."""
AGREEMENT_COLUMNS = list(AGREEMENTS.columns)
INTERACTION_COLUMNS = list(INTERACTIONS.columns)
LOG_COLUMNS = list(CLEANING_LOG.columns)
REJECT_COLUMNS = list(REJECTS.columns)


def agreements_schema() -> pa.DataFrameSchema:
    """The clean agreements table (data/processed/agreements.csv)."""
    return AGREEMENTS.schema()


def interactions_schema() -> pa.DataFrameSchema:
    """The clean interactions table (data/processed/interactions.csv)."""
    return INTERACTIONS.schema()


def cleaning_log_schema() -> pa.DataFrameSchema:
    """Every repair a cleaning step made (<table>_cleaning_log.csv)."""
    return CLEANING_LOG.schema()


def rejects_schema() -> pa.DataFrameSchema:
    """Raw rows a cleaning step could not use, with the reason (<table>_rejects.csv)."""
    return REJECTS.schema()


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


def validate_interactions(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate the interactions table; all failures are reported at once."""
    return interactions_schema().validate(frame, lazy=True)
