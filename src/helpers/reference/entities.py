"""Federal entities and municipalities (INEGI), and recognising them in text.

Names arrive in Spanish and English, with and without accents ("Michoacán",
"Michoacan", "State of Sonora", "Estado de Sonora"), run together with the next cell of
a table, as a municipality alone ("Zapopan") or by the first words of its long official
name. Everything here compares by the reference tables in ``data/raw/reference/``;
nothing is guessed: an ambiguous or unknown place is reported as such, with the reason
and the candidates.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.core.paths import REFERENCE_DIR
from helpers.core.sources import require_reference_shape
from helpers.core.text import fold_case, normalise_key, squeeze_spaces
from helpers.reference.countries import resolve_country

ENTITIES_FILE = REFERENCE_DIR / "entities.csv"


MUNICIPALITIES_FILE = REFERENCE_DIR / "municipios_inegi_mg2020.csv"


HOME_COUNTRY = "MX"  # the country whose entities these are


@lru_cache(maxsize=4)
def load_entities(path: Path = ENTITIES_FILE) -> pd.DataFrame:
    """The 32 federal entities: code, official, common and English names, aliases."""
    entities = pd.read_csv(path, dtype=str, keep_default_na=False)
    require_reference_shape(entities, path, key="entity_code", first_line=2, rows=32)
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
    table = table[table["municipality"] != ""]
    # Row 0 is on line 4: two title lines, then the header.
    require_reference_shape(table, path, key="municipality_code", first_line=4)
    return table.reset_index(drop=True)


@lru_cache(maxsize=1)
def entity_aliases() -> list[tuple[str, str]]:
    """(alias, entity_code) pairs, longest alias first so "Baja California Sur" wins over shorter."""
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
    """Alias key -> code for names given whole. An official name that is also the
    country's name is left out: alone it names the country, not the entity (the entity
    is still found by its unambiguous aliases)."""
    return {
        normalise_key(alias): code
        for alias, code in entity_aliases()
        if resolve_country(alias) != HOME_COUNTRY
    }


@lru_cache(maxsize=1)
def _folded_aliases() -> dict[str, list[tuple[str, str, int]]]:
    """Aliases grouped by their first two letters, longest first within each group."""
    groups: dict[str, list[tuple[str, str, int]]] = {}
    for alias, code in entity_aliases():
        groups.setdefault(alias[:2].casefold(), []).append((alias.casefold(), code, len(alias)))
    return groups


def match_entity_prefix(text: str) -> tuple[str, int] | None:
    """Recognise the federal entity a table row starts with.

    Cells of the SRE table run together ("SonoraStateUniversity of …"), so the name is
    found as the longest alias that begins the text, ignoring case. Returns the entity
    code and how many characters the name took, or None.
    """
    folded = fold_case(text[:64])
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
def municipalities_by_key() -> dict[str, list[tuple[str, str, str]]]:
    index: dict[str, list[tuple[str, str, str]]] = {}
    for row in load_municipalities().itertuples():
        index.setdefault(normalise_key(row.municipality), []).append(
            (row.entity_code, row.municipality_code, row.municipality)
        )
    return index


@lru_cache(maxsize=1)
def _longest_municipality_name() -> int:
    return max(len(key.split()) for key in municipalities_by_key())


@lru_cache(maxsize=65536)
def find_municipality_in_text(text: str, entity_code: str) -> tuple[str, str] | None:
    """The longest municipality of ``entity_code`` named as whole words inside ``text``.

    Every run of up to as many words as the longest name is looked up in the catalogue
    index, so the cost grows with the text, not with the 2,469 municipalities.
    Returns (municipality_code, municipality) or None.
    """
    words = normalise_key(text).split()
    index = municipalities_by_key()
    for size in range(min(_longest_municipality_name(), len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            for place_entity, code, name in index.get(" ".join(words[start : start + size]), []):
                if place_entity == entity_code:
                    return code, name
    return None
