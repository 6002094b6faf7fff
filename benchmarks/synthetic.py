"""Synthetic raw inputs at any size, in the formats the real sources use.

The SRE registry covers every partner country and decades of agreements; the bulletins
come monthly. These generators write tables in the raw formats (agreements page text,
bulletin CSV) with all 32 entities, state and municipal actors, many countries, themes
and date forms, so the cleaning can be measured on 1,000 to 100,000 rows. The agreements
mix the forms the cleaning reads: rows in English and in Spanish (as the SRE publishes
them), dates in words and day-first numbers, parties joined by a dash or by "and" / "y".
"""

from __future__ import annotations

import calendar
import csv
import io
import random

from babel import Locale

from helpers.clean.bulletin_entries import RAW_COLUMNS
from helpers.reference.countries import resolve_country
from helpers.reference.entities import load_entities, load_municipalities
from helpers.reference.themes import load_themes

HEADER = "Federative EntityTypeBetweenDescriptionSubject of the AgreementDate signed Validity"
COUNTRIES = [
    "Russia",
    "Japan",
    "Germany",
    "Spain",
    "United States",
    "China",
    "France",
    "Brazil",
    "Republic of Korea",
    "Canada",
    "Italy",
    "India",
    "Chile",
    "Colombia",
    "Argentina",
    "Cuba",
    "Peru",
    "Netherlands",
    "Sweden",
    "Poland",
]
MONTHS = list(calendar.month_name)[1:]
MONTHS_ES = [Locale("es").months["format"]["wide"][month] for month in range(1, 13)]  # CLDR
SPANISH_SHARE = 0.3  # rows written in Spanish
INSTITUTIONS_ES = [
    "Universidad",
    "Instituto Tecnológico",
    "Cámara de Comercio",
    "Consejo",
    "Agencia de Desarrollo",
    "Museo",
    "Academia de Ciencias",
    "Consejo de Turismo",
]
INSTITUTIONS = [
    "University",
    "Institute of Technology",
    "Chamber of Commerce",
    "Council",
    "Agency for Development",
    "Museum",
    "Academy of Sciences",
    "Tourism Board",
]


def _date(rng: random.Random, year: int, spanish: bool = False) -> str:
    month, day = rng.randrange(12), rng.randint(1, 28)
    if spanish:
        return rng.choice(
            [
                f"{day} de {MONTHS_ES[month]} de {year}",
                f"{MONTHS_ES[month]} de {year}",
                f"{day:02d}/{month + 1:02d}/{year}",
                f"{year}",
            ]
        )
    return rng.choice(
        [
            f"{MONTHS[month]} {day}, {year}",
            f"{day} {MONTHS[month]} {year}",
            f"{MONTHS[month]} {year}",
            f"{year}",
        ]
    )


def _spanish_country(name: str) -> str:
    """The country's Spanish name (Babel's CLDR data)."""
    return Locale("es").territories[resolve_country(name)]


def agreements_table(n_rows: int, seed: int = 0) -> str:
    """Page text of an SRE agreements table with ``n_rows`` rows."""
    rng = random.Random(seed)
    entities = load_entities()
    municipalities = load_municipalities()
    by_entity = municipalities.groupby("entity_code")["municipality"].apply(list).to_dict()
    themes = load_themes()
    themes_en, themes_es = themes["label_en"].tolist(), themes["label_es"].tolist()
    countries_es = {country: _spanish_country(country) for country in COUNTRIES}
    lines = ["Inter-institutional agreements (synthetic)", "", HEADER]
    for _ in range(n_rows):
        entity = entities.iloc[rng.randrange(32)]
        name = rng.choice([entity.entity, entity.english_name])
        municipal = rng.random() < 0.3
        spanish = rng.random() < SPANISH_SHARE
        country = rng.choice(COUNTRIES)
        city = rng.choice(["Kazan", "Lyon", "Kyoto", "Porto", "Hamburg", "Busan", "Austin"])
        year = rng.randint(1990, 2024)
        signed = _date(rng, year, spanish)
        end = _date(rng, year + rng.randint(1, 6), spanish)
        debris = rng.choice(["", "< /td>", "< /strong>"])
        if spanish:
            if municipal:
                mexican = f"Municipio de {rng.choice(by_entity[entity.entity_code])}"
            else:
                mexican = f"{rng.choice(INSTITUTIONS_ES)} de {entity.entity}"
            foreign = f"{rng.choice(INSTITUTIONS_ES)} de {city}"
            validity = rng.choice(["No especificada.", "Indefinida.", f"{end}. -Concluido-"])
            theme = rng.choice(themes_es)
            description = (
                f"Convenio de colaboración entre {mexican} y {foreign} en {theme.lower()}."
            )
            separator = rng.choice([" – ", " – ", " y "])
            lines.append(
                f"{name}{'Municipal' if municipal else 'Estatal'}{mexican}{separator}{foreign}, "
                f"{countries_es[country]}.{description}{theme}.{debris}{signed}.{validity}"
            )
            continue
        if municipal:
            mexican = f"Municipality of {rng.choice(by_entity[entity.entity_code])}"
        else:
            mexican = f"{rng.choice(INSTITUTIONS)} of {entity.english_name}"
        foreign = f"{rng.choice(INSTITUTIONS)} of {city}"
        validity = rng.choice(["Not specified.", "Indefinite.", f"{end}. -Completed-"])
        theme = rng.choice(themes_en)
        description = (
            f"Collaboration Agreement between the {mexican} and the {foreign} on {theme.lower()}."
        )
        separator = rng.choice([" – ", " – ", " and "])
        lines.append(
            f"{name}{'Municipal' if municipal else 'State'}{mexican}{separator}{foreign}, "
            f"{country}.{description}{theme}.{debris}{signed}.{validity}"
        )
    lines += ["", "Source: synthetic registry for benchmarks.", ""]
    return "\n".join(lines)


def bulletins_table(n_rows: int, seed: int = 0) -> str:
    """CSV of bulletin entries in the raw CEDL format with ``n_rows`` rows."""
    rng = random.Random(seed)
    entities = load_entities()
    municipalities = load_municipalities()
    themes = load_themes()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RAW_COLUMNS)
    for _ in range(n_rows):
        year, month = rng.randint(2018, 2025), rng.randint(1, 12)
        entity = entities.iloc[rng.randrange(32)]
        if rng.random() < 0.3:
            row = municipalities.iloc[rng.randrange(len(municipalities))]
            place = f"{row.municipality}, {entities.set_index('entity_code').at[row.entity_code, 'entity']}"
        else:
            place = rng.choice([entity.entity, entity.english_name])
        date_text = rng.choice(["", f"{MONTHS[month - 1]} {rng.randint(1, 28)}", MONTHS[month - 1]])
        theme_text = " and ".join(
            rng.sample(themes["label_en"].str.lower().tolist(), k=rng.randint(1, 2))
        )
        countries = " and ".join(rng.sample(COUNTRIES, k=rng.randint(1, 2)))
        writer.writerow(
            [
                f"{year}-{month:02d}",
                date_text,
                place,
                "State government",
                "Embassy",
                countries,
                theme_text,
                "Synthetic entry.",
                "Synthetic, 2024",
            ]
        )
    return out.getvalue()
