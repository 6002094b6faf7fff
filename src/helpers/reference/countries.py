"""Partner countries as ISO 3166-1 alpha-2 codes, from names in English or Spanish.

Every name comes from library data, none is typed here: pycountry supplies the ISO
names, official names and common names and, through its own translations (the
iso-codes project), the same in Spanish; Babel's CLDR data supplies the everyday names
in English and Spanish. Official names written "<form of state> <adjective>" are also
known as "<form of state> of <country>" ("Federación Xa" is also "Federación de Xia"),
and "Name, Republic of" as "Republic of Name". Regions ("Europe") and international
organisations are not countries and give none.
"""

from __future__ import annotations

import gettext
import re
from functools import lru_cache

import pycountry
from babel import Locale

from helpers.core.languages import LANGUAGES
from helpers.core.text import normalise_key

# Everyday abbreviations that neither ISO, pycountry's translations nor Babel's CLDR
# data spell out (CLDR's short forms are not part of Babel's data).
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
# How "of" is written between a form of state and a country's name, per language; and
# on which side of the form of state the adjective stands.
_OF = {"en": "of", "es": "de"}
_LINKING_WORDS = {"of", "the", "de", "del", "la", "las", "los", "el"}
_STEM = 3  # an adjective and a name sharing their first three letters belong together


def _translator(language: str):
    """pycountry's own translation of ISO 3166-1 names into ``language``."""
    if language == "en":
        return lambda text: text
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    ).gettext


def _iso_names(language: str) -> list[tuple[str, str, str]]:
    """(code, kind, name) of every ISO country in ``language``; kind is "official" for
    official names (from which long forms are derived), "name" otherwise."""
    translate = _translator(language)
    names = []
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                kind = "official" if attribute == "official_name" else "name"
                names.append((country.alpha_2, kind, translate(value)))
    return names


def _long_form(official: str, short_names: list[str], language: str) -> str | None:
    """ "<form> of <short name>" for an official name "<adjective> <form>" (English) or
    "<form> <adjective>" (Spanish) whose adjective shares its stem with a one-word short
    name without being a piece of it; None for any other name ("Republic of Name",
    "Name, Republic of", a name in two words)."""
    words = official.split()
    if len(words) < 2 or "," in official:
        return None
    adjective, form = (words[0], words[1:]) if language == "en" else (words[-1], words[:-1])
    if normalise_key(form[-1]) in _LINKING_WORDS:
        return None
    adjective = normalise_key(adjective)
    for short in short_names:
        key = normalise_key(short)
        if " " not in key and key[:_STEM] == adjective[:_STEM] and not key.startswith(adjective):
            return f"{' '.join(form)} {_OF[language]} {short}"
    return None


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Normalised country name -> alpha-2, for every ISO country, in English and Spanish."""
    codes = {country.alpha_2 for country in pycountry.countries}
    names: dict[str, str] = {}
    short_names: dict[tuple[str, str], list[str]] = {}
    officials: list[tuple[str, str, str]] = []

    def add(value: str, code: str) -> None:
        names.setdefault(normalise_key(value), code)
        if ", " in value:  # "Name, Republic of" is also written "Republic of Name"
            head, tail = value.split(", ", 1)
            names.setdefault(normalise_key(f"{tail} {head}"), code)

    for language in LANGUAGES:
        for code, kind, value in _iso_names(language):
            add(value, code)
            officials.append((language, code, value))  # ISO's "name" may be a long form too
            if kind != "official":
                short_names.setdefault((language, code), []).append(value)
    for language in LANGUAGES:
        for code, value in Locale.parse(language).territories.items():
            if code in codes:
                add(value, code)
                short_names.setdefault((language, code), []).append(value)
    for language, code, official in officials:  # derived last: a real name always wins
        long_form = _long_form(official, short_names.get((language, code), []), language)
        if long_form:
            names.setdefault(normalise_key(long_form), code)
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
    """Every country named in a field ("Chile and Peru", "Chile; Perú").

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

    For descriptions such as "… University of Xville of the Republic of Ruritania".
    """
    return list(_mentioned_countries(text, tuple(exclude)))


@lru_cache(maxsize=65536)
def _mentioned_countries(text: str, exclude: tuple[str, ...]) -> tuple[str, ...]:
    """mentioned_countries, cached (descriptions repeat)."""
    key = f" {normalise_key(text)} "
    found: list[tuple[int, str]] = []
    for name, code in sorted(country_names().items(), key=lambda item: -len(item[0])):
        position = key.find(f" {name} ")
        if position < 0:
            continue
        # An excluded country's name still takes its words: "Estados Unidos Mexicanos"
        # must not leave a shorter name inside it to be found next.
        key = key.replace(f" {name} ", " | ")
        if code not in exclude and code not in {c for _, c in found}:
            found.append((position, code))
    return tuple(code for _, code in sorted(found))
