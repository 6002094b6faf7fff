"""A place as a bulletin writes it, resolved to INEGI codes, or left unresolved with the reason.

Places arrive as "X, <state>", "State of Sonora", an abbreviation, a municipality alone or
by the first words of its long official name, with or without accents. A place resolves
only when the reference tables name exactly one entity (and municipality); an ambiguous
or unknown place stays unresolved, with its reason and its candidates: never guessed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from helpers.core.text import normalise_key, squeeze_spaces
from helpers.reference.countries import resolve_country
from helpers.reference.entities import (
    HOME_COUNTRY,
    entity_name,
    load_entities,
    municipalities_by_key,
    resolve_entity_name,
)

# Words that announce the kind of place and carry no name ("Municipality of Zapopan",
# "Gobierno Municipal de Zapopan").
_PLACE_PREFIX = re.compile(
    r"^(the\s+)?(municipality|municipio|city|ciudad|town|h\.?\s*ayuntamiento|ayuntamiento|"
    r"gobierno\s+municipal|municipal\s+government|alcald[ií]a|borough)\s+((of|de|del)\s+)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Place:
    """A place resolved to INEGI codes, or left unresolved with the reason.

    ``reason`` is set exactly when no entity could be named. A place resolved to its
    entity only, although it named something more precise ("X, <state>" where X is no
    municipality, or several), carries the doubt in ``municipality_reason``: the entity
    is known, the municipality is not, and a reader must be told. ``rule`` says how the
    municipality was found when it was not named in full (``short_name``), and
    ``candidates`` lists (code, name, entity) of every municipality the text could mean
    when it is ambiguous.
    """

    entity_code: str = ""
    municipality_code: str = ""
    municipality: str = ""
    level: str = ""
    reason: str = ""
    municipality_reason: str = ""
    rule: str = ""
    candidates: tuple[tuple[str, str, str], ...] = ()

    @property
    def is_resolved(self) -> bool:
        return bool(self.entity_code)


# "State of Sonora", "Estado de Jalisco", "the state of Sinaloa", "Edo. de Durango": the
# state's own name follows (aliases that begin so are matched whole before this is tried).
_STATE_PREFIX = re.compile(
    r"^(the\s+)?(free\s+and\s+sovereign\s+)?"
    r"(state|estado(\s+libre\s+y\s+soberano)?|edo\.?)\s+(of|de|del)\s+",
    re.IGNORECASE,
)


# "Sonora State", "Jalisco state": the English order.
_STATE_SUFFIX = re.compile(r"\s+state$", re.IGNORECASE)


# "Town (State)": a state given in brackets after the place.
_BRACKETED = re.compile(r"^(?P<place>.*\S)\s*\((?P<state>[^()]+)\)$")


# Words that begin many municipality names and name none on their own ("San", "Villa"),
# and words that join a name's parts ("de", "y"): a short name is never made of these
# alone, nor ends with a joining word ("Santa María de" names nothing).
_TITLE_WORDS = frozenset(
    {"san", "santa", "santo", "santos", "villa", "ciudad", "heroica", "puerto", "general", "h"}
)


_JOINING_WORDS = frozenset({"de", "del", "la", "las", "el", "los", "y", "e"})


# An honorific title the law gives some towns, which everyday usage leaves out
# ("Heroica Ciudad de X" is called "X").
_HONORIFIC = re.compile(r"^heroica\s+(ciudad\s+de\s+|villa\s+(de\s+)?|puerto\s+de\s+)?")


_CANDIDATES_SHOWN = 10


_CLOSE_NAMES_SHOWN = 3


_CLOSE_NAME_CUTOFF = 0.8


def _strip_place_prefix(text: str) -> str:
    return _PLACE_PREFIX.sub("", text.strip()).strip()


def _strip_state_prefix(text: str) -> str:
    return _STATE_PREFIX.sub("", text.strip()).strip()


@lru_cache(maxsize=1)
def _abbreviation_keys() -> dict[str, str]:
    """INEGI's abbreviations ("Jal.", "Q. Roo") -> code: read only where a state is
    expected (after a comma), because alone they are ordinary words."""
    return {
        normalise_key(row.abbreviation): row.entity_code
        for row in load_entities().itertuples()
        if normalise_key(row.abbreviation)
    }


@lru_cache(maxsize=65536)
def entity_in_text(text: str, *, abbreviation: bool = False) -> str | None:
    """The entity a text names as a whole: an alias, or an alias after "State of",
    "Estado de", "Edo. de", or before "State"; with ``abbreviation`` also INEGI's
    abbreviation (for the state slot of "Town, Abbr."). None when it names no entity."""
    text = squeeze_spaces(text)
    code = (
        resolve_entity_name(text)
        or resolve_entity_name(_strip_state_prefix(text))
        or resolve_entity_name(_STATE_SUFFIX.sub("", text))
    )
    if code is None and abbreviation:
        code = _abbreviation_keys().get(normalise_key(text))
    return code


def _short_names(key: str) -> list[str]:
    """The shorter names a municipality is known by: the first words of its official name,
    with or without an honorific title; never title or joining words alone, never ending
    with a joining word."""
    words = key.split()
    shorts = []
    titled = _HONORIFIC.match(key)
    if titled and titled.end() < len(key):
        rest = key[titled.end() :].split()
        shorts.append(" ".join(rest))
        words_lists = [words, rest]
    else:
        words_lists = [words]
    for name_words in words_lists:
        for size in range(1, len(name_words)):
            head = name_words[:size]
            if head[-1] in _JOINING_WORDS or set(head) <= _TITLE_WORDS | _JOINING_WORDS:
                continue
            shorts.append(" ".join(head))
    return [short for short in dict.fromkeys(shorts) if short != key]


@lru_cache(maxsize=1)
def _municipalities_by_short_name() -> dict[str, list[tuple[str, str, str]]]:
    """Short name key -> every municipality known by it (see _short_names)."""
    index: dict[str, list[tuple[str, str, str]]] = {}
    for key, places in municipalities_by_key().items():
        for short in _short_names(key):
            index.setdefault(short, []).extend(places)
    return index


@lru_cache(maxsize=65536)
def municipality_matches(
    name: str, entity_code: str = ""
) -> tuple[tuple[tuple[str, str, str], ...], tuple[tuple[str, str, str], ...]]:
    """(municipalities named so in full, municipalities known by it as a short name).

    Each is (entity_code, municipality_code, municipality), in code order, within
    ``entity_code`` when one is given, else nationwide. The caller decides: a name that
    fits one municipality either way is that municipality, more than one is ambiguous.
    """
    key = normalise_key(name)
    exact = municipalities_by_key().get(key, [])
    short = [place for place in _municipalities_by_short_name().get(key, []) if place not in exact]

    def within(places):
        return tuple(sorted(p for p in places if not entity_code or p[0] == entity_code))

    return within(exact), within(short)


def _describe(places) -> str:
    shown = [f"{code} {name} ({entity_name(entity)})" for entity, code, name in places]
    more = len(shown) - _CANDIDATES_SHOWN
    return "; ".join(shown[:_CANDIDATES_SHOWN]) + (f"; and {more} more" if more > 0 else "")


@lru_cache(maxsize=64)
def _keys_within(entity_code: str) -> list[str]:
    """Municipality name keys of one entity, or of all when ``entity_code`` is empty."""
    return [
        key
        for key, places in municipalities_by_key().items()
        if not entity_code or any(place[0] == entity_code for place in places)
    ]


def _close_names(name: str, entity_code: str = "") -> str:
    """Catalogue names spelled like ``name`` (a misspelling?): offered in the reason for
    the reader to check, never taken."""
    close = difflib.get_close_matches(
        normalise_key(name),
        _keys_within(entity_code),
        n=_CLOSE_NAMES_SHOWN,
        cutoff=_CLOSE_NAME_CUTOFF,
    )
    places = sorted(
        place
        for key in close
        for place in municipalities_by_key()[key]
        if not entity_code or place[0] == entity_code
    )
    return f"; close names in INEGI's catalogue: {_describe(places)}" if places else ""


def _ambiguity(name: str, exact, short, where: str) -> str:
    """Why a name fits several municipalities: one name in several entities, or a short
    name that several official names begin with."""
    if not short:
        entities = ", ".join(sorted({entity_name(place[0]) for place in exact}))
        return f"ambiguous: '{name}' is a municipality in {entities}{where}"
    kind = "begins the names" if not exact else "is or begins the names"
    return f"ambiguous: '{name}' {kind} of {len(exact) + len(short)} municipalities{where}"


def _municipality_place(name: str, entity_code: str = "") -> Place:
    """A municipality named in full or by a short name, within the stated entity when
    there is one. Unique -> resolved; else the entity alone (when stated) or nothing,
    with the reason and the candidates: never guessed."""
    exact, short = municipality_matches(name, entity_code)
    stripped = _strip_place_prefix(name)
    if not exact and not short and stripped != name:  # "Municipality of X": X is the name
        exact, short = municipality_matches(stripped, entity_code)
        name = stripped
    places = (*exact, *short)
    if len(places) == 1:
        entity, code, municipality = places[0]
        return Place(entity, code, municipality, "municipal", rule="short_name" if short else "")
    where = f" of {entity_name(entity_code)}" if entity_code else ""
    if places:
        reason = f"{_ambiguity(name, exact, short, where)}; candidates: {_describe(places)}"
    elif entity_code:
        exact_anywhere, short_anywhere = municipality_matches(name)
        elsewhere = (*exact_anywhere, *short_anywhere)
        reason = f"'{name}' is not a municipality of {entity_name(entity_code)}" + (
            f"; it is one elsewhere: {_describe(elsewhere)}"
            if elsewhere
            else _close_names(name, entity_code)
        )
    else:
        reason = (
            f"unknown place '{name}': neither a federal entity nor a municipality"
            + _close_names(name)
        )
    if entity_code:
        return Place(entity_code, level="state", municipality_reason=reason, candidates=places)
    return Place(reason=reason, candidates=places)


def _names_home_country(text: str) -> bool:
    return resolve_country(text) == HOME_COUNTRY


@lru_cache(maxsize=65536)
def resolve_place(text: str) -> Place:
    """Resolve a place as a bulletin names it to an entity and, where named, a municipality.

    Rules, in order:

    * a federal entity named alone, in Spanish or English, is the entity ("Sonora",
      "State of Sonora", "Estado de Sonora", "Sonora State"), even where a municipality
      shares its name: a bare state name means the state;
    * a trailing part that names the home country (", <country>") says nothing more and is
      dropped; "Town (State)" is read as "Town, State";
    * "X, <state>" (the state by any alias or INEGI abbreviation) is the entity, and X is
      looked for among that entity's municipalities, in full or by a short name (the first
      words of its official name, with or without an honorific title). One match: that
      municipality. None (a metropolitan area, a region, a locality, a misspelling) or
      several: the entity alone, with the municipality's reason and candidates in
      ``municipality_reason`` for the log;
    * a name alone is looked for nationwide the same way: one match is that municipality;
      several stay unresolved with the candidates; none is an unknown place.

    "Municipality of X", "Municipio de X", "Ciudad de X" name a municipality: X is looked
    for when the whole text matches none. Nothing is guessed: the reasons name the
    candidates, or close spellings in INEGI's catalogue, for a reader to decide.
    Cached: bulletins name the same places again and again.
    """
    cleaned = squeeze_spaces(text or "")
    if not cleaned:
        return Place(reason="no place given")
    state_code = entity_in_text(cleaned)
    if state_code:
        return Place(entity_code=state_code, level="state")
    if "," in cleaned:  # a few official names hold a comma: such a name given whole
        exact, _ = municipality_matches(cleaned)
        if len(exact) == 1:
            entity, code, municipality = exact[0]
            return Place(entity, code, municipality, "municipal")
    bracketed = _BRACKETED.match(cleaned)
    if bracketed and entity_in_text(bracketed["state"], abbreviation=True):
        cleaned = f"{bracketed['place']}, {bracketed['state']}"
    parts = [part.strip() for part in cleaned.split(",") if part.strip()]
    while len(parts) > 1 and not entity_in_text(parts[-1]) and _names_home_country(parts[-1]):
        parts.pop()
    if len(parts) == 1 and _names_home_country(parts[0]):
        return Place(reason=f"'{cleaned}' names the country, not a place in it")
    if len(parts) >= 2:
        state_code = entity_in_text(parts[-1], abbreviation=True)
        if not state_code:
            return Place(reason=f"'{parts[-1]}' is not a Mexican federal entity")
        return _municipality_place(", ".join(parts[:-1]), state_code)
    if parts[0] != cleaned:  # the home country was dropped: the rest may be a state
        state_code = entity_in_text(parts[0])
        if state_code:
            return Place(entity_code=state_code, level="state")
    return _municipality_place(parts[0])
