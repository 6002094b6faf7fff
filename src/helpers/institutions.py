"""One canonical name per institution, from a small documented table of variants.

The SRE table writes the same university several ways ("Meritorious" and
"Benemeritus Autonomous University of Puebla"; Omsk's Dostoevsky University three
ways). ``data/raw/reference/institutions.csv`` lists each canonical name with the
variants seen; comparison ignores case, accents, punctuation and a leading "the".
A name not in the table is kept as written (tidied), never fuzzily merged.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.paths import REFERENCE_DIR
from helpers.text import normalise_key, squeeze_spaces, straighten_quotes

INSTITUTIONS_FILE = REFERENCE_DIR / "institutions.csv"
_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
_KEY_ARTICLE = re.compile(r"^(the|la|el) ")


@lru_cache(maxsize=4)
def load_institutions(path: Path = INSTITUTIONS_FILE) -> pd.DataFrame:
    """The canonical-name table: canonical_name, country, variant, note."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    keys = table["variant"].map(_institution_key)
    clashes = table.assign(key=keys).groupby("key")["canonical_name"].nunique()
    assert (clashes == 1).all(), (
        f"variants naming two institutions: {list(clashes[clashes > 1].index)}"
    )
    return table


def _institution_key(name: str) -> str:
    return _KEY_ARTICLE.sub("", normalise_key(name))


@lru_cache(maxsize=1)
def _variant_index() -> dict[str, str]:
    table = load_institutions()
    return dict(zip(table["variant"].map(_institution_key), table["canonical_name"], strict=True))


@lru_cache(maxsize=65536)
def tidy_name(name: str) -> str:
    """A name as written, without stray quotes, leading article or trailing punctuation.

    Cached: a registry names the same parties again and again.
    """
    name = squeeze_spaces(straighten_quotes(name)).replace('"', "")
    return squeeze_spaces(_ARTICLE.sub("", name)).strip(" .,;")


@lru_cache(maxsize=65536)
def canonical_institution(name: str) -> str:
    """The canonical name of an institution, or the tidied name when the table lacks it."""
    return _variant_index().get(_institution_key(name), tidy_name(name))


def is_known_institution(name: str) -> bool:
    """Whether the canonical table knows this name."""
    return _institution_key(name) in _variant_index()
