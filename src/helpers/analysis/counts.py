"""Counting agreements and interactions by federal entity, theme, level and time.

Everything here is a pure function of the processed tables (``agreements.csv`` and
``interactions.csv`` as docs/data_dictionary.md describes them) and of the report's
filter: a partner country and a period. The same numbers therefore feed the tables
people cite, the figures and the notebook's text, and tests can check each count on
small invented frames. Reading files is left to the caller, except the census population
(helpers.analysis.population), which is reference data with its own provenance. Which
events a report counts is helpers.analysis.selection's; an agreement's standing on a date,
helpers.analysis.standing's.

Counting rules, chosen so that a number means one thing everywhere:

* rows flagged ``is_duplicate`` are exact repeats of a row already counted, so they are
  left out;
* an agreement is one event; an interaction is one event, counted once for each of its
  themes in the theme tables, but once only in every other table;
* an agreement's empty theme is the bucket ``none-stated``, never dropped and never
  guessed; an interaction with no theme goes to the same bucket;
* an interaction whose place could not be resolved has no entity: it counts in the
  theme, level and overview tables (as level ``unresolved``), never in an entity's row;
* the period filter takes agreements by the year they were signed and interactions by
  the year of their date (their bulletin's month when the date is missing).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from helpers.analysis.population import counts_per_million, load_population
from helpers.analysis.selection import (
    filter_agreements,
    interaction_years,
    select_events,
    signed_years,
    split_codes,
    year_of,
)
from helpers.analysis.standing import agreements_status_on
from helpers.core.outputs import write_csv
from helpers.reference.entities import load_entities
from helpers.reference.themes import theme_keys
from helpers.tables.counts import COUNTS_FILES, counts_schemas
from helpers.tables.fields import LEVELS, NONE_STATED, UNRESOLVED


def counts_by_entity(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    partner_country: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
    entities: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Agreements, interactions and their total for every one of the 32 entities.

    Entities with nothing are kept with zeros, so "12 of 32 entities" can be read off the
    table. Municipal events count for the entity the municipality belongs to. Sorted by
    total, then agreements (descending), then entity code.
    """
    agreements, interactions = select_events(
        agreements, interactions, partner_country, start_year, end_year
    )
    entities = load_entities() if entities is None else entities
    codes = entities["entity_code"].tolist()
    for name, table in (("agreements", agreements), ("interactions", interactions)):
        unknown = sorted(set(table["entity_code"]) - set(codes) - {""})
        if unknown:
            raise ValueError(f"{name} name unknown entity code(s) {unknown}; expected INEGI codes")
    table = entities[["entity_code", "entity"]].copy()
    table["agreements"] = table["entity_code"].map(agreements["entity_code"].value_counts())
    table["interactions"] = table["entity_code"].map(interactions["entity_code"].value_counts())
    table[["agreements", "interactions"]] = (
        table[["agreements", "interactions"]].fillna(0).astype("int64")
    )
    table["total"] = table["agreements"] + table["interactions"]
    return table.sort_values(
        ["total", "agreements", "entity_code"], ascending=[False, False, True]
    ).reset_index(drop=True)


def agreement_theme(theme: str) -> str:
    """An agreement's theme key, or the none-stated bucket."""
    return theme.strip() or NONE_STATED


def interaction_themes(themes: str) -> list[str]:
    """An interaction's distinct theme keys, or the none-stated bucket."""
    return split_codes(themes) or [NONE_STATED]


