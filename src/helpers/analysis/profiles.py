"""One federal entity's part of the data: its agreements, interactions and rank.

The profile report (notebook 04) is made for every entity with recorded activity; these
functions select that entity's rows from the cleaned tables (through the same filters
the counts use) and place it among the others, with ties said as ties.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.analysis.counts import counts_by_entity
from helpers.analysis.selection import select_events


@dataclass(frozen=True)
class Rank:
    """Where an entity stands by total events: 1 + entities with strictly more."""

    rank: int
    tied_with: int  # other entities with the same total
    entities_with_activity: int
    entities: int
    total: int


def entity_events(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    entity_code: str,
    partner_country: str = "",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The entity's agreements and interactions (municipal ones included), filtered as counted."""
    agreements, interactions = select_events(agreements, interactions, partner_country)
    return (
        agreements[agreements["entity_code"] == entity_code].reset_index(drop=True),
        interactions[interactions["entity_code"] == entity_code].reset_index(drop=True),
    )


def entity_rank(by_entity: pd.DataFrame, entity_code: str) -> Rank:
    """The entity's rank among all entities by total events (competition ranking)."""
    totals = by_entity.set_index("entity_code")["total"]
    if entity_code not in totals.index:
        raise KeyError(f"entity code {entity_code!r} is not in the counts table")
    total = int(totals[entity_code])
    return Rank(
        rank=1 + int((totals > total).sum()),
        tied_with=int((totals == total).sum()) - 1,
        entities_with_activity=int((totals > 0).sum()),
        entities=len(totals),
        total=total,
    )


def rank_of(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    entity_code: str,
    partner_country: str = "",
) -> Rank:
    """entity_rank over the counts of the same selection."""
    return entity_rank(counts_by_entity(agreements, interactions, partner_country), entity_code)
