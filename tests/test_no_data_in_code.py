"""No name or date from the data in the package or the notebooks' code.

The compendium claims that its code works for any partner country, period and table:
a module that names a state, a town, an institution or a country of today's data, or
one of its dates, is a rule tuned to the examples (or a docstring that will mislead
when the data change). This test reads every module in ``src/helpers/`` (code, strings,
comments, docstrings) and every notebook code cell except the parameter defaults (the
cell tagged ``parameters``, where a default value and its comment may name the data),
and fails on any such name or date, printing each with its file and line.

What is forbidden is computed here from the data, never listed by hand:

- **names**: the federal entities and municipalities of the clean tables (their
  INEGI names, official and English names and aliases from the entities reference),
  the parties (Mexican and foreign, with every variant the institutions reference
  gives for them), the partner countries (every English and Spanish name
  helpers.reference.countries knows for them: pycountry, its translations and Babel's CLDR), and
  the bulletins' places, actors and counterparts as written;
- **dates**: every date of the clean tables in ISO (day, month, year), its year alone,
  its day and month in English and Spanish as Babel writes them, and the dates as the
  raw bulletins write them.

How a name is matched: whole words, case- and accent-insensitively, a name written
over two lines included. A name is caught whole when it has at least MIN_LETTERS
letters. A word inside a longer name of the four kinds above (entity, place,
institution, country) is caught on its own only when it is itself the name of a place
or an institution in the references (a country, a Mexican federal entity or
municipality, an institution or one of its variants, a city as CLDR names it), with
at least MIN_LETTERS letters: "Moscow" in a foreign party's name is a city, "Puebla"
in a university's name a state, while "Estado", "Government", "University", "Federal"
or "Libre" are ordinary words that name nothing by themselves. The home country
(helpers.reference.entities.HOME_COUNTRY) is the frame of the whole project: its names are no
violation ("México" inside "Estado de México" is not caught; "Estado de México" is).
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import pycountry
import pytest
from babel import Locale
from babel.dates import format_date, format_skeleton
from unidecode import unidecode

from helpers.core.paths import HELPERS_DIR, NOTEBOOKS_DIR, PROJECT_ROOT, RAW_DIR
from helpers.reference.countries import country_names
from helpers.reference.entities import HOME_COUNTRY, load_entities, load_municipalities
from helpers.reference.institutions import load_institutions

SRE_DIR = RAW_DIR / "sre"
CEDL_DIR = RAW_DIR / "cedl"
MIN_LETTERS = 4  # shorter names and words ("Col.", "Pue", "BC") are too often other words
LANGUAGES = ("en", "es")

_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Accent- and case-free, punctuation as single spaces: the form every match uses."""
    return " ".join(_NOT_ALPHANUMERIC.sub(" ", unidecode(str(text)).casefold()).split())


def letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


# --- the data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Data:
    """The clean tables the helpers make from the raw files, and the raw bulletins."""

    agreements: pd.DataFrame
    interactions: pd.DataFrame
    raw_bulletins: pd.DataFrame


@lru_cache(maxsize=1)
def real_data() -> Data:
    from helpers.clean.agreements import clean_agreements_file
    from helpers.clean.bulletins import clean_bulletins_file

    agreements = pd.concat(
        [clean_agreements_file(path).clean for path in sorted(SRE_DIR.glob("*.txt"))],
        ignore_index=True,
    )
    bulletin_files = sorted(CEDL_DIR.glob("*.csv"))
    interactions = pd.concat(
        [clean_bulletins_file(path).clean for path in bulletin_files], ignore_index=True
    )
    raw = pd.concat(
        [pd.read_csv(path, dtype=str, keep_default_na=False) for path in bulletin_files],
        ignore_index=True,
    )
    return Data(agreements.astype(str), interactions.astype(str), raw)


def _values(frame: pd.DataFrame, *columns: str) -> set[str]:
    found: set[str] = set()
    for column in columns:
        if column in frame.columns:
            found |= {v.strip() for v in frame[column].astype(str) if v.strip()}
    return found


def _split(value: str) -> list[str]:
    return [part.strip() for part in str(value).split(";") if part.strip()]


# --- names -----------------------------------------------------------------------------------


