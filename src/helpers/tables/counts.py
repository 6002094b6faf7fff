"""The counts tables' contracts: their files, their columns and the rules tying them.

The counts (helpers.analysis.counts) are computed from the clean tables; what they may
hold is declared here from the fields of helpers.tables.fields, beside the clean tables,
so that the data dictionary and every validation read the same declaration (and the
analysis imports it, never the other way round). They are validated with coercion: a
column of years is whole numbers however pandas held it, so what is written is what the
schema describes.
"""

from __future__ import annotations

from helpers.core.lazy import lazy_module
from helpers.reference.themes import MULTI_THEMATIC, theme_keys
from helpers.tables.checks import ISO_DAY, table_rule
from helpers.tables.fields import (
    LEVELS,
    NONE_STATED,
    UNRESOLVED,
    Table,
    count,
    one_of,
    pattern,
    text,
)

pa = lazy_module("pandera.pandas")  # imported on the first validation (helpers.core.lazy)

_EVENTS = ("agreements", "interactions", "total")
_ENTITY = ("entity_code", "entity")
_COUNTED_THEME = text(
    f"Theme vocabulary key; {MULTI_THEMATIC} for an agreement on several, {NONE_STATED} "
    "when the source states none",
    one_of(lambda: [*theme_keys(), MULTI_THEMATIC, NONE_STATED]),
)


def _total_is_the_sum() -> list:
    return [
        table_rule(
            lambda df: df["total"] == df["agreements"] + df["interactions"],
            "total must be agreements + interactions",
        )
    ]


def _events_are_the_sum() -> list:
    return [
        table_rule(
            lambda df: df["events"] == df["agreements"] + df["interactions"],
            "events must be agreements + interactions",
        )
    ]


def _counts(name: str, columns: tuple[str, ...], **options) -> Table:
    """A counts table: written as <name>.csv, validated with coercion."""
    return Table(name, (f"{name}.csv",), columns, coerce=True, **options)


COUNTS_TABLES: dict[str, Table] = {
    "by_entity": _counts(
        "counts_by_entity",
        (*_ENTITY, *_EVENTS),
        rules=_total_is_the_sum,
        unique=("entity_code",),
    ),
    "by_theme": _counts(
        "counts_by_theme",
        ("theme", *_EVENTS),
        variants={"theme": _COUNTED_THEME},
        rules=_total_is_the_sum,
        unique=("theme",),
    ),
    "entity_theme": _counts(
        "counts_entity_theme",
        (*_ENTITY, "theme", *_EVENTS),
        variants={"theme": _COUNTED_THEME},
        rules=_total_is_the_sum,
        unique=("entity_code", "theme"),
    ),
    "by_level": _counts(
        "counts_by_level",
        ("level", *_EVENTS),
        variants={
            "level": text(
                f"Government level; {UNRESOLVED} for interactions whose place is unknown",
                one_of(lambda: [*LEVELS, UNRESOLVED]),
            )
        },
        rules=_total_is_the_sum,
        unique=("level",),
    ),
    "by_year": _counts(
        "agreements_by_year",
        ("year", "agreements"),
        variants={"agreements": count("Agreements signed that year")},
        unique=("year",),
    ),
    "by_decade": _counts(
        "agreements_by_decade",
        ("decade", "agreements"),
        variants={"agreements": count("Agreements signed in the decade")},
        unique=("decade",),
    ),
    "per_million": _counts(
        "counts_per_million",
        (
            *_ENTITY,
            *_EVENTS,
            "population_2020",
            "agreements_per_million",
            "interactions_per_million",
            "total_per_million",
        ),
        rules=_total_is_the_sum,
        unique=("entity_code",),
    ),
    "status": _counts(
        "agreements_status",
        (
            "agreement_id",
            *_ENTITY,
            "signed_on",
            "validity",
            "valid_until",
            "status",
            "reference_date",
        ),
        variants={"agreement_id": text("Id of the agreement (agreements.csv)")},
        unique=("agreement_id",),
    ),
    "overview": _counts(
        "counts_overview",
        (
            "partner_country",
            "start_year",
            "end_year",
            "events",
            "agreements",
            "interactions",
            "entities_with_activity",
            "entities_total",
            "interactions_unresolved",
            "first_signed",
            "last_signed",
            "first_interaction",
            "last_interaction",
            "first_bulletin",
            "last_bulletin",
            "reference_date",
        ),
        variants={
            "partner_country": text(
                "ISO alpha-2 code of the partner country selected; empty for all"
            ),
            "agreements": count("Agreements selected"),
            "interactions": count("Interactions selected"),
            "reference_date": text("Date agreements in force are counted on", pattern(ISO_DAY)),
        },
        rules=_events_are_the_sum,
    ),
}
"""Every counts table by key: the first three are the published contract, the others extra."""
COUNTS_FILES = {key: table.files[0] for key, table in COUNTS_TABLES.items()}
"""File name of each counts table."""


def counts_schemas() -> dict[str, pa.DataFrameSchema]:
    """The schema of every counts table, keyed as COUNTS_FILES."""
    return {key: table.schema() for key, table in COUNTS_TABLES.items()}
