"""The two parties of an agreement's Between cell, the Mexican one first.

The registry joins the parties with a spaced dash, but copies use "and", "y", "with",
"con" or a dash joined to the words, and a name may itself hold such a word ("Universidad
de Artes y Oficios"). Each possible split is scored by what is known (the institutions
table, INEGI's names of the row's entity and municipalities, the row's description); a
split that what is known does not settle is flagged, never guessed silently.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from helpers.core.text import (
    normalise_key,
)
from helpers.reference.entities import entity_aliases, find_municipality_in_text
from helpers.reference.institutions import (
    cached_on_institutions,
    government_of,
    is_known_institution,
    lookup_institution,
    tidy_name,
)

# Party separators inside the Between cell. A spaced dash is the registry's own: one of
# them splits the cell for sure. Conjunctions ("and", "y", "with", "con") and dashes
# joined to the words may also stand inside a name ("Universidad de Artes y Oficios"),
# so a split at them is checked against what is known (see read_parties).
# Written \s\s* rather than \s+: a pattern that starts with a class lets re skip to each
# white space at C speed instead of trying the pattern at every position.
_DASHES = re.compile(r"\s\s*[–—-]\s+")


_AND = re.compile(r"\s\s*(?:and|y|e|&|with|con)\s+", re.IGNORECASE)


_JOINED_DASH = re.compile(r"(?<=\w)[–—](?=\w)")


_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


_GENERIC_GOVERNMENT = re.compile(
    r"^(state\s+government|government|gobierno\s+del\s+estado|"
    r"gobierno\s+estatal|gobierno)$",
    re.IGNORECASE,
)


class PartySplit(NamedTuple):
    """The two parties of a Between cell as written (tidied), and the doubt, if any:
    ``rule`` names the review flag ("" when the split is sure), ``reason`` explains it
    and lists the candidate splits."""

    mexican: str
    foreign: str
    rule: str = ""
    reason: str = ""


def _entity_keys(entity_code: str) -> tuple[str, ...]:
    """Every name of a federal entity as a comparison key (for whole-word search)."""
    return _entity_key_table().get(entity_code, ())


@lru_cache(maxsize=1)
def _entity_key_table() -> dict[str, tuple[str, ...]]:
    keys: dict[str, list[str]] = {}
    for alias, code in entity_aliases():
        keys.setdefault(code, []).append(f" {normalise_key(alias)} ")
    return {code: tuple(found) for code, found in keys.items()}


@lru_cache(maxsize=65536)
def _names_place(name: str, entity_code: str) -> bool:
    """Whether a name names the row's federal entity or one of its municipalities
    (INEGI's names): what the Mexican party's name usually does."""
    if not entity_code:
        return False
    key = f" {normalise_key(name)} "
    return any(alias in key for alias in _entity_keys(entity_code)) or bool(
        find_municipality_in_text(name, entity_code)
    )


def _support(left: str, right: str, entity_code: str, country: str) -> int:
    """How much what is known supports reading ``left`` as the Mexican party and
    ``right`` as the foreign one: a name the institutions table knows (or the generic
    state government) counts 2; the row's entity or one of its municipalities named in
    the Mexican party counts 1, named in the foreign party -1. The Mexican side is scored
    once per name and entity (the same partners sign again and again); the foreign side's
    two lookups are cached each (a foreign name meets every entity and country)."""
    known = 2 if is_known_institution(right, country) else 0
    return _mexican_support(left, entity_code) + known - _names_place(right, entity_code)


@cached_on_institutions
@lru_cache(maxsize=65536)
def _mexican_support(name: str, entity_code: str) -> int:
    """_support's score of a name read as the Mexican party."""
    known = _GENERIC_GOVERNMENT.match(name) or is_known_institution(name, "MX")
    return (2 if known else 0) + _names_place(name, entity_code)


def _described(name: str, description_key: str) -> int:
    """1 when the description names the party as a phrase of two words or more."""
    key = normalise_key(name)
    return int(" " in key and f" {key} " in description_key)


def _has_dash(text: str) -> bool:
    """Whether a text holds any of the dashes _DASHES splits at (a find in C: a cell
    without one need not be scanned by the pattern)."""
    return "-" in text or "–" in text or "—" in text


def _split_points(between: str) -> tuple[list[tuple[int, int]], ...]:
    """(spaced dashes, conjunctions and joined dashes, hyphens joined to words): where
    the Between cell may be split, as (start, end) of each separator, by kind."""
    dashes = [m.span() for m in _DASHES.finditer(between)] if _has_dash(between) else []
    joined = [m.span() for m in _AND.finditer(between)]
    if "–" in between or "—" in between:  # tested first: a look-behind scan costs more
        joined = sorted(joined + [m.span() for m in _JOINED_DASH.finditer(between)])
    hyphens = [m.span() for m in _HYPHEN.finditer(between)] if "-" in between else []
    return dashes, joined, hyphens


def read_parties(
    between: str, entity_code: str = "", country: str = "", description: str = ""
) -> PartySplit:
    """The two parties of a Between cell: the Mexican party first, as the SRE registry
    names them, then the foreign one.

    One spaced dash ("A – B") splits the cell for sure. Otherwise every separator is a
    candidate ("and", "y", "with", "con", a dash or hyphen joined to the words), and each
    split is scored by what is known (_support): the institutions table, INEGI's names
    of the row's entity and municipalities and, when that leaves a doubt, the
    Description, which usually names both parties. The best split is kept; it is sure
    when it has support and no other split has as much. Otherwise the row is flagged with
    the candidates: "Universidad de Artes y Oficios y Universidad de X" splits two ways.
    On a tie a conjunction is kept before a hyphen (mostly inside a hyphenated word),
    then the first separator.
    """
    parts = _DASHES.split(between, maxsplit=2) if _has_dash(between) else ()
    if len(parts) == 2:  # the usual cell, found by one scan
        return PartySplit(tidy_name(parts[0]), tidy_name(parts[1]))
    dashes, joined, hyphens = _split_points(between)
    if not (dashes or joined or hyphens):
        return PartySplit(
            tidy_name(between),
            "",
            "no_party_separator",
            "the Between cell has no separator between two parties (a dash, 'and', 'y', "
            "'with', 'con'): kept whole as the Mexican party, the foreign party is empty",
        )
    candidates = dashes or joined + hyphens  # in order of preference on a tie
    description_key = ""
    if description:
        # The description with the Between cell's own words taken out: what it says of
        # the parties apart from repeating the cell.
        description_key = f" {normalise_key(description)} ".replace(
            f" {normalise_key(between)} ", " | "
        )
    scored = []
    for preference, (start, end) in enumerate(candidates):
        left, right = tidy_name(between[:start]), tidy_name(between[end:])
        score = _support(left, right, entity_code, country)
        if description_key:
            score += _described(left, description_key) + _described(right, description_key)
        scored.append((-score, preference, left, right))
    scored.sort()
    best = scored[0]
    if -best[0] > 0 and (len(scored) == 1 or scored[1][0] > best[0]):
        return PartySplit(best[2], best[3])
    listed = "; ".join(f"'{left}' | '{right}' ({-score})" for score, _, left, right in scored)
    rule = "ambiguous_party_split" if len(scored) > 1 else "unconfirmed_party_split"
    reason = (
        f"the Between cell splits {len(scored)} way(s) and neither the institutions table, "
        "INEGI's names nor the description settles which: kept the first listed; "
        f"candidates (Mexican | foreign (support)): {listed}"
    )
    return PartySplit(best[2], best[3], rule, reason)


def split_parties(between: str) -> tuple[str, str]:
    """The two parties of a Between cell, read without the row's context (read_parties
    gives the doubt too, and uses the row's entity, country and description)."""
    split = read_parties(between)
    return split.mexican, split.foreign


@cached_on_institutions
@lru_cache(maxsize=65536)
def canonical_mexican_party(name: str, entity_code: str, level: str) -> str | None:
    """The canonical name of the Mexican party written ``name``, or None when the
    institutions table does not know it.

    A state-level row that names its party only as "the State Government" means the
    government of the row's own entity. Cached, as the table is (a process reads it
    once); helpers.reference.institutions.clear_caches clears this cache too.
    """
    if level == "state" and _GENERIC_GOVERNMENT.match(name):
        return government_of(entity_code)
    return lookup_institution(name, "MX")
