"""The source article's statements, re-computed from the data and marked supported or not.

An article's reading of its own table can drift from the table: "economy, health and
culture" may be what the author remembers while the registry says education. Each
statement is written down once here (ARTICLE_CLAIMS: the article's words, the check
that tests them, its arguments, the figure that shows the evidence), and the checks are
generic functions of the processed tables, so the same statement can be tested on any
selection the report's parameters make. A statement about a selection that lacks the
events it speaks of is marked not supported, with the numbers that show why.

The checks take the tables already filtered by the report (counts.select_events).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from helpers.counts import (
    LEVELS,
    agreement_theme,
    interaction_themes,
    interaction_years,
    period_start,
    signed_years,
)
from helpers.entities import resolve_entity_name
from helpers.labels import (
    date_text,
    entity_text,
    list_text,
    percent_text,
    text,
    theme_text,
)
from helpers.text import normalise_key


@dataclass(frozen=True)
class ClaimCheck:
    """A statement's verdict, the evidence in words, and the numbers behind it."""

    supported: bool
    evidence: str
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Claim:
    """One of the article's statements and how to test it."""

    claim_id: str
    quote: str
    check: Callable[..., ClaimCheck]
    arguments: dict
    figure: str


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


# --- the checks ------------------------------------------------------------------------------


def check_mainly_state_level(
    agreements: pd.DataFrame, interactions: pd.DataFrame, lang: str = "en"
) -> ClaimCheck:
    """Supported when more than half of the events with a known level are state-level."""
    a_levels = agreements["level"].str.strip()
    i_levels = interactions["level"].str.strip()
    values = {
        "agreements": int(a_levels.isin(LEVELS).sum()),
        "interactions": int(i_levels.isin(LEVELS).sum()),
        "agreements_state": int((a_levels == "state").sum()),
        "interactions_state": int((i_levels == "state").sum()),
        "municipal": int((a_levels == "municipal").sum() + (i_levels == "municipal").sum()),
    }
    values["state"] = values["agreements_state"] + values["interactions_state"]
    values["resolved"] = values["agreements"] + values["interactions"]
    values["share"] = _share(values["state"], values["resolved"])
    evidence = text(
        "claim.state-level.evidence",
        lang,
        **{**values, "share": percent_text(values["share"], lang)},
    )
    return ClaimCheck(values["resolved"] > 0 and values["share"] > 0.5, evidence, values)


