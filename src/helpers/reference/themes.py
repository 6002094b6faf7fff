"""The theme vocabulary of local diplomacy, and mapping subjects written freely onto it.

``data/raw/reference/themes.csv`` holds one row per key with English and Spanish
labels and synonyms. A subject is matched phrase by phrase, longest term first
("circular economy" is environment before "economy" is economy). Words that match no
key are returned so the caller can log them: a subject is never forced into a key.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.core.paths import REFERENCE_DIR
from helpers.core.sources import require_reference_shape
from helpers.core.text import normalise_key

THEMES_FILE = REFERENCE_DIR / "themes.csv"
MULTI_THEMATIC = "multi-thematic"
# Between the themes of one subject: "health issues and foreign investment", "cultura y turismo".
_PHRASE_SEPARATORS = re.compile(r"\s*(?:;|,|/|\+|&|\band\b|\by\b|\be\b)\s*", re.IGNORECASE)
# Words that join or qualify themes but name none.
_FILLER = {
    "issues",
    "issue",
    "matters",
    "affairs",
    "topics",
    "asuntos",
    "temas",
    "tema",
    "cooperation",
    "cooperacion",
    "field",
    "area",
    "areas",
    "sector",
    "the",
    "of",
    "de",
    "in",
    "en",
    "el",
    "la",
    "los",
    "las",
    "del",
    "especially",
    "especialmente",
}


@lru_cache(maxsize=4)
def load_themes(path: Path = THEMES_FILE) -> pd.DataFrame:
    """The vocabulary: theme, label_en, label_es, synonyms_en, synonyms_es."""
    themes = pd.read_csv(path, dtype=str, keep_default_na=False)
    require_reference_shape(themes, path, key="theme", first_line=2)
    return themes


def theme_keys() -> list[str]:
    """Every key of the vocabulary, in its order."""
    return load_themes()["theme"].tolist()


def theme_label(theme: str, lang: str = "en") -> str:
    """The label of a key in English or Spanish (the key itself when unknown)."""
    themes = load_themes().set_index("theme")
    column = f"label_{lang}"
    if column not in themes.columns:
        raise ValueError(f"unknown language {lang!r}; expected 'en' or 'es'")
    return themes[column].get(theme, theme) or theme


@lru_cache(maxsize=1)
def _terms() -> list[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for row in load_themes().itertuples():
        words = [
            row.theme,
            row.label_en,
            row.label_es,
            *row.synonyms_en.split(";"),
            *row.synonyms_es.split(";"),
        ]
        pairs |= {(normalise_key(word), row.theme) for word in words if normalise_key(word)}
    return sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0]))


def map_themes(text: str) -> tuple[list[str], list[str]]:
    """Theme keys named in a subject, and the phrases that named none.

    Returns (keys in order of mention without repeats, unmapped phrases as written).
    """
    keys, unmapped = _map_themes(text)
    return list(keys), list(unmapped)


@lru_cache(maxsize=65536)
def _map_themes(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """map_themes, cached: subjects repeat across a registry's rows."""
    keys: list[str] = []
    unmapped: list[str] = []
    for phrase in filter(None, (p.strip(" .:-") for p in _PHRASE_SEPARATORS.split(text or ""))):
        remaining = f" {normalise_key(phrase)} "
        found_here = []
        for term, key in _terms():
            if f" {term} " in remaining:
                found_here.append((remaining.find(f" {term} "), key))
                remaining = remaining.replace(f" {term} ", " | ")
        for _, key in sorted(found_here):
            if key not in keys:
                keys.append(key)
        leftover = [word for word in remaining.replace("|", " ").split() if word not in _FILLER]
        if not found_here and leftover:
            unmapped.append(phrase)
    return tuple(keys), tuple(unmapped)


@lru_cache(maxsize=65536)
def single_theme(text: str) -> tuple[str, tuple[str, ...]]:
    """One key for a subject cell: the key it names, multi-thematic when it names several.

    Returns (key or "" when it names none, unmapped phrases). Cached, so immutable.
    """
    keys, unmapped = _map_themes(text)
    if not keys:
        return "", unmapped
    return (keys[0] if len(keys) == 1 else MULTI_THEMATIC), unmapped
