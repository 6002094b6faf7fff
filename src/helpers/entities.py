"""Mexico's federal entities and municipalities (INEGI), and recognising them in text.

Names arrive in Spanish and English, with and without accents ("Yucatán", "Yucatan",
"State of Mexico", "Estado de México"), run together with the next cell of a table,
or as a municipality alone ("Tijuana"). Everything here compares by the reference
tables in ``data/raw/reference/``; nothing is guessed: an ambiguous or unknown place
is reported as such, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.paths import REFERENCE_DIR
from helpers.text import normalise_key, squeeze_spaces

ENTITIES_FILE = REFERENCE_DIR / "entities.csv"
MUNICIPALITIES_FILE = REFERENCE_DIR / "municipios_inegi_mg2020.csv"

# Words that announce the kind of place and carry no name ("Municipality of Tijuana").
_PLACE_PREFIX = re.compile(
    r"^(the\s+)?(municipality|municipio|city|ciudad|h\.?\s*ayuntamiento|ayuntamiento|"
    r"alcald[ií]a|borough)\s+(of|de|del)\s+",
    re.IGNORECASE,
)


@lru_cache(maxsize=4)
def load_entities(path: Path = ENTITIES_FILE) -> pd.DataFrame:
    """The 32 federal entities: code, official, common and English names, aliases."""
    entities = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert (n := len(entities)) == (expected := 32), f"expected {expected} entities, found {n}"
    return entities


@lru_cache(maxsize=4)
def load_municipalities(path: Path = MUNICIPALITIES_FILE) -> pd.DataFrame:
    """INEGI's municipality catalogue as published (Latin-1, ';', two title lines).

    Returns entity_code, municipality_code (five digits, INEGI CVEGEO), municipality.
    """
    raw = pd.read_csv(
        path, sep=";", skiprows=2, dtype=str, encoding="latin-1", keep_default_na=False
    )
    table = pd.DataFrame(
        {
            "entity_code": raw["Clave de Entidad"].str.zfill(2),
            "municipality_code": raw["Clave de Entidad"].str.zfill(2)
            + raw["Clave de Municipio"].str.zfill(3),
            "municipality": raw["Nombre de Municipio"].map(squeeze_spaces),
        }
    )
    table = table[table["municipality"] != ""].reset_index(drop=True)
    assert table["municipality_code"].is_unique, "municipality codes repeat in the catalogue"
    return table


@lru_cache(maxsize=1)
def entity_aliases() -> list[tuple[str, str]]:
    """(alias, entity_code) pairs, longest alias first so "Mexico City" wins over shorter."""
    entities = load_entities()
    pairs = {
        (alias.strip(), row.entity_code)
        for row in entities.itertuples()
        for alias in [row.entity, row.official_name, row.english_name, *row.aliases.split(";")]
        if alias.strip()
    }
    return sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0]))


@lru_cache(maxsize=1)
def _alias_keys() -> dict[str, str]:
    return {normalise_key(alias): code for alias, code in entity_aliases()}


@lru_cache(maxsize=1)
def _folded_aliases() -> dict[str, list[tuple[str, str, int]]]:
    """Aliases grouped by their first two letters, longest first within each group."""
    groups: dict[str, list[tuple[str, str, int]]] = {}
    for alias, code in entity_aliases():
        groups.setdefault(alias[:2].casefold(), []).append((alias.casefold(), code, len(alias)))
    return groups


def match_entity_prefix(text: str) -> tuple[str, int] | None:
    """Recognise the federal entity a table row starts with.

    Cells of the SRE table run together ("ColimaStateUniversity of …"), so the name is
    found as the longest alias that begins the text, ignoring case. Returns the entity
    code and how many characters the name took, or None.
    """
    folded = text[:64].casefold()
    for alias, code, length in _folded_aliases().get(folded[:2], []):
        if folded.startswith(alias):
            return code, length
    return None


def resolve_entity_name(name: str) -> str | None:
    """The entity code of a name given whole (any alias, accents and case ignored)."""
    return _alias_keys().get(normalise_key(name))


@lru_cache(maxsize=1)
def _entity_records() -> dict[str, dict]:
    return {row["entity_code"]: row for row in load_entities().to_dict("records")}


def entity_record(code: str) -> dict:
    """One entity's reference row as a dict (raises KeyError for an unknown code)."""
    return dict(_entity_records()[code])


