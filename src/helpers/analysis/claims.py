"""Published claims about the data, re-computed and marked supported or not.

An article's reading of its own table can drift from the table: "economy, health and
culture" may be what the author remembers while the registry says education. The
claims are data, not code: each claims file under ``data/raw/claims/`` (a raw input
with its provenance sidecar, like the tables it speaks of) lists an article's
statements with its own words, the scope each speaks of (partner country, years,
sources) and the general check that evaluates it, with its arguments. This module holds
only those general checks (pure functions of the processed tables), the loader that
validates a claims file, and the rule that decides which claims a report checks.

Which claims a report checks (claims_covering): those whose partner country is the
report's and whose years all lie within the report's years. A selection that cuts some
of a claim's years away would test the claim on less than it speaks of; a selection of
another country, or of all countries at once, is not what it speaks of. Each claim is
then checked on its own scope only (scoped_events: its years, its sources), so a wider
selection (more years, or data added after the article) never tests it on more than it
speaks of either. A report with no claim covering its selection says so.

A claim that compares two periods says, in its verdict, when the periods draw on
different sources (one period only agreements, the other only bulletin entries): the
rise it measures may then be the sources' difference rather than the agenda's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pycountry
import yaml
from babel import Locale

from helpers.analysis.counts import (
    LEVELS,
    agreement_theme,
    interaction_themes,
    interaction_years,
    period_start,
    signed_years,
)
from helpers.core.paths import RAW_DIR
from helpers.core.sources import SIDECAR_SUFFIX, RawDataError, load_yaml, read_raw_text
from helpers.core.text import normalise_key
from helpers.reference.entities import resolve_entity_name
from helpers.reference.institutions import lookup_institution
from helpers.reference.themes import theme_keys
from helpers.words.labels import (
    LANGUAGES,
    country_text,
    date_text,
    entity_text,
    list_text,
    percent_text,
    text,
    theme_text,
    year_span,
)

CLAIMS_DIR = RAW_DIR / "claims"
SOURCES = ("agreements", "bulletins")  # the agreements table, the bulletins' interactions
CLAIM_FIELDS = ("id", "statement", "quote", "scope", "check", "arguments")
OPTIONAL_FIELDS = ("figure",)
FILE_FIELDS = ("claims", "article", "scopes")  # article: metadata; scopes: shared anchors


class ClaimsFileError(RawDataError):
    """A claims file that cannot be used: names the file, the claim and what was expected."""


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


@dataclass(frozen=True)
class Claim:
    """One published statement, where it is written, and how to test it."""

    claim_id: str
    statement: dict[str, str]  # language -> the statement in this project's words
    quote: dict[str, str]  # language -> the article's own words
    scope: ClaimScope
    check: str  # a key of CHECKS
    arguments: dict
    figure: str = ""
    source_file: str = ""

    def run(self, agreements: pd.DataFrame, interactions: pd.DataFrame, lang: str) -> ClaimCheck:
        """The claim's check on its own scope of the tables given."""
        scoped = scoped_events(self.scope, agreements, interactions)
        return CHECKS[self.check].function(*scoped, lang, **self.arguments)


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


def _entity_code(entity: str) -> str:
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
    entity_code = _entity_code(entity)
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
    entity_code = _entity_code(entity)
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


# --- the checks a claims file may name, and what each needs ----------------------------------


@dataclass(frozen=True)
class CheckSpec:
    """A general check, the sources it reads, and how to read each of its arguments."""

    function: Callable[..., ClaimCheck]
    needs: tuple[str, ...]  # sources the claim's scope must include
    arguments: dict[str, tuple[str, Callable]]  # name -> (what is expected, reader)


