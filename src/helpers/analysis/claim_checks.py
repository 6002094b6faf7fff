"""The general checks a published claim names: pure functions of the clean tables.

Each check takes the agreements and the interactions a claim speaks of (scoped_events:
its years, its sources) and the report's language, and returns a ClaimCheck: the
verdict, the evidence in words, the numbers behind it, and any caveat. A check is
general, its arguments read from the claims file (helpers.analysis.claims_file), so
that another article needs another claims file, not another branch of code. The checks
stand apart from the reading of the claims files and from the choice of the claims a
report checks (helpers.analysis.claims), so that each can be read and tested on small
tables of its own.

A claim that compares two periods says, in its verdict, when the periods draw on
different sources (one period only agreements, the other only bulletin entries): the
rise it measures may then be the sources' difference rather than the agenda's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.analysis.counts import agreement_theme, interaction_themes
from helpers.analysis.selection import interaction_years, signed_years
from helpers.analysis.standing import period_start
from helpers.core.text import normalise_key
from helpers.reference.entities import resolve_entity_name
from helpers.reference.institutions import lookup_institution
from helpers.tables.fields import LEVELS
from helpers.words.labels import (
    date_text,
    entity_text,
    list_text,
    percent_text,
    text,
    theme_text,
    year_span,
)


@dataclass(frozen=True)
class ClaimCheck:
    """A claim's verdict, the evidence in words, the numbers behind it, and any caveat."""

    supported: bool
    evidence: str
    values: dict = field(default_factory=dict)
    caveat: str = ""


@dataclass(frozen=True)
class ClaimScope:
    """What a claim speaks of: one partner country, a span of years, some sources."""

    partner_country: str
    first_year: int
    last_year: int
    sources: tuple[str, ...]

    def covered_by(self, partner_country: str, start_year: int | None, end_year: int | None):
        """Whether a report's selection includes everything the claim speaks of."""
        return (
            partner_country == self.partner_country
            and (start_year is None or start_year <= self.first_year)
            and (end_year is None or end_year >= self.last_year)
        )


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _years_between(years: pd.Series, first: int, last: int) -> pd.Series:
    keep = [y is not None and first <= y <= last for y in years]
    return pd.Series(keep, index=years.index, dtype=bool)