def _theme_rows(agreements: pd.DataFrame, interactions: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, theme): agreements once, interactions once per theme."""
    rows = [
        {"entity_code": a.entity_code, "theme": agreement_theme(a.theme), "kind": "agreements"}
        for a in agreements.itertuples()
    ] + [
        {"entity_code": i.entity_code, "theme": theme, "kind": "interactions"}
        for i in interactions.itertuples()
        for theme in interaction_themes(i.themes)
    ]
    return pd.DataFrame(rows, columns=["entity_code", "theme", "kind"])


def _theme_order(found: set[str]) -> list[str]:
    """Vocabulary order, then unknown keys alphabetically, the none-stated bucket last."""
    vocabulary = theme_keys()
    unknown = sorted(found - set(vocabulary) - {NONE_STATED})
    return [*vocabulary, *unknown, NONE_STATED]


def counts_by_theme(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    partner_country: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """Agreements and interactions per theme; an interaction counts once for each theme.

    Every vocabulary key is listed (zero included, so an absent theme is visibly absent),
    plus the none-stated bucket. ``total`` therefore adds up to more than the number of
    events when interactions have several themes. Sorted by total, then vocabulary order.
    """
    agreements, interactions = select_events(
        agreements, interactions, partner_country, start_year, end_year
    )
    rows = _theme_rows(agreements, interactions)
    order = _theme_order(set(rows["theme"]))
    table = (
        pd.crosstab(rows["theme"], rows["kind"])
        .reindex(index=order, columns=["agreements", "interactions"], fill_value=0)
        .fillna(0)
        .astype("int64")
        .rename_axis(index="theme", columns=None)
        .reset_index()
    )
    table["total"] = table["agreements"] + table["interactions"]
    table["_order"] = range(len(table))
    return (
        table.sort_values(["total", "_order"], ascending=[False, True])
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def counts_entity_theme(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    partner_country: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
    entities: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Agreements and interactions per (entity, theme), only the pairs that occur.

    Interactions count once per theme, as in counts_by_theme; unresolved places are left
    out (they have no entity). Sorted by entity code, then theme in vocabulary order.
    """
    agreements, interactions = select_events(
        agreements, interactions, partner_country, start_year, end_year
    )
    rows = _theme_rows(agreements, interactions)
    rows = rows[rows["entity_code"] != ""]
    columns = ["entity_code", "entity", "theme", "agreements", "interactions", "total"]
    if rows.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype="int64" if c in columns[3:] else str) for c in columns}
        )
    table = (
        rows.groupby(["entity_code", "theme", "kind"])
        .size()
        .unstack("kind")
        .reindex(columns=["agreements", "interactions"])
        .fillna(0)
        .astype("int64")
        .reset_index()
    )
    table.columns.name = None
    entities = load_entities() if entities is None else entities
    table = table.merge(
        entities[["entity_code", "entity"]], on="entity_code", how="left", validate="m:1"
    )
    table["total"] = table["agreements"] + table["interactions"]
    rank = {key: position for position, key in enumerate(_theme_order(set(table["theme"])))}
    table["_order"] = table["theme"].map(rank)
    return (
        table.sort_values(["entity_code", "_order"])
        .drop(columns="_order")[columns]
        .reset_index(drop=True)
    )


def event_level(level: str) -> str:
    """state or municipal as recorded; an empty level means the place was not resolved."""
    return level.strip() or UNRESOLVED


