"""Institutions under their official names, from a documented reference table.

Registries and their copies write the same institution many ways: an English
translation in one row, the Spanish name in the next, an abbreviation in a description,
a former name. ``data/raw/reference/institutions.csv`` gives each institution once, under
its official name (Mexican institutions in Spanish, as they name themselves; foreign
ones as they publish their name), with its country, kind, abbreviation and the variants
met in sources; its sidecar says where each name comes from.

A name is looked up by a key that ignores case, accents, punctuation and a leading
article, and only among the institutions of the country it belongs to: a variant of a
university in one country never renames a party in another. A name the table does not
know is kept as written (tidied), never merged with a similar one: the caller logs it,
so that the user knows what to add.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pycountry

from helpers.core.paths import REFERENCE_DIR
from helpers.core.text import normalise_key, squeeze_spaces, straighten_quotes
from helpers.reference.entities import load_entities

INSTITUTIONS_FILE = REFERENCE_DIR / "institutions.csv"
COLUMNS = [
    "canonical_name",
    "country",
    "entity_code",
    "kind",
    "abbreviation",
    "variants",
    "source",
    "note",
]
KINDS = ("subnational-government", "local-government", "university", "public-body")
SUBNATIONAL_GOVERNMENT = "subnational-government"
_LIST_SEPARATOR = ";"  # between variants, and between source keys
_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
_KEY_ARTICLE = re.compile(r"^(the|la|el|los|las) ")


class InstitutionsTableError(ValueError):
    """The institutions table breaks one of its rules (named in the message)."""


@lru_cache(maxsize=4)
def load_institutions(path: Path | None = None) -> pd.DataFrame:
    """The reference table, one row per institution, checked against its rules.

    ``path`` defaults to INSTITUTIONS_FILE as it is when called (so that a test can point
    the module at an edited copy). Each institution has a name, an ISO alpha-2 country
    and a kind from KINDS; a Mexican one may give its federal entity's INEGI code; no
    name, abbreviation or variant may stand for two institutions of one country.
    """
    path = INSTITUTIONS_FILE if path is None else path
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(table.columns) != COLUMNS:
        raise InstitutionsTableError(f"{path}: columns must be {COLUMNS}, found {list(table)}")
    entity_codes = set(load_entities()["entity_code"])
    problems = []
    for line, row in enumerate(table.itertuples(index=False), start=2):
        if not row.canonical_name.strip():
            problems.append(f"line {line}: no canonical_name")
        if pycountry.countries.get(alpha_2=row.country) is None:
            problems.append(f"line {line}: country {row.country!r} is not ISO alpha-2")
        if row.kind not in KINDS:
            problems.append(f"line {line}: kind {row.kind!r} is not one of {KINDS}")
        if row.entity_code and (row.country != "MX" or row.entity_code not in entity_codes):
            problems.append(
                f"line {line}: entity_code {row.entity_code!r} is not an INEGI entity code "
                "of a Mexican institution"
            )
    names = institution_names(table)
    clashes = names.groupby(["key", "country"])["canonical_name"].nunique()
    for key, country in clashes[clashes > 1].index:
        problems.append(f"the name {key!r} stands for two institutions of {country}")
    governments = table[(table["kind"] == SUBNATIONAL_GOVERNMENT) & (table["entity_code"] != "")]
    for code in governments["entity_code"][governments["entity_code"].duplicated()]:
        problems.append(f"two governments of the federal entity {code}")
    if problems:
        raise InstitutionsTableError(f"{path}: " + "; ".join(problems))
    return table


def institution_names(table: pd.DataFrame) -> pd.DataFrame:
    """Every name by which the table knows an institution (its canonical name, its
    abbreviation, its variants), one row each: canonical_name, country, name, key."""
    rows = []
    for row in table.itertuples(index=False):
        names = [row.canonical_name, row.abbreviation, *row.variants.split(_LIST_SEPARATOR)]
        rows += [(row.canonical_name, row.country, name.strip()) for name in names if name.strip()]
    names = pd.DataFrame(rows, columns=["canonical_name", "country", "name"])
    return names.assign(key=names["name"].map(institution_key)).drop_duplicates(
        ["canonical_name", "country", "key"]
    )


def institution_key(name: str) -> str:
    """The comparison key of a name: no case, accents, punctuation or leading article."""
    return _KEY_ARTICLE.sub("", normalise_key(name))


@lru_cache(maxsize=1)
def _name_index() -> dict[str, dict[str, str]]:
    """key -> {country: canonical name}, for the table as loaded now."""
    index: dict[str, dict[str, str]] = {}
    names = institution_names(load_institutions())
    for key, country, canonical in zip(
        names["key"], names["country"], names["canonical_name"], strict=True
    ):
        index.setdefault(key, {})[country] = canonical
    return index


@lru_cache(maxsize=65536)
def lookup_institution(name: str, country: str = "") -> str | None:
    """The canonical name of an institution of ``country`` (ISO alpha-2), or None.

    Without a country, a name known in one country only is found; a name that stands for
    institutions of several countries is then ambiguous and gives None. Cached: a
    registry names the same parties again and again.
    """
    found = _name_index().get(institution_key(name), {})
    if country:
        return found.get(country)
    return next(iter(found.values())) if len(found) == 1 else None


@lru_cache(maxsize=65536)
def tidy_name(name: str) -> str:
    """A name as written, without stray quotes, leading article or trailing punctuation.

    Cached: a registry names the same parties again and again.
    """
    name = squeeze_spaces(straighten_quotes(name)).replace('"', "")
    return squeeze_spaces(_ARTICLE.sub("", name)).strip(" .,;")


def canonical_institution(name: str, country: str = "") -> str:
    """The canonical name of an institution, or the tidied name when the table lacks it."""
    return lookup_institution(name, country) or tidy_name(name)


def is_known_institution(name: str, country: str = "") -> bool:
    """Whether the table knows this name (as an institution of ``country``, if given)."""
    return lookup_institution(name, country) is not None


@lru_cache(maxsize=64)
def government_of(entity_code: str) -> str | None:
    """The canonical name of a Mexican federal entity's government, or None.

    A registry row often names its Mexican party only as "the State Government": the
    row's entity says which one, and the table gives its name.
    """
    table = load_institutions()
    found = table[
        (table["country"] == "MX")
        & (table["entity_code"] == entity_code)
        & (table["kind"] == SUBNATIONAL_GOVERNMENT)
    ]["canonical_name"]
    return found.iat[0] if len(found) == 1 else None


# Caches elsewhere whose values the table decides (see cached_on_institutions).
_DEPENDENT_CACHES: list = []


def cached_on_institutions(cached):
    """Register a cached function (functools.lru_cache) whose results depend on this
    table, so that clear_caches forgets them too: a step may cache per name what the
    table says of it."""
    _DEPENDENT_CACHES.append(cached)
    return cached


def clear_caches() -> None:
    """Forget the loaded table and every lookup (after pointing INSTITUTIONS_FILE elsewhere),
    here and in the caches registered with cached_on_institutions."""
    for cached in (load_institutions, _name_index, lookup_institution, government_of):
        cached.cache_clear()
    for cached in _DEPENDENT_CACHES:
        cached.cache_clear()