def home_names() -> set[str]:
    """Every name of the home country (folded): the project's frame, never a violation."""
    return {name for name, code in country_names().items() if code == HOME_COUNTRY} | {
        fold(Locale.parse(lang).territories[HOME_COUNTRY]) for lang in LANGUAGES
    }


def entity_names(data: Data) -> set[str]:
    codes = _values(data.agreements, "entity_code") | _values(data.interactions, "entity_code")
    entities = load_entities().set_index("entity_code")
    names = set()
    for code in codes & set(entities.index):
        row = entities.loc[code]
        names |= {row["official_name"], row["entity"], row["english_name"], row["abbreviation"]}
        names |= set(_split(row["aliases"]))
    return {name for name in names if name}


def municipality_names(data: Data) -> set[str]:
    names = _values(data.agreements, "municipality") | _values(data.interactions, "municipality")
    codes = _values(data.interactions, "municipality_code")
    catalogue = load_municipalities()
    names |= set(catalogue[catalogue["municipality_code"].isin(codes)]["municipality"])
    return names


def institution_names(data: Data) -> set[str]:
    parties = _values(data.agreements, "mexican_party", "foreign_party")
    table = load_institutions()
    names = set(parties)
    for row in table.itertuples():
        variants = [row.canonical_name, *_split(row.variants)]
        if row.canonical_name in parties or parties & set(variants):
            names |= set(variants)
            if row.abbreviation:
                names.add(row.abbreviation)
    return names


def country_names_in_data(data: Data) -> set[str]:
    codes = _values(data.agreements, "partner_country")
    for value in _values(data.interactions, "partner_countries"):
        codes |= set(_split(value))
    codes.discard(HOME_COUNTRY)
    names = {name for name, code in country_names().items() if code in codes}
    for code in codes:
        country = pycountry.countries.get(alpha_2=code)
        for attribute in ("name", "official_name", "common_name"):
            if getattr(country, attribute, None):
                names.add(getattr(country, attribute))
        names |= {Locale.parse(lang).territories[code] for lang in LANGUAGES}
    return names


def written_names(data: Data) -> set[str]:
    """The bulletins' places, actors and counterparts as written, raw and clean."""
    return _values(
        data.raw_bulletins, "place_text", "actor_text", "counterpart_text", "country_text"
    ) | _values(data.interactions, "actor", "counterpart")


# --- which words of a longer name are names themselves -----------------------------------------


