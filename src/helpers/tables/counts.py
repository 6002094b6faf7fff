"""The counts tables' contracts: their files, their columns and the rules tying them.

The counts (helpers.analysis.counts) are computed from the clean tables; what they may
hold is declared here, beside the clean tables' schemas, so that the data dictionary and
every validation read the same declaration (and the analysis imports it, never the
other way round).
"""

from __future__ import annotations

from helpers.core.lazy import lazy_module
from helpers.reference.themes import MULTI_THEMATIC, theme_keys
from helpers.tables.schemas import (
    ISO_DAY,
    ISO_PARTIAL_DATE,
    ISO_PARTIAL_DATE_OR_EMPTY,
    VALIDITIES,
    entity_codes,
    matches,
    table_rule,
    text_column,
)

pa = lazy_module("pandera.pandas")  # imported on the first validation (helpers.core.lazy)

NONE_STATED = "none-stated"
"""The theme bucket of events whose source states no theme (agreement theme "")."""
UNRESOLVED = "unresolved"
"""The level of interactions whose place could not be resolved to an entity."""
LEVELS = ("state", "municipal")
STATUSES = ("active", "expired", "unspecified", "not-yet-signed")
"""An agreement's standing on a reference date; only ``active`` counts as in force."""

COUNTS_FILES = {
    "by_entity": "counts_by_entity.csv",
    "by_theme": "counts_by_theme.csv",
    "entity_theme": "counts_entity_theme.csv",
    "by_level": "counts_by_level.csv",
    "by_year": "agreements_by_year.csv",
    "by_decade": "agreements_by_decade.csv",
    "per_million": "counts_per_million.csv",
    "status": "agreements_status.csv",
    "overview": "counts_overview.csv",
}
"""File name of each table: the first three are the published contract, the others are extra."""


# --- the counts tables' contracts -------------------------------------------------------------


def _count(description: str) -> pa.Column:
    return pa.Column(int, pa.Check.ge(0), description=description)


def _event_counts() -> dict[str, pa.Column]:
    return {
        "agreements": _count("Agreements (repeats left out)"),
        "interactions": _count("Interactions (repeats left out)"),
        "total": _count("agreements + interactions"),
    }


def _total_is_the_sum() -> pa.Check:
    return table_rule(
        lambda df: df["total"] == df["agreements"] + df["interactions"],
        "total must be agreements + interactions",
    )


def _entity_columns() -> dict[str, pa.Column]:
    return {
        "entity_code": text_column(
            "INEGI CVE_ENT, two digits", checks=pa.Check.isin(entity_codes())
        ),
        "entity": text_column("Common Spanish name of the federal entity"),
    }


def _theme_column() -> pa.Column:
    return text_column(
        f"Theme vocabulary key; {MULTI_THEMATIC} for an agreement on several, {NONE_STATED} "
        "when the source states none",
        checks=pa.Check.isin([*theme_keys(), MULTI_THEMATIC, NONE_STATED]),
    )


def _year_column(description: str, **kwargs) -> pa.Column:
    return pa.Column("Int64", pa.Check.in_range(1000, 9999), description=description, **kwargs)


def _table(name: str, columns: dict[str, pa.Column], *checks: pa.Check, unique=None):
    return pa.DataFrameSchema(
        columns,
        checks=list(checks),
        unique=unique,
        strict=True,
        ordered=True,
        coerce=True,
        name=name,
    )