def _text(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError
    return value.strip()


def _year(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError
    return value


def _years(value) -> tuple[int, int]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError
    first, last = _year(value[0]), _year(value[1])
    if first > last:
        raise ValueError
    return first, last


def _entity(value) -> str:
    _entity_code(_text(value))
    return value.strip()


def _theme(value) -> str:
    if value not in theme_keys():
        raise ValueError
    return value


def _themes(value) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not value:
        raise ValueError
    return tuple(_theme(v) for v in value)


def _level(value) -> str:
    if value not in LEVELS:
        raise ValueError
    return value


def _fraction(value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 1:
        raise ValueError
    return float(value)


YEARS = "two years [first, last], first not after last"
CHECKS: dict[str, CheckSpec] = {
    "level_share_above": CheckSpec(
        check_level_share_above,
        (),
        {
            "level": (f"one of {', '.join(LEVELS)}", _level),
            "threshold": ("a share from 0 to below 1", _fraction),
        },
    ),
    "only_municipal_actor": CheckSpec(
        check_only_municipal_actor,
        (),
        {
            "municipality": ("a municipality's name", _text),
            "entity": ("a Mexican federal entity's name", _entity),
            "year": ("a year", _year),
        },
    ),
    "oldest_agreement": CheckSpec(
        check_oldest_agreement,
        ("agreements",),
        {
            "entity": ("a Mexican federal entity's name", _entity),
            "foreign_party": ("the foreign party's name", _text),
            "year": ("a year", _year),
        },
    ),
    "agreement_themes_cover": CheckSpec(
        check_agreement_themes_cover,
        ("agreements",),
        {"themes": ("a list of theme keys of themes.csv", _themes)},
    ),
    "theme_share_rises": CheckSpec(
        check_theme_share_rises,
        (),
        {
            "theme": ("a theme key of themes.csv", _theme),
            "earlier": (YEARS, _years),
            "later": (YEARS, _years),
        },
    ),
}
"""Every check a claims file may name: a statement needing another kind of test needs a
new general check here, with its tests, not a new branch for one article."""


# --- loading a claims file -------------------------------------------------------------------


def _fail(path, where: str, problem: str, expected: str) -> ClaimsFileError:
    return ClaimsFileError(path, f"{where}: {problem}", expected=expected)


def _languages(path, where: str, value, name: str, required: tuple[str, ...]) -> dict[str, str]:
    expected = f"{name}: a mapping language -> text, with {', '.join(required) or 'a language'}"
    if not isinstance(value, dict) or not value:
        raise _fail(path, where, f"{name} is not a mapping of languages to texts", expected)
    texts = {}
    for lang, words in value.items():
        if not isinstance(words, str) or not words.strip():
            raise _fail(path, where, f"{name} in {lang!r} is empty", expected)
        texts[str(lang)] = " ".join(words.split())
    missing = [lang for lang in required if lang not in texts]
    if missing:
        raise _fail(path, where, f"{name} lacks {', '.join(missing)}", expected)
    return texts


def _scope(path, where: str, value) -> ClaimScope:
    expected = (
        "scope: partner_country (ISO 3166-1 alpha-2), years [first, last], "
        f"sources (some of {', '.join(SOURCES)})"
    )
    if not isinstance(value, dict):
        raise _fail(path, where, "scope is not a mapping", expected)
    missing = [key for key in ("partner_country", "years", "sources") if key not in value]
    if missing:
        raise _fail(path, where, f"scope lacks {', '.join(missing)}", expected)
    country = value["partner_country"]
    if not isinstance(country, str) or pycountry.countries.get(alpha_2=country) is None:
        raise _fail(path, where, f"scope names country {country!r}", expected)
    try:
        first, last = _years(value["years"])
    except ValueError:
        raise _fail(path, where, f"scope has years {value['years']!r}", expected) from None
    sources = value["sources"]
    if (
        not isinstance(sources, list)
        or not sources
        or any(source not in SOURCES for source in sources)
    ):
        raise _fail(path, where, f"scope has sources {sources!r}", expected)
    return ClaimScope(country, first, last, tuple(s for s in SOURCES if s in sources))


def _arguments(path, where: str, name: str, value, scope: ClaimScope) -> dict:
    spec = CHECKS[name]
    wanted = ", ".join(f"{arg} ({what})" for arg, (what, _) in spec.arguments.items())
    expected = f"arguments of {name}: {wanted}"
    if not isinstance(value, dict):
        raise _fail(path, where, "arguments is not a mapping", expected)
    missing = [arg for arg in spec.arguments if arg not in value]
    unknown = [arg for arg in value if arg not in spec.arguments]
    if missing or unknown:
        problem = "; ".join(
            part
            for part in (
                f"missing argument(s) {', '.join(missing)}" if missing else "",
                f"unknown argument(s) {', '.join(map(str, unknown))}" if unknown else "",
            )
            if part
        )
        raise _fail(path, where, problem, expected)
    arguments = {}
    for arg, (what, read) in spec.arguments.items():
        try:
            arguments[arg] = read(value[arg])
        except ValueError:
            raise _fail(
                path, where, f"argument {arg} is {value[arg]!r}", f"{arg}: {what}"
            ) from None
    for arg, (_, read) in spec.arguments.items():  # the years a check reads: in scope
        if read not in (_year, _years):
            continue
        years = arguments[arg] if read is _years else (arguments[arg],)
        if not all(scope.first_year <= y <= scope.last_year for y in years):
            raise _fail(
                path,
                where,
                f"argument {arg} {value[arg]!r} lies outside the scope's years "
                f"{scope.first_year}-{scope.last_year}",
                "the years a check reads within the claim's scope",
            )
    missing_sources = [s for s in spec.needs if s not in scope.sources]
    if missing_sources:
        raise _fail(
            path,
            where,
            f"check {name} reads {', '.join(missing_sources)}, which the scope leaves out",
            f"scope.sources including {', '.join(spec.needs)}",
        )
    return arguments


def parse_claim(path, index: int, entry) -> Claim:
    """One entry of a claims file as a Claim, every field checked (ClaimsFileError)."""
    where = f"claim {index + 1}"
    if not isinstance(entry, dict):
        raise _fail(path, where, "is not a mapping", f"fields {', '.join(CLAIM_FIELDS)}")
    if isinstance(entry.get("id"), str) and entry["id"].strip():
        where = f"claim {index + 1} ({entry['id'].strip()!r})"
    missing = [name for name in CLAIM_FIELDS if name not in entry]
    unknown = [name for name in entry if name not in CLAIM_FIELDS + OPTIONAL_FIELDS]
    if missing or unknown:
        problem = "; ".join(
            part
            for part in (
                f"lacks {', '.join(missing)}" if missing else "",
                f"has unknown field(s) {', '.join(map(str, unknown))}" if unknown else "",
            )
            if part
        )
        expected = f"fields {', '.join(CLAIM_FIELDS)} (and optionally {', '.join(OPTIONAL_FIELDS)})"
        raise _fail(path, where, problem, expected)
    try:
        claim_id = _text(entry["id"])
    except ValueError:
        raise _fail(path, where, f"id is {entry['id']!r}", "a non-empty id") from None
    check = entry["check"]
    if check not in CHECKS:
        raise _fail(path, where, f"unknown check {check!r}", f"one of {', '.join(sorted(CHECKS))}")
    scope = _scope(path, where, entry["scope"])
    figure = entry.get("figure") or ""
    if not isinstance(figure, str):
        raise _fail(path, where, f"figure is {figure!r}", "a figure's base id")
    return Claim(
        claim_id=claim_id,
        statement=_languages(path, where, entry["statement"], "statement", LANGUAGES),
        quote=_languages(path, where, entry["quote"], "quote", ()),
        scope=scope,
        check=check,
        arguments=_arguments(path, where, check, entry["arguments"], scope),
        figure=figure,
        source_file=str(path),
    )


def load_claims(path: Path | str, raw_dir: Path = RAW_DIR) -> tuple[Claim, ...]:
    """Every claim of one claims file, its provenance verified like any raw file's.

    Stops with one ClaimsFileError naming the file, the claim and what was expected at
    the first entry that cannot be used: a claims report that silently skipped a
    statement would read as the article saying less than it does.
    """
    raw = read_raw_text(path, raw_dir)
    try:
        content = load_yaml(raw.text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ClaimsFileError(
            path,
            f"not valid YAML: {getattr(error, 'problem', error)}",
            line=mark.line + 1 if mark else None,
            expected="a YAML mapping with a list of claims under 'claims'",
        ) from None
    if not isinstance(content, dict) or not isinstance(content.get("claims"), list):
        raise ClaimsFileError(
            path, "no list of claims", expected="a YAML mapping with a list under 'claims'"
        )
    unknown = [key for key in content if key not in FILE_FIELDS]
    if unknown:
        raise ClaimsFileError(
            path,
            f"unknown top-level field(s) {', '.join(map(str, unknown))}",
            expected=f"top-level fields {', '.join(FILE_FIELDS)}",
        )
    claims = tuple(parse_claim(path, i, entry) for i, entry in enumerate(content["claims"]))
    _require_unique(claims)
    return claims


def _require_unique(claims: tuple[Claim, ...]) -> None:
    seen: dict[str, Claim] = {}
    for claim in claims:
        if claim.claim_id in seen:
            raise ClaimsFileError(
                claim.source_file,
                f"claim id {claim.claim_id!r} repeats (also in {seen[claim.claim_id].source_file})",
                expected="ids unique among all claims files",
            )
        seen[claim.claim_id] = claim


def claims_files(folder: Path | str = CLAIMS_DIR) -> list[Path]:
    """The claims files of a folder (YAML files, not their provenance sidecars)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix in (".yaml", ".yml") and not path.name.endswith(SIDECAR_SUFFIX)
    )


def load_all_claims(folder: Path | str = CLAIMS_DIR, raw_dir: Path = RAW_DIR) -> tuple[Claim, ...]:
    """The claims of every claims file in ``folder``, ids unique across files."""
    claims = tuple(claim for path in claims_files(folder) for claim in load_claims(path, raw_dir))
    _require_unique(claims)
    return claims


# --- which claims a report checks, and the check itself --------------------------------------


def claims_covering(
    claims: tuple[Claim, ...],
    partner_country: str,
    start_year: int | None = None,
    end_year: int | None = None,
) -> tuple[Claim, ...]:
    """The claims a report's selection covers (see the module's docstring for the rule)."""
    return tuple(c for c in claims if c.scope.covered_by(partner_country, start_year, end_year))


def claims_on_file_text(claims: tuple[Claim, ...], lang: str = "en") -> str:
    """What the claims on file speak of, for a report that none covers: each partner
    country with the span of its claims' years ("" when there are none)."""
    spans: dict[str, list[int]] = {}
    for claim in claims:
        first, last = spans.get(claim.scope.partner_country, [claim.scope.first_year] * 2)
        spans[claim.scope.partner_country] = [
            min(first, claim.scope.first_year),
            max(last, claim.scope.last_year),
        ]
    return list_text(
        [
            f"{country_text(code, lang)} ({year_span(first, last, lang)})"
            for code, (first, last) in sorted(spans.items())
        ],
        lang,
    )


def quote_label(quote_lang: str, lang: str = "en") -> str:
    """The label over an article's words; it names their language when it is not the
    report's (Babel's name for it in the report's language)."""
    if quote_lang == lang:
        return text("quote", lang)
    return text("quote.in", lang, language=Locale.parse(lang).languages.get(quote_lang, quote_lang))


CHECKED_COLUMNS = [
    "claim_id",
    "statement",
    "quote",
    "quote_label",
    "evidence",
    "supported",
    "caveat",
    "verdict",
    "figure",
]


def check_claims(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    lang: str = "en",
    claims: tuple[Claim, ...] = (),
) -> pd.DataFrame:
    """Every claim re-computed on its own scope of the tables given: one row each with
    CHECKED_COLUMNS. ``quote`` is the article's words in the report's language when the
    file gives them, else in the first language it gives (``quote_label`` says which);
    ``verdict`` is supported or not, with the caveat when there is one; ``figure`` is the
    base figure id (figures.figure_id adds the language suffix).
    """
    rows = []
    for claim in claims:
        result = claim.run(agreements, interactions, lang)
        quote_lang = lang if lang in claim.quote else next(iter(claim.quote))
        verdict = text("supported" if result.supported else "not-supported", lang)
        rows.append(
            {
                "claim_id": claim.claim_id,
                "statement": claim.statement[lang],
                "quote": claim.quote[quote_lang],
                "quote_label": quote_label(quote_lang, lang),
                "evidence": result.evidence,
                "supported": bool(result.supported),
                "caveat": result.caveat,
                "verdict": (
                    text("claim.verdict.caveat", lang, verdict=verdict, caveat=result.caveat)
                    if result.caveat
                    else verdict
                ),
                "figure": claim.figure,
            }
        )
    return pd.DataFrame(rows, columns=CHECKED_COLUMNS)