def _events_between(
    agreements: pd.DataFrame, interactions: pd.DataFrame, first: int, last: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The agreements signed and the interactions held from ``first`` to ``last``."""
    return (
        agreements[_years_between(signed_years(agreements), first, last)],
        interactions[_years_between(interaction_years(interactions), first, last)],
    )


def scoped_events(
    scope: ClaimScope, agreements: pd.DataFrame, interactions: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The events a claim speaks of: within its years, from its sources only (a source
    outside the scope is passed as an empty table with the same columns)."""
    agreements, interactions = _events_between(
        agreements, interactions, scope.first_year, scope.last_year
    )
    if "agreements" not in scope.sources:
        agreements = agreements.iloc[0:0]
    if "bulletins" not in scope.sources:
        interactions = interactions.iloc[0:0]
    return agreements, interactions


# --- the checks ------------------------------------------------------------------------------


def check_level_share_above(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    lang: str = "en",
    *,
    level: str,
    threshold: float,
) -> ClaimCheck:
    """Supported when the share of events with a Mexican actor at ``level`` exceeds
    ``threshold``, among the events whose level is known (an unresolved place has none)."""
    a_levels = agreements["level"].str.strip()
    i_levels = interactions["level"].str.strip()
    values = {
        "level": level,
        "threshold": threshold,
        "agreements": int(a_levels.isin(LEVELS).sum()),
        "interactions": int(i_levels.isin(LEVELS).sum()),
        "agreements_level": int((a_levels == level).sum()),
        "interactions_level": int((i_levels == level).sum()),
    }
    values["count"] = values["agreements_level"] + values["interactions_level"]
    values["resolved"] = values["agreements"] + values["interactions"]
    values["share"] = _share(values["count"], values["resolved"])
    evidence = text(
        "claim.level-share.evidence",
        lang,
        **{
            **values,
            "level": text(f"claim.level.{level}", lang),
            "share": percent_text(values["share"], lang),
            "threshold": percent_text(threshold, lang),
        },
    )
    return ClaimCheck(values["resolved"] > 0 and values["share"] > threshold, evidence, values)


def _municipal_actors(frame: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(entity code, municipality key) -> municipality name, for municipal rows."""
    rows = frame[frame["level"].str.strip() == "municipal"]
    return {
        (row.entity_code, normalise_key(row.municipality)): row.municipality
        for row in rows.itertuples()
    }


def entity_code_of(entity: str) -> str:
    """The INEGI code of the federal entity a claim names (any of its names), or an error."""
    code = resolve_entity_name(entity)
    if code is None:
        raise ValueError(f"claim names {entity!r}, which is not a Mexican federal entity")
    return code


def check_only_municipal_actor(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    lang: str = "en",
    *,
    municipality: str,
    entity: str,
    year: int,
) -> ClaimCheck:
    """Supported when the year's municipal events all come from that one municipality."""
    entity_code = entity_code_of(entity)
    in_year = _events_between(agreements, interactions, year, year)
    actors = {**_municipal_actors(in_year[0]), **_municipal_actors(in_year[1])}
    municipal = sum((frame["level"].str.strip() == "municipal").sum() for frame in in_year)
    names = [f"{name} ({entity_text(code, lang)})" for (code, _), name in sorted(actors.items())]
    values = {
        "events": sum(len(frame) for frame in in_year),
        "municipal": int(municipal),
        "actors": names,
        "year": year,
    }
    supported = set(actors) == {(entity_code, normalise_key(municipality))}
    evidence = text(
        "claim.only-municipal.evidence",
        lang,
        **{**values, "actors": list_text(names, lang)},
    )
    return ClaimCheck(supported, evidence, values)


def same_institution(claimed: str, recorded: str, country: str) -> bool:
    """Whether a claim's party is the party a clean row records, never by a part of a name.

    When the institutions table knows the claim's name (in any language, under any of its
    variants), the two must be the same institution: a city's government is not the
    government of the region named after the city, though one name contains the other.
    A name the table does not know must be the recorded name, accents and case aside.
    """
    canonical = lookup_institution(claimed, country)
    if canonical is not None:
        return canonical in (recorded, lookup_institution(recorded, country))
    return normalise_key(claimed) == normalise_key(recorded)


def check_oldest_agreement(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    lang: str = "en",
    *,
    entity: str,
    foreign_party: str,
    year: int,
) -> ClaimCheck:
    """Supported when one agreement is the oldest and it is that entity's, with that
    party, signed that year.

    Agreements signed on the same earliest date (to their precision) are all "the
    oldest": the statement then names one of several and is not supported.
    """
    entity_code = entity_code_of(entity)
    dated = agreements[agreements["signed_on"].str.strip() != ""]
    values = {"agreements": len(agreements), "oldest": []}
    if dated.empty:
        found = text("no_events", lang)
        return ClaimCheck(
            False, text("claim.oldest-agreement.evidence", lang, agreements=0, found=found), values
        )
    starts = dated["signed_on"].map(period_start)
    oldest = dated[starts == starts.min()]
    values["oldest"] = oldest["agreement_id"].tolist()
    found = list_text(
        [
            text(
                "claim.oldest-agreement.one",
                lang,
                entity=entity_text(row.entity_code, lang),
                foreign_party=row.foreign_party,
                date=date_text(row.signed_on, lang),
            )
            for row in oldest.itertuples()
        ],
        lang,
    )
    row = oldest.iloc[0]
    supported = (
        len(oldest) == 1
        and row["entity_code"] == entity_code
        and row["signed_on"][:4] == str(year)
        and same_institution(foreign_party, row["foreign_party"], row["partner_country"])
    )
    evidence = text(
        "claim.oldest-agreement.evidence", lang, agreements=len(agreements), found=found
    )
    return ClaimCheck(supported, evidence, values)


def _theme_counts(agreements: pd.DataFrame, interactions: pd.DataFrame) -> tuple[dict, dict]:
    by_agreement = agreements["theme"].map(agreement_theme).value_counts().to_dict()
    by_interaction: dict[str, int] = {}
    for themes in interactions["themes"]:
        for theme in interaction_themes(themes):
            by_interaction[theme] = by_interaction.get(theme, 0) + 1
    return by_agreement, by_interaction


def check_agreement_themes_cover(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    lang: str = "en",
    *,
    themes: tuple[str, ...],
) -> ClaimCheck:
    """Supported when every named theme is the theme of at least one agreement.

    The statement is about the agreements, so it is set against the agreements' themes;
    when the claim's scope includes interactions, theirs are shown beside for comparison.
    """
    themes = tuple(themes)
    by_agreement, by_interaction = _theme_counts(agreements, interactions)
    values = {
        "agreements": len(agreements),
        "named": {theme: int(by_agreement.get(theme, 0)) for theme in themes},
        "named_interactions": {theme: int(by_interaction.get(theme, 0)) for theme in themes},
    }
    if by_agreement:
        top, top_count = sorted(by_agreement.items(), key=lambda item: (-item[1], item[0]))[0]
    else:
        top, top_count = "", 0
    values.update(top=top, top_count=int(top_count))

    def listed(counts: dict) -> str:
        return list_text([f"{theme_text(t, lang)} {n}" for t, n in counts.items()], lang)

    evidence = text(
        "claim.themes-cover.evidence",
        lang,
        named=listed(values["named"]),
        agreements=values["agreements"],
        top=theme_text(top, lang) if top else text("no_events", lang),
        top_count=top_count,
    )
    if len(interactions):
        evidence += " " + text(
            "claim.themes-cover.interactions",
            lang,
            named_interactions=listed(values["named_interactions"]),
        )
    supported = bool(themes) and all(n > 0 for n in values["named"].values())
    return ClaimCheck(supported, evidence, values)


def _has_theme(agreements: pd.DataFrame, interactions: pd.DataFrame, theme: str) -> int:
    """Events with the theme: an agreement by its theme, an interaction by any of its own."""
    return sum(agreement_theme(value) == theme for value in agreements["theme"]) + sum(
        theme in interaction_themes(value) for value in interactions["themes"]
    )


def period_sources(agreements: pd.DataFrame, interactions: pd.DataFrame) -> dict[str, tuple]:
    """Which sources a period's events come from: source -> (first year, last year, events).

    Read from the data, not from the claim: a period the claim meant to draw on both
    sources may hold only one of them.
    """
    found = {}
    for source, years in (
        ("agreements", signed_years(agreements)),
        ("bulletins", interaction_years(interactions)),
    ):
        known = [y for y in years if y is not None]
        if known:
            found[source] = (min(known), max(known), len(known))
    return found


def sources_caveat(earlier: dict[str, tuple], later: dict[str, tuple], lang: str = "en") -> str:
    """A caveat when two compared periods draw on different sources, else ""."""
    if not earlier or not later or set(earlier) == set(later):
        return ""

    def described(sources: dict[str, tuple]) -> str:
        return list_text(
            [
                text(f"claim.source.{source}", lang, years=year_span(first, last, lang))
                for source, (first, last, _) in sorted(sources.items())
            ],
            lang,
        )

    return text("claim.caveat.sources", lang, earlier=described(earlier), later=described(later))


def check_theme_share_rises(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    lang: str = "en",
    *,
    theme: str,
    earlier: tuple[int, int],
    later: tuple[int, int],
) -> ClaimCheck:
    """Supported when the theme's share of the later period's events exceeds its share
    of the earlier period's.

    With no events in either period there is nothing to compare: not supported, and the
    evidence says so through its zero counts. When the two periods draw on different
    sources, the verdict carries a caveat naming them (sources_caveat).
    """
    (first_before, last_before), (first_after, last_after) = earlier, later
    before = _events_between(agreements, interactions, first_before, last_before)
    after = _events_between(agreements, interactions, first_after, last_after)
    values = {
        "later": _has_theme(*after, theme),
        "events_later": sum(len(frame) for frame in after),
        "earlier": _has_theme(*before, theme),
        "events_earlier": sum(len(frame) for frame in before),
        "sources_earlier": period_sources(*before),
        "sources_later": period_sources(*after),
    }
    values["share_later"] = _share(values["later"], values["events_later"])
    values["share_earlier"] = _share(values["earlier"], values["events_earlier"])
    supported = (
        values["events_later"] > 0
        and values["events_earlier"] > 0
        and values["share_later"] > values["share_earlier"]
    )
    evidence = text(
        "claim.theme-share.evidence",
        lang,
        theme=theme_text(theme, lang),
        later=values["later"],
        events_later=values["events_later"],
        later_years=year_span(first_after, last_after, lang),
        share_later=percent_text(values["share_later"], lang),
        earlier=values["earlier"],
        events_earlier=values["events_earlier"],
        earlier_years=year_span(first_before, last_before, lang),
        share_earlier=percent_text(values["share_earlier"], lang),
    )
    caveat = sources_caveat(values["sources_earlier"], values["sources_later"], lang)
    return ClaimCheck(supported, evidence, values, caveat)