def counts_schemas() -> dict[str, pa.DataFrameSchema]:
    """The schema of every counts table, keyed as COUNTS_FILES.

    Validation coerces (a column of years is whole numbers however pandas held it), so
    what is written is what the schema describes.
    """
    statuses = ", ".join(STATUSES)
    return {
        "by_entity": _table(
            "counts_by_entity",
            {**_entity_columns(), **_event_counts()},
            _total_is_the_sum(),
            unique=["entity_code"],
        ),
        "by_theme": _table(
            "counts_by_theme",
            {"theme": _theme_column(), **_event_counts()},
            _total_is_the_sum(),
            unique=["theme"],
        ),
        "entity_theme": _table(
            "counts_entity_theme",
            {**_entity_columns(), "theme": _theme_column(), **_event_counts()},
            _total_is_the_sum(),
            unique=["entity_code", "theme"],
        ),
        "by_level": _table(
            "counts_by_level",
            {
                "level": text_column(
                    f"Government level; {UNRESOLVED} for interactions whose place is unknown",
                    checks=pa.Check.isin([*LEVELS, UNRESOLVED]),
                ),
                **_event_counts(),
            },
            _total_is_the_sum(),
            unique=["level"],
        ),
        "by_year": _table(
            "agreements_by_year",
            {
                "year": _year_column("Year signed"),
                "agreements": _count("Agreements signed that year"),
            },
            unique=["year"],
        ),
        "by_decade": _table(
            "agreements_by_decade",
            {
                "decade": pa.Column(
                    "Int64",
                    pa.Check(lambda s: s % 10 == 0, error="must be a multiple of 10"),
                    description="First year of the decade (1980 for 1980–1989)",
                ),
                "agreements": _count("Agreements signed in the decade"),
            },
            unique=["decade"],
        ),
        "per_million": _table(
            "counts_per_million",
            {
                **_entity_columns(),
                **_event_counts(),
                "population_2020": pa.Column(
                    int, pa.Check.gt(0), description="Population, INEGI Census 2020"
                ),
                "agreements_per_million": pa.Column(
                    float, pa.Check.ge(0), description="Agreements per million inhabitants"
                ),
                "interactions_per_million": pa.Column(
                    float, pa.Check.ge(0), description="Interactions per million inhabitants"
                ),
                "total_per_million": pa.Column(
                    float, pa.Check.ge(0), description="Events per million inhabitants"
                ),
            },
            _total_is_the_sum(),
            unique=["entity_code"],
        ),
        "status": _table(
            "agreements_status",
            {
                "agreement_id": text_column("Id of the agreement (agreements.csv)"),
                **_entity_columns(),
                "signed_on": text_column(
                    "Date signed, ISO 8601 to its precision", checks=matches(ISO_PARTIAL_DATE)
                ),
                "validity": text_column(
                    "fixed-term, indefinite or unspecified",
                    checks=pa.Check.isin(VALIDITIES),
                ),
                "valid_until": text_column(
                    "End of validity, ISO date, or empty",
                    checks=matches(ISO_PARTIAL_DATE_OR_EMPTY),
                ),
                "status": text_column(
                    f"Standing on reference_date: {statuses}; only active is in force",
                    checks=pa.Check.isin(list(STATUSES)),
                ),
                "reference_date": text_column(
                    "Date the standing is taken on", checks=matches(ISO_DAY)
                ),
            },
            unique=["agreement_id"],
        ),
        "overview": _table(
            "counts_overview",
            {
                "partner_country": text_column(
                    "ISO alpha-2 code of the partner country selected; empty for all"
                ),
                "start_year": _year_column(
                    "First year of the filter; empty for none", nullable=True
                ),
                "end_year": _year_column("Last year of the filter; empty for none", nullable=True),
                "events": _count("agreements + interactions"),
                "agreements": _count("Agreements selected"),
                "interactions": _count("Interactions selected"),
                "entities_with_activity": _count("Entities with at least one event"),
                "entities_total": _count("Federal entities"),
                "interactions_unresolved": _count("Interactions whose place is unknown"),
                **{
                    f"{end}_{kind}": _year_column(
                        f"{'First' if end == 'first' else 'Last'} year {meaning}; empty when none",
                        nullable=True,
                    )
                    for kind, meaning in (
                        ("signed", "an agreement was signed"),
                        ("interaction", "of an interaction"),
                        ("bulletin", "of a bulletin edition"),
                    )
                    for end in ("first", "last")
                },
                "reference_date": text_column(
                    "Date agreements in force are counted on",
                    checks=matches(ISO_DAY),
                ),
            },
            table_rule(
                lambda df: df["events"] == df["agreements"] + df["interactions"],
                "events must be agreements + interactions",
            ),
        ),
    }