def counts_by_level(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    partner_country: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """Agreements and interactions by government level (state, municipal[, unresolved]).

    The ``unresolved`` row appears only when some interaction's place was not resolved.
    """
    agreements, interactions = select_events(
        agreements, interactions, partner_country, start_year, end_year
    )
    table = pd.DataFrame(
        {
            "agreements": agreements["level"].map(event_level).value_counts(),
            "interactions": interactions["level"].map(event_level).value_counts(),
        }
    )
    found = [level for level in table.index if level not in (*LEVELS, UNRESOLVED)]
    order = [*LEVELS, *sorted(found)] + ([UNRESOLVED] if UNRESOLVED in table.index else [])
    table = table.reindex(order).fillna(0).astype("int64").rename_axis("level").reset_index()
    table["total"] = table["agreements"] + table["interactions"]
    return table


def agreements_by_year(
    agreements: pd.DataFrame,
    partner_country: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """Agreements per year signed, every year from the first to the last (zeros included)."""
    agreements = filter_agreements(agreements, partner_country, start_year, end_year)
    years = signed_years(agreements).dropna().astype(int)
    if years.empty:
        return pd.DataFrame(
            {"year": pd.Series(dtype="int64"), "agreements": pd.Series(dtype="int64")}
        )
    span = range(years.min(), years.max() + 1)
    counts = years.value_counts().reindex(span, fill_value=0)
    return pd.DataFrame({"year": list(span), "agreements": counts.to_numpy().astype("int64")})


def agreements_by_decade(
    agreements: pd.DataFrame,
    partner_country: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """Agreements per decade signed (1980 = 1980–1989), every decade in the span."""
    by_year = agreements_by_year(agreements, partner_country, start_year, end_year)
    if by_year.empty:
        return pd.DataFrame(
            {"decade": pd.Series(dtype="int64"), "agreements": pd.Series(dtype="int64")}
        )
    decades = by_year.assign(decade=by_year["year"] // 10 * 10)
    table = decades.groupby("decade", as_index=False)["agreements"].sum()
    return table.astype({"decade": "int64", "agreements": "int64"})


def overview(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    partner_country: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
    entities: pd.DataFrame | None = None,
) -> dict:
    """The headline numbers of a selection, for text and for counts_overview.csv.

    Year spans are those of the events found (None when there are none), not the filter's.
    """
    agreements, interactions = select_events(
        agreements, interactions, partner_country, start_year, end_year
    )
    by_entity = counts_by_entity(agreements, interactions, entities=entities)
    signed = signed_years(agreements).dropna()
    happened = interaction_years(interactions).dropna()
    bulletins = interactions["bulletin_month"].map(year_of).dropna()
    return {
        "partner_country": partner_country,
        "start_year": start_year,
        "end_year": end_year,
        "events": len(agreements) + len(interactions),
        "agreements": len(agreements),
        "interactions": len(interactions),
        "entities_with_activity": int((by_entity["total"] > 0).sum()),
        "entities_total": len(by_entity),
        "interactions_unresolved": int((interactions["entity_code"] == "").sum()),
        "first_signed": int(signed.min()) if len(signed) else None,
        "last_signed": int(signed.max()) if len(signed) else None,
        "first_interaction": int(happened.min()) if len(happened) else None,
        "last_interaction": int(happened.max()) if len(happened) else None,
        "first_bulletin": int(bulletins.min()) if len(bulletins) else None,
        "last_bulletin": int(bulletins.max()) if len(bulletins) else None,
    }


def period_effect(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    partner_country: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
) -> dict:
    """What the period filter does to a partner's events: how many it leaves out, and the
    first and last year on record (so a report can say "all years on record, 1987–2030"
    instead of repeating a wide filter such as 1900–2100).
    """
    whole = overview(agreements, interactions, partner_country)
    kept = overview(agreements, interactions, partner_country, start_year, end_year)
    years = [
        whole[key]
        for key in ("first_signed", "last_signed", "first_interaction", "last_interaction")
        if whole[key] is not None
    ]
    return {
        "excluded": whole["events"] - kept["events"],
        "first_year": min(years) if years else None,
        "last_year": max(years) if years else None,
    }


def count_tables(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    *,
    reference_date: str | dt.date,
    partner_country: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
    population: pd.DataFrame | None = None,
    entities: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Every counts table of a selection, keyed as COUNTS_FILES.

    ``population`` None reads the census table; the per-million table is left out only
    when an empty frame is passed (a caller with no census at hand).
    """
    agreements, interactions = select_events(
        agreements, interactions, partner_country, start_year, end_year
    )
    by_entity = counts_by_entity(agreements, interactions, entities=entities)
    population = load_population() if population is None else population
    tables = {
        "by_entity": by_entity,
        "by_theme": counts_by_theme(agreements, interactions),
        "entity_theme": counts_entity_theme(agreements, interactions, entities=entities),
        "by_level": counts_by_level(agreements, interactions),
        "by_year": agreements_by_year(agreements),
        "by_decade": agreements_by_decade(agreements),
        "status": agreements_status_on(agreements, reference_date),
        "overview": pd.DataFrame(
            [
                {
                    **overview(agreements, interactions, entities=entities),
                    "partner_country": partner_country,
                    "start_year": start_year,
                    "end_year": end_year,
                    "reference_date": str(reference_date),
                }
            ]
        ),
    }
    if not population.empty:
        tables["per_million"] = counts_per_million(by_entity, population)
    return tables


def write_count_tables(tables: dict[str, pd.DataFrame], output_dir: Path | str) -> dict[str, Path]:
    """Validate the tables against their schemas, then write them under their COUNTS_FILES
    names (atomically); returns the paths."""
    unknown = sorted(set(tables) - set(COUNTS_FILES))
    if unknown:
        raise ValueError(f"no file name for table(s) {unknown}; known: {', '.join(COUNTS_FILES)}")
    schemas = counts_schemas()
    return {
        key: write_csv(
            schemas[key].validate(table, lazy=True), Path(output_dir) / COUNTS_FILES[key]
        )
        for key, table in tables.items()
    }
