"""Which events a report counts: the clean tables filtered by partner country and period.

Rows flagged ``is_duplicate`` are exact repeats of a row already counted, so they are
left out. The period filter takes agreements by the year they were signed and
interactions by the year of their date (their bulletin's month when the date is
missing). A table missing a column the counts read is an error that names it.
"""

from __future__ import annotations

import pandas as pd

from helpers.tables.checks import LIST_SEPARATOR
from helpers.tables.schemas import AGREEMENTS, INTERACTIONS

# The columns the counts read (the clean tables have more).
AGREEMENT_COLUMNS = AGREEMENTS.select(
    "agreement_id",
    "entity_code",
    "entity",
    "level",
    "municipality",
    "partner_country",
    "theme",
    "signed_on",
    "valid_until",
    "validity",
)


INTERACTION_COLUMNS = INTERACTIONS.select(
    "interaction_id",
    "bulletin_month",
    "date",
    "entity_code",
    "entity",
    "level",
    "municipality",
    "municipality_code",
    "partner_countries",
    "themes",
)


def _require(frame: pd.DataFrame, columns: tuple[str, ...], name: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(
            f"{name} table lacks column(s) {', '.join(missing)}; "
            f"expected at least {', '.join(columns)} (docs/data_dictionary.md)"
        )


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text, missing as "": tables may come from CSV or be built in memory."""
    return frame.astype(object).where(frame.notna(), "").astype(str)


def _drop_duplicates(frame: pd.DataFrame) -> pd.DataFrame:
    if "is_duplicate" not in frame.columns:
        return frame
    flagged = frame["is_duplicate"].astype(str).str.strip().str.lower().isin(["true", "1"])
    return frame[~flagged]


def split_codes(value: str) -> list[str]:
    """A joined field (partner_countries, themes) as its distinct values, in order."""
    seen: list[str] = []
    for part in str(value or "").split(LIST_SEPARATOR):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen


def year_of(value: str) -> int | None:
    text = str(value or "").strip()
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


def _in_period(years: pd.Series, start_year: int | None, end_year: int | None) -> pd.Series:
    keep = [
        (start_year is None or (y is not None and y >= start_year))
        and (end_year is None or (y is not None and y <= end_year))
        for y in years
    ]
    return pd.Series(keep, index=years.index, dtype=bool)


def filter_agreements(
    agreements: pd.DataFrame,
    partner_country: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """The agreements a report counts: not duplicates, with the partner, signed in the period.

    ``partner_country`` "" keeps every partner; a year limit left as None is open.
    """
    _require(agreements, AGREEMENT_COLUMNS, "agreements")
    table = _drop_duplicates(_as_text(agreements))
    if partner_country:
        table = table[table["partner_country"] == partner_country]
    table = table[_in_period(signed_years(table), start_year, end_year)]
    return table.reset_index(drop=True)


def interaction_years(interactions: pd.DataFrame) -> pd.Series:
    """The year each interaction happened (its date's, else its bulletin's), on the index."""
    return pd.Series(
        [
            year_of(d) or year_of(m)
            for d, m in zip(interactions["date"], interactions["bulletin_month"], strict=True)
        ],
        index=interactions.index,
        dtype=object,
    )


def signed_years(agreements: pd.DataFrame) -> pd.Series:
    """The year each agreement was signed (None when undated), on the table's index."""
    return pd.Series(
        [year_of(v) for v in agreements["signed_on"]], index=agreements.index, dtype=object
    )


def filter_interactions(
    interactions: pd.DataFrame,
    partner_country: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """The interactions a report counts: not duplicates, naming the partner, in the period.

    An interaction may name several partner countries; it is kept when one of them is
    the partner. One that names none (an international organisation) is kept only when
    every partner is asked for (``partner_country`` "").
    """
    _require(interactions, INTERACTION_COLUMNS, "interactions")
    table = _drop_duplicates(_as_text(interactions))
    if partner_country:
        names_partner = [partner_country in split_codes(v) for v in table["partner_countries"]]
        table = table[pd.Series(names_partner, index=table.index, dtype=bool)]
    table = table[_in_period(interaction_years(table), start_year, end_year)]
    return table.reset_index(drop=True)


def select_events(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    partner_country: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both tables through the report's filter (see filter_agreements, filter_interactions)."""
    return (
        filter_agreements(agreements, partner_country, start_year, end_year),
        filter_interactions(interactions, partner_country, start_year, end_year),
    )


def empty_interactions() -> pd.DataFrame:
    """An interactions table with no rows, for a report run before the bulletins are cleaned."""
    return pd.DataFrame({column: pd.Series(dtype=str) for column in INTERACTION_COLUMNS})