def entity_name(code: str) -> str:
    """The entity's common Spanish name (raises KeyError for an unknown code)."""
    return _entity_records()[code]["entity"]


@lru_cache(maxsize=1)
def _municipalities_by_key() -> dict[str, list[tuple[str, str, str]]]:
    index: dict[str, list[tuple[str, str, str]]] = {}
    for row in load_municipalities().itertuples():
        index.setdefault(normalise_key(row.municipality), []).append(
            (row.entity_code, row.municipality_code, row.municipality)
        )
    return index


@lru_cache(maxsize=1)
def _longest_municipality_name() -> int:
    return max(len(key.split()) for key in _municipalities_by_key())


@lru_cache(maxsize=65536)
def find_municipality_in_text(text: str, entity_code: str) -> tuple[str, str] | None:
    """The longest municipality of ``entity_code`` named as whole words inside ``text``.

    Every run of up to as many words as the longest name is looked up in the catalogue
    index, so the cost grows with the text, not with the 2,469 municipalities.
    Returns (municipality_code, municipality) or None.
    """
    words = normalise_key(text).split()
    index = _municipalities_by_key()
    for size in range(min(_longest_municipality_name(), len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            for place_entity, code, name in index.get(" ".join(words[start : start + size]), []):
                if place_entity == entity_code:
                    return code, name
    return None


@dataclass(frozen=True)
class Place:
    """A place resolved to INEGI codes, or left unresolved with the reason."""

    entity_code: str = ""
    municipality_code: str = ""
    municipality: str = ""
    level: str = ""
    reason: str = ""

    @property
    def is_resolved(self) -> bool:
        return bool(self.entity_code)


# "State of Yucatán", "Estado de Jalisco", "the state of Nuevo León": the state's own name
# follows (aliases such as "State of Mexico" are matched whole before this is tried).
_STATE_PREFIX = re.compile(
    r"^(the\s+)?(free\s+and\s+sovereign\s+)?(state|estado(\s+libre\s+y\s+soberano)?)\s+(of|de|del)\s+",
    re.IGNORECASE,
)


def _strip_place_prefix(text: str) -> str:
    return _PLACE_PREFIX.sub("", text.strip()).strip()


def _strip_state_prefix(text: str) -> str:
    return _STATE_PREFIX.sub("", text.strip()).strip()


def _municipality_candidates(
    name: str, entity_code: str | None = None
) -> list[tuple[str, str, str]]:
    found = _municipalities_by_key().get(normalise_key(_strip_place_prefix(name)), [])
    return [place for place in found if entity_code is None or place[0] == entity_code]


def resolve_place(text: str) -> Place:
    """Resolve a place as a bulletin names it to an entity and, where named, a municipality.

    Rules, in order: a state name alone is the state ("Puebla" means the state even
    though a municipality shares the name); "Municipality, State" is that municipality
    of that state; a municipality alone is resolved only when one state has it. Anything
    else stays unresolved with the reason: never guessed.
    """
    cleaned = squeeze_spaces(text or "")
    if not cleaned:
        return Place(reason="no place given")
    state_code = (
        resolve_entity_name(cleaned)
        or resolve_entity_name(_strip_place_prefix(cleaned))
        or resolve_entity_name(_strip_state_prefix(cleaned))
    )
    if state_code:
        return Place(entity_code=state_code, level="state")
    parts = [part.strip() for part in cleaned.split(",") if part.strip()]
    if len(parts) >= 2:
        state_code = resolve_entity_name(parts[-1])
        if not state_code:
            return Place(reason=f"'{parts[-1]}' is not a Mexican federal entity")
        name = ", ".join(parts[:-1])
        candidates = _municipality_candidates(name, state_code)
        if len(candidates) == 1:
            _, code, municipality = candidates[0]
            return Place(state_code, code, municipality, "municipal")
        return Place(
            reason=f"'{name}' is not a municipality of {entity_record(state_code)['entity']}"
        )
    candidates = _municipality_candidates(cleaned)
    if len(candidates) == 1:
        entity_code, code, municipality = candidates[0]
        return Place(entity_code, code, municipality, "municipal")
    if len(candidates) > 1:
        states = sorted({entity_record(place[0])["entity"] for place in candidates})
        return Place(reason=f"ambiguous: '{cleaned}' is a municipality in {', '.join(states)}")
    return Place(reason=f"unknown place '{cleaned}': neither a federal entity nor a municipality")