def world_cities() -> set[str]:
    """Cities as CLDR names them in English and Spanish (the time zones' exemplar cities)."""
    import zoneinfo

    from babel.dates import get_timezone_location

    return {
        get_timezone_location(zone, lang, return_city=True)
        for zone in zoneinfo.available_timezones()
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/"))
        for lang in LANGUAGES
    }


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Every name of a place or an institution the references know, folded: each country
    (helpers.reference.countries: ISO, pycountry's translations, CLDR), each Mexican federal entity
    and municipality (INEGI), each institution and its variants, each CLDR city."""
    names = set(country_names())
    for row in load_entities().itertuples():
        names |= {row.official_name, row.entity, row.english_name, *_split(row.aliases)}
    names |= set(load_municipalities()["municipality"])
    for row in load_institutions().itertuples():
        names |= {row.canonical_name, *_split(row.variants)}
    names |= world_cities()
    return frozenset(fold(name) for name in names if name)


def _words(name: str) -> set[str]:
    return {w for w in fold(name).split() if letters(w) >= MIN_LETTERS}


def forbidden_names(data: Data) -> dict[str, str]:
    """Folded name or word -> where it comes from (for the message)."""
    home = home_names()
    home_words = set().union(*(set(name.split()) for name in home))
    kinds = {
        "entity": entity_names(data),
        "municipality": municipality_names(data),
        "institution": institution_names(data),
        "country": country_names_in_data(data),
    }
    terms: dict[str, str] = {}
    for kind, names in kinds.items():  # whole names first: a name is reported as itself
        for name in sorted(names):
            key = fold(name)
            if key not in home and letters(key) >= MIN_LETTERS:
                terms.setdefault(key, f"{kind} name {name!r}")
    for kind, names in kinds.items():  # then the words of longer names that name a place
        for name in sorted(names):
            if fold(name) in home or len(fold(name).split()) < 2:
                continue
            for word in sorted((_words(name) & place_names()) - home_words):
                terms.setdefault(word, f"word of the {kind} name {name!r}")
    for name in sorted(written_names(data)):
        key = fold(name)
        if key not in home and letters(key) >= MIN_LETTERS:
            terms.setdefault(key, f"bulletin text {name!r}")
    return terms


# --- dates -----------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_forms(value: str) -> set[str]:
    """An ISO date (day, month or year precision) in the forms code could write it."""
    import datetime as dt

    match = _ISO.match(value.strip())
    if not match:
        return set()
    year, month, day = match.groups()
    forms = {year, value.strip()}
    if day:
        date = dt.date(int(year), int(month), int(day))
        for lang in LANGUAGES:
            for skeleton in ("MMMMd", "yMMMMd", "yMMMd", "yMd"):  # as the locale writes it
                forms.add(format_skeleton(skeleton, date, locale=lang))
            for pattern in ("d MMMM", "MMMM d", "d MMMM y", "MMMM d, y"):  # day first or not
                forms.add(format_date(date, pattern, locale=lang))
        forms |= {
            f"{day}/{month}/{year}",
            f"{int(day)}/{int(month)}/{year}",
            f"{day}.{month}.{year}",
        }
    return forms


def forbidden_dates(data: Data) -> dict[str, str]:
    """Folded date form -> where it comes from (for the message)."""
    terms: dict[str, str] = {}
    iso = _values(data.agreements, "signed_on", "valid_until") | _values(
        data.interactions, "date", "bulletin_month"
    )
    for value in sorted(iso):
        for form in sorted(date_forms(value)):
            terms.setdefault(fold(form), f"date {value} of the data")
    for written in sorted(_values(data.raw_bulletins, "date_text")):
        if any(ch.isdigit() for ch in written):
            terms.setdefault(fold(written), f"date {written!r} as the bulletins write it")
    return terms


@lru_cache(maxsize=1)
def real_forbidden() -> dict[str, str]:
    """Everything forbidden by today's data, names and dates."""
    return {**forbidden_names(real_data()), **forbidden_dates(real_data())}


# --- the code --------------------------------------------------------------------------------


def helpers_sources() -> list[tuple[str, list[tuple[int, str]]]]:
    """(file, [(line number, text)]) for every module of the package."""
    return [
        (
            str(path.relative_to(PROJECT_ROOT)),
            list(enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)),
        )
        for path in sorted(HELPERS_DIR.rglob("*.py"))
    ]


def notebook_sources() -> list[tuple[str, list[tuple[int, str]]]]:
    """(notebook and cell, [(line number, text)]) for every code cell but the parameters."""
    found = []
    for path in sorted(NOTEBOOKS_DIR.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for index, cell in enumerate(notebook["cells"]):
            if cell["cell_type"] != "code" or "parameters" in cell["metadata"].get("tags", []):
                continue
            source = "".join(cell["source"])
            where = f"{path.relative_to(PROJECT_ROOT)} cell {index}"
            found.append((where, list(enumerate(source.splitlines(), start=1))))
    return found


@dataclass(frozen=True)
class Violation:
    where: str
    line: int
    term: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}:{self.line}: {self.term!r} ({self.why})"


def find_terms(lines: list[tuple[int, str]], terms: dict[str, str], where: str) -> list[Violation]:
    """Every whole-word occurrence of a folded term, a term written over two lines included."""
    if not terms or not lines:
        return []
    starts, pieces, offset = [], [], 0
    for _, text in lines:
        folded = fold(text)
        starts.append(offset)
        pieces.append(folded)
        offset += len(folded) + 1
    joined = " ".join(pieces)
    alternatives = sorted(terms, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![a-z0-9])("
        + "|".join(re.escape(t).replace(r"\ ", " ") for t in alternatives)
        + r")(?![a-z0-9])"
    )
    found = []
    for match in pattern.finditer(joined):
        index = bisect.bisect_right(starts, match.start()) - 1
        found.append(Violation(where, lines[index][0], match.group(1), terms[match.group(1)]))
    return found


def violations(sources, terms) -> list[Violation]:
    return [v for where, lines in sources for v in find_terms(lines, terms, where)]


# --- the rules of the test, on invented text ---------------------------------------------------