def _events_in_year(
    agreements: pd.DataFrame, interactions: pd.DataFrame, year: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    signed = signed_years(agreements)
    happened = interaction_years(interactions)
    return agreements[(signed == year).astype(bool)], interactions[(happened == year).astype(bool)]


def _events_before(
    agreements: pd.DataFrame, interactions: pd.DataFrame, year: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    def earlier(years: pd.Series) -> pd.Series:
        return pd.Series([y is not None and y < year for y in years], index=years.index, dtype=bool)

    return agreements[earlier(signed_years(agreements))], interactions[
        earlier(interaction_years(interactions))
    ]


def _municipal_actors(frame: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(entity code, municipality key) -> municipality name, for municipal rows."""
    rows = frame[frame["level"].str.strip() == "municipal"]
    return {
        (row.entity_code, normalise_key(row.municipality)): row.municipality
        for row in rows.itertuples()
    }


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
    entity_code = resolve_entity_name(entity)
    if entity_code is None:
        raise ValueError(f"claim names {entity!r}, which is not a Mexican federal entity")
    in_year = _events_in_year(agreements, interactions, year)
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
        "claim.only-municipal.evidence", lang, **{**values, "actors": list_text(names, lang)}
    )
    return ClaimCheck(supported, evidence, values)


def check_oldest_agreement(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    lang: str = "en",
    *,
    entity: str,
    foreign_party: str,
    year: int,
) -> ClaimCheck:
    """Supported when one agreement is the oldest and it is that entity's, with that party.

    Agreements signed on the same earliest date (to their precision) are all "the
    oldest": the statement then names one of several and is not supported.
    """
    entity_code = resolve_entity_name(entity)
    if entity_code is None:
        raise ValueError(f"claim names {entity!r}, which is not a Mexican federal entity")
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
        and normalise_key(foreign_party) in normalise_key(row["foreign_party"])
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

    The statement follows the article's table of agreements, so it is set against the
    agreements' themes; the interactions' are shown beside them for comparison.
    """
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
        "claim.topics.evidence",
        lang,
        named=listed(values["named"]),
        agreements=values["agreements"],
        top=theme_text(top, lang) if top else text("no_events", lang),
        top_count=top_count,
        named_interactions=listed(values["named_interactions"]),
    )
    supported = bool(themes) and all(n > 0 for n in values["named"].values())
    return ClaimCheck(supported, evidence, values)


def _has_theme(agreements: pd.DataFrame, interactions: pd.DataFrame, theme: str) -> int:
    """Events with the theme: an agreement by its theme, an interaction by any of its own."""
    return sum(agreement_theme(value) == theme for value in agreements["theme"]) + sum(
        theme in interaction_themes(value) for value in interactions["themes"]
    )


def check_theme_gained_relevance(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    lang: str = "en",
    *,
    theme: str,
    year: int,
) -> ClaimCheck:
    """Supported when the theme's share of the year's events exceeds its share before it.

    With no events before the year there is nothing to gain relevance against: not
    supported, and the evidence says so through its zero counts.
    """
    in_year = _events_in_year(agreements, interactions, year)
    before = _events_before(agreements, interactions, year)
    values = {
        "year": year,
        "in_year": _has_theme(*in_year, theme),
        "events_year": sum(len(frame) for frame in in_year),
        "before": _has_theme(*before, theme),
        "events_before": sum(len(frame) for frame in before),
    }
    values["share_year"] = _share(values["in_year"], values["events_year"])
    values["share_before"] = _share(values["before"], values["events_before"])
    supported = (
        values["events_year"] > 0
        and values["events_before"] > 0
        and values["share_year"] > values["share_before"]
    )
    evidence = text(
        "claim.gained-relevance.evidence",
        lang,
        **{
            **values,
            "theme": theme_text(theme, lang),
            "share_year": percent_text(values["share_year"], lang),
            "share_before": percent_text(values["share_before"], lang),
        },
    )
    return ClaimCheck(supported, evidence, values)


# --- the article's statements ----------------------------------------------------------------

ARTICLE_CLAIMS: tuple[Claim, ...] = (
    Claim(
        "state-level",
        "it highlights that relations have been established mainly with federal entities of "
        "Mexico rather than with municipalities of the same country",
        check_mainly_state_level,
        {},
        "fig-levels",
    ),
    Claim(
        "only-municipal",
        "they also focus on relations with federal entities, not with municipalities, "
        "exception of the activity carried out by Torreón, Coahuila",
        check_only_municipal_actor,
        {"municipality": "Torreón", "entity": "Coahuila", "year": 2021},
        "fig-levels",
    ),
    Claim(
        "oldest-agreement",
        "The oldest of them being the one signed by the State of Mexico and the Moscow "
        "region, in 1999",
        check_oldest_agreement,
        {"entity": "State of Mexico", "foreign_party": "Moscow Region", "year": 1999},
        "fig-agreements-timeline",
    ),
    Claim(
        "topics",
        "it does cover an acceptable variety of topics, among which are the economy, health "
        "and culture",
        check_agreement_themes_cover,
        {"themes": ("economy", "health", "culture")},
        "fig-themes",
    ),
    Claim(
        "gained-relevance",
        "health issues gained relevance in the subnational agenda of the two countries",
        check_theme_gained_relevance,
        {"theme": "health", "year": 2021},
        "fig-themes",
    ),
)
"""The statements the issue lists, in the article's order of argument."""


def claim_statement(claim: Claim, lang: str = "en") -> str:
    """The statement in the report's language, its names and themes localised."""
    arguments = dict(claim.arguments)
    if "entity" in arguments:
        arguments["entity"] = entity_text(resolve_entity_name(arguments["entity"]), lang)
    if "themes" in arguments:
        arguments["themes"] = list_text([theme_text(t, lang) for t in arguments["themes"]], lang)
    if "theme" in arguments:
        arguments["theme"] = theme_text(arguments["theme"], lang)
    return text(f"claim.{claim.claim_id}", lang, **arguments)


def check_claims(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    lang: str = "en",
    claims: tuple[Claim, ...] = ARTICLE_CLAIMS,
) -> pd.DataFrame:
    """Every claim re-computed: claim_id, statement, quote, evidence, supported, verdict, figure.

    ``figure`` is the base figure id (figures.figure_id adds the language suffix).
    """
    rows = []
    for claim in claims:
        result = claim.check(agreements, interactions, lang, **claim.arguments)
        rows.append(
            {
                "claim_id": claim.claim_id,
                "statement": claim_statement(claim, lang),
                "quote": claim.quote,
                "evidence": result.evidence,
                "supported": bool(result.supported),
                "verdict": text("supported" if result.supported else "not-supported", lang),
                "figure": claim.figure,
            }
        )
    return pd.DataFrame(
        rows,
        columns=["claim_id", "statement", "quote", "evidence", "supported", "verdict", "figure"],
    )
