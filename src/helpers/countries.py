"""Partner countries as ISO 3166-1 alpha-2 codes, from names in English or Spanish.

pycountry supplies the ISO names ("Russian Federation") and codes; Babel's CLDR data
supplies the everyday names in English and Spanish ("Russia", "Rusia", "Turkey").
Regions ("Europe") and international organisations are not countries and give none.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry
from babel import Locale

from helpers.text import normalise_key

# Everyday abbreviations that neither ISO nor CLDR spells out.
_EXTRA_NAMES = {
    "UK": "GB",
    "U.K.": "GB",
    "U.S.": "US",
    "U.S.A.": "US",
    "EE. UU.": "US",
    "EEUU": "US",
    "EE.UU.": "US",
}
_CODE = re.compile(r"[A-Z]{2,3}")
_ARTICLE = re.compile(r"^(the|la|el|los|las)\s+", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:;|,|/|\band\b|\by\b|\be\b|&)\s*", re.IGNORECASE)


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Normalised country name -> alpha-2, for every ISO country, in English and Spanish."""
    names: dict[str, str] = {}
    codes = {country.alpha_2 for country in pycountry.countries}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                names[normalise_key(value)] = country.alpha_2
                if ", " in value:  # "Korea, Republic of" is also written "Republic of Korea"
                    head, tail = value.split(", ", 1)
                    names.setdefault(normalise_key(f"{tail} {head}"), country.alpha_2)
    for language in ("en", "es"):
        for code, value in Locale.parse(language).territories.items():
            if code in codes:
                names.setdefault(normalise_key(value), code)
    for value, code in _EXTRA_NAMES.items():
        names[normalise_key(value)] = code
    return names


@lru_cache(maxsize=65536)
def resolve_country(name: str) -> str | None:
    """The alpha-2 code of one country named whole, or None (regions, organisations)."""
    text = (name or "").strip()
    if _CODE.fullmatch(text):
        country = (
            pycountry.countries.get(alpha_2=text)
            if len(text) == 2
            else pycountry.countries.get(alpha_3=text)
        )
        if country:
            return country.alpha_2
    key = normalise_key(_ARTICLE.sub("", text))
    return country_names().get(key)


def find_countries(text: str) -> tuple[list[str], list[str]]:
    """Every country named in a field ("Russia and Belarus", "Rusia; China").

    Returns (alpha-2 codes in order of mention without repeats, the parts that named
    no country). Whole-field names are tried first, so "Korea, Republic of" is one.
    """
    text = (text or "").strip()
    if not text:
        return [], []
    whole = resolve_country(text)
    if whole:
        return [whole], []
    codes: list[str] = []
    unknown: list[str] = []
    for part in filter(None, (piece.strip(" .") for piece in _SEPARATORS.split(text))):
        code = resolve_country(part)
        if code and code not in codes:
            codes.append(code)
        elif not code:
            unknown.append(part)
    return codes, unknown


def mentioned_countries(text: str, exclude: tuple[str, ...] = ("MX",)) -> list[str]:
    """Countries whose name appears anywhere in running text, longest names first.

    For descriptions such as "… University of Omsk of the Russian Federation".
    """
    return list(_mentioned_countries(text, tuple(exclude)))


@lru_cache(maxsize=65536)
def _mentioned_countries(text: str, exclude: tuple[str, ...]) -> tuple[str, ...]:
    """Countries whose name appears anywhere in running text, longest names first.

    For descriptions such as "… University of Omsk of the Russian Federation".
    """
    key = f" {normalise_key(text)} "
    found: list[tuple[int, str]] = []
    for name, code in sorted(country_names().items(), key=lambda item: -len(item[0])):
        position = key.find(f" {name} ")
        if position >= 0 and code not in exclude and code not in {c for _, c in found}:
            found.append((position, code))
            key = key.replace(f" {name} ", " | ")
    return tuple(code for _, code in sorted(found))