def test_fold_and_whole_word_matching():
    terms = {fold("Villa Ficticia"): "invented", "ozora": "invented"}
    lines = [
        (1, "x = 'VILLA FICTÍCIA'  # shouted, accented"),
        (2, "villaficticia and ozoras are other words"),
        (3, "the town of Villa"),
        (4, "Ficticia, over two lines; ÓZORA."),
    ]
    found = [(v.line, v.term) for v in find_terms(lines, terms, "f.py")]
    assert found == [(1, "villa ficticia"), (3, "villa ficticia"), (4, "ozora")]


def test_dates_in_every_form():
    forms = date_forms("2033-04-09")
    assert {"2033", "2033-04-09", "April 9", "9 de abril", "April 9, 2033"} <= forms
    assert "9 de abril de 2033" in forms and "09/04/2033" in forms
    assert date_forms("2033-04") == {"2033", "2033-04"}
    assert date_forms("no date") == set()


def test_words_of_longer_names_are_caught_when_they_name_a_place():
    places = place_names()
    assert {"moscow", "moscu", "puebla", "torreon"} <= places
    assert not {"estado", "government", "university", "federal", "libre"} & places
    names = forbidden_names(real_data())
    # Caught: the partner country in both languages, a foreign city named inside a party's
    # name, the municipality, an entity; not caught: the home country, generic words.
    assert {"russia", "rusia", "moscow", "torreon", "colima", "estado de mexico"} <= set(names)
    assert not {"mexico", "estado", "government", "university", "state"} & set(names)


def invented_data() -> Data:
    """Tables as the cleaning writes them, for a partner and places no real data name."""
    agreements = pd.DataFrame(
        {
            "entity_code": ["14"],
            "entity": ["Jalisco"],
            "municipality": ["Zapopan"],
            "mexican_party": ["Universidad Ficticia de Zapopan"],
            "foreign_party": ["Government of the Ozora Region"],
            "partner_country": ["JP"],
            "signed_on": ["2033-04-09"],
            "valid_until": [""],
        }
    )
    interactions = pd.DataFrame(
        {
            "entity_code": ["31"],
            "entity": ["Yucatán"],
            "municipality": [""],
            "municipality_code": [""],
            "partner_countries": ["JP;KR"],
            "actor": ["Mayor of Nowhere"],
            "counterpart": ["Tokyo Ballet Ensemble"],
            "date": ["2034-02"],
            "bulletin_month": ["2034-02"],
        }
    )
    raw = pd.DataFrame({"place_text": ["Yucatan"], "date_text": ["February 2034"]})
    return Data(agreements, interactions, raw)


def test_what_is_forbidden_follows_the_data_given():
    names = forbidden_names(invented_data())
    # Entities with their reference names, the municipality, the parties, both partner
    # countries in English and Spanish, the bulletin's actor as written; a word of a party's
    # name that is a place (the municipality); never the home country or generic words.
    assert {"jalisco", "zapopan", "yucatan", "japan", "japon", "south korea"} <= set(names)
    assert {"universidad ficticia de zapopan", "government of the ozora region"} <= set(names)
    assert {"mayor of nowhere", "tokyo ballet ensemble"} <= set(names)
    assert not {"ozora", "region", "government", "universidad", "mexico", "russia"} & set(names)
    dates = forbidden_dates(invented_data())
    assert {"2033", "2033 04 09", "april 9", "9 de abril", "2034", "2034 02"} <= set(dates)
    assert "february 2034" in dates and "1999" not in dates
    lines = [(1, "# e.g. an agreement of Zapopan signed 9 April 2033"), (2, "x = 'Japón'")]
    found = find_terms(lines, {**names, **dates}, "invented.py")
    assert [(v.line, v.term) for v in found] == [(1, "zapopan"), (1, "9 april 2033"), (2, "japon")]


def test_years_of_the_data_are_forbidden_dates():
    dates = forbidden_dates(real_data())
    years = {v[:4] for v in _values(real_data().agreements, "signed_on")}
    assert years and years <= set(dates)


# --- the rule itself -------------------------------------------------------------------------


@pytest.mark.parametrize("scope", ["src/helpers", "notebooks"])
def test_no_name_or_date_from_the_data_in_the_code(scope):
    sources = helpers_sources() if scope == "src/helpers" else notebook_sources()
    found = violations(sources, real_forbidden())
    for violation in found:
        print(violation)
    assert not found, (
        f"{len(found)} names or dates from the data in {scope} (use invented examples or "
        "generic wording; the data belong in data/):\n" + "\n".join(map(str, found))
    )
