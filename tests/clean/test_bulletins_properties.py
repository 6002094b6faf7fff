"""Property-based tests of the bulletin parser: entries generated from the raw format.

Entries are built field by field, in English or in Spanish (header, edition month, date
as written, place, countries, themes) and written as the raw CSV. Each generated entry
carries its truth: what a correct cleaning must give, worked out here from the reference
tables by plain rules that do not call the code under test.

The rule held over a few thousand generated entries: zero silent errors. Every entry
ends as a clean row whose checked fields equal their truth, or whose differing field is
flagged in the log (a review reason, by a rule naming that field), or as a reject with a
reason. Forms the
cleaning is meant to read (states, municipalities named in full or by a unique short
name, in either language) must also come out right without a flag, so a cleaning that
flags everything fails too. Noise that carries no information (spaces, HTML debris,
letter case of country names, row order) changes nothing.
"""

import calendar
import csv
import io
import re

import pycountry
import pytest
from babel import Locale
from babel.dates import get_month_names
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from unidecode import unidecode

from helpers.clean.bulletin_entries import RAW_COLUMNS
from helpers.clean.bulletins import REVIEW_RULES, clean_bulletins_text
from helpers.core.text import normalise_key
from helpers.reference.entities import load_entities, load_municipalities
from helpers.reference.themes import load_themes

ENTITIES = load_entities()
BY_CODE = {row.entity_code: row for row in ENTITIES.itertuples()}
CATALOGUE = load_municipalities().assign(key=lambda frame: frame["municipality"].map(normalise_key))
# Every name an entity is known by, as the test's own truth: a place named so is the entity.
ENTITY_KEYS = {
    normalise_key(alias)
    for row in ENTITIES.itertuples()
    for alias in [row.entity, row.official_name, row.english_name, *row.aliases.split(";")]
}
# The country's own name: as a place it names no entity (official name of one, though).
HOME_NAMES = {"mexico"}
TITLE_WORDS = {"san", "santa", "santo", "santos", "villa", "ciudad", "heroica", "puerto", "general"}
JOINING_WORDS = {"de", "del", "la", "las", "el", "los", "y", "e"}

SPANISH_HEADER = [
    "Mes del boletín",
    "Fecha",
    "Lugar",
    "Actor",
    "Contraparte",
    "País",
    "Tema",
    "Resumen",
    "Fuente",
]
MONTHS = {lang: get_month_names("wide", locale=lang) for lang in ("en", "es")}
ISO_CODES = sorted(c.alpha_2 for c in pycountry.countries if c.alpha_2 != "MX")
COUNTRY_NAMES = {lang: Locale.parse(lang).territories for lang in ("en", "es")}
THEME_TERMS = sorted(
    {
        (term.strip(), row.theme)
        for row in load_themes().itertuples()
        for term in [
            row.label_en,
            row.label_es,
            *row.synonyms_en.split(";"),
            *row.synonyms_es.split(";"),
        ]
        if term.strip()
    }
)
# Files are read through sources.decode_utf8, which turns CR and CRLF into LF: text here
# has no CR, as read files never do, and no lone surrogate, which UTF-8 cannot hold.
TEXT = st.text(
    alphabet=st.characters(blacklist_characters="\r", blacklist_categories=("Cs",)), max_size=30
)
# Invented words for names of actors, counterparts and areas that are no municipality.
WORDS = st.lists(
    st.sampled_from(["Valle", "Azul", "Norte", "Brisas", "Ondara", "Quelmes", "Tarvia", "Ñeco"]),
    min_size=1,
    max_size=3,
).map(" ".join)
SETTINGS = settings(
    max_examples=50, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def _index() -> tuple[dict, dict]:
    """(key -> codes named so, key -> codes whose name begins with it, word by word)."""
    named, begun = {}, {}
    for key, code in zip(CATALOGUE["key"], CATALOGUE["municipality_code"], strict=True):
        named.setdefault(key, []).append(code)
        words = key.split()
        for size in range(1, len(words)):
            begun.setdefault(" ".join(words[:size]), []).append(code)
    return named, begun


NAMED, BEGUN = _index()


def fits(key: str, entity_code: str | None = None) -> list[str]:
    """Codes of the municipalities named ``key`` or whose name begins with it (by words)."""
    codes = sorted({*NAMED.get(key, []), *BEGUN.get(key, [])})
    return [code for code in codes if not entity_code or code[:2] == entity_code]


def short_names(key: str) -> list[str]:
    """The first words of a name that could stand for it (no joining word last, not only
    title words)."""
    words = key.split()
    return [
        " ".join(words[:size])
        for size in range(1, len(words))
        if words[size - 1] not in JOINING_WORDS and not set(words[:size]) <= TITLE_WORDS
    ]


def _named_like_an_entity(key: str) -> bool:
    return key in ENTITY_KEYS or key in HOME_NAMES


CATALOGUE["unique_in_state"] = [
    fits(row.key, row.entity_code) == [row.municipality_code] for row in CATALOGUE.itertuples()
]
CATALOGUE["unique_nationally"] = [
    fits(row.key) == [row.municipality_code] and not _named_like_an_entity(row.key)
    for row in CATALOGUE.itertuples()
]
CATALOGUE["short_name"] = [
    next(
        (short for short in short_names(row.key) if fits(short, row.entity_code) == [code]),
        "",
    )
    for row, code in zip(CATALOGUE.itertuples(), CATALOGUE["municipality_code"], strict=True)
]
IN_STATE = list(CATALOGUE[CATALOGUE["unique_in_state"]].itertuples())
NATIONAL = list(CATALOGUE[CATALOGUE["unique_nationally"]].itertuples())
SHORT = list(CATALOGUE[CATALOGUE["short_name"] != ""].itertuples())
AMBIGUOUS = list(
    CATALOGUE.groupby("key")
    .filter(lambda g: g["entity_code"].nunique() > 1 and not _named_like_an_entity(g.name))
    .drop_duplicates("key")
    .itertuples()
)


@st.composite
def state_forms(draw, code: str) -> str:
    """The entity named in one of the ways bulletins write it, English or Spanish."""
    entity = BY_CODE[code]
    forms = [entity.entity, entity.english_name, unidecode(entity.entity)]
    if normalise_key(entity.official_name) not in HOME_NAMES:
        forms += [
            entity.official_name,
            f"Estado de {entity.official_name}",
            f"State of {entity.official_name}",
        ]
    return draw(st.sampled_from(forms))


@st.composite
def places(draw):
    """(place as written, entity_code, municipality_code, how it must come out).

    The last is "resolved" (right, with no flag), or the log field a review flag must
    name: "entity" (nothing resolved) or "municipality" (the entity only, although the
    text names a place within it), or "" when the truth itself is unsure (a misspelling
    may happen to name another municipality).
    """
    kind = draw(
        st.sampled_from(
            ["state", "in_state", "national", "short", "area", "ambiguous", "misspelled"]
        )
    )
    if kind == "state":
        code = draw(st.sampled_from(sorted(BY_CODE)))
        return draw(state_forms(code)), code, "", "resolved"
    if kind == "ambiguous":
        row = draw(st.sampled_from(AMBIGUOUS))
        return row.municipality, "", "", "entity"
    table = {"in_state": IN_STATE, "national": NATIONAL, "short": SHORT}.get(kind, IN_STATE)
    row = draw(st.sampled_from(table))
    state = draw(state_forms(row.entity_code) | st.just(BY_CODE[row.entity_code].abbreviation))
    municipality_word = draw(st.sampled_from(["", "Municipio de ", "Municipality of "]))
    if kind == "in_state":
        place = f"{municipality_word}{row.municipality}, {state}"
        return place, row.entity_code, row.municipality_code, "resolved"
    if kind == "national":
        place = f"{municipality_word}{row.municipality}"
        return place, row.entity_code, row.municipality_code, "resolved"
    if kind == "short":
        words = row.municipality.split()
        short = next(
            " ".join(words[:size])
            for size in range(1, len(words) + 1)
            if normalise_key(" ".join(words[:size])) == row.short_name
        )
        return f"{short}, {state}", row.entity_code, row.municipality_code, "resolved"
    if kind == "area":
        area = draw(st.sampled_from(["Zona Metropolitana de", "Metropolitan Area of", "Región"]))
        return f"{area} {draw(WORDS)}, {state}", row.entity_code, "", "municipality"
    # misspelled: a letter doubled; the truth is what the text names, worked out here
    name = row.municipality
    at = draw(st.integers(1, len(name) - 1))
    misspelled = name[:at] + name[at] + name[at:]
    key = normalise_key(misspelled)
    assume(not _named_like_an_entity(key))
    if draw(st.booleans()):
        named = fits(key, row.entity_code)
        code = named[0] if len(named) == 1 else ""
        return f"{misspelled}, {state}", row.entity_code, code, "" if named else "municipality"
    named = fits(key)
    code = named[0] if len(named) == 1 else ""
    return misspelled, code[:2], code, "" if named else "entity"


@st.composite
def entries(draw):
    """(raw fields, truth): what a correct cleaning must give for each checked field."""
    year, month = draw(st.integers(2015, 2025)), draw(st.integers(1, 12))
    lang = draw(st.sampled_from(["en", "es"]))
    month_name = MONTHS[lang][month]
    edition = draw(
        st.sampled_from(
            [f"{year}-{month:02d}", f"{month_name} {year}", f"{month_name} de {year}"]
            if lang == "es"
            else [f"{year}-{month:02d}", f"{month_name} {year}"]
        )
    )
    form = draw(st.sampled_from(["day", "month", "day_year", "empty"]))
    day = draw(st.integers(1, 28))
    date_text = {
        ("en", "day"): f"{month_name} {day}",
        ("en", "month"): month_name,
        ("en", "day_year"): f"{month_name} {day}, {year}",
        ("es", "day"): f"{day} de {month_name}",
        ("es", "month"): month_name,
        ("es", "day_year"): f"{day} de {month_name} de {year}",
    }.get((lang, form), "")
    date = f"{year}-{month:02d}" + (f"-{day:02d}" if form.startswith("day") else "")
    place, entity_code, municipality_code, outcome = draw(places())
    countries = draw(st.lists(st.sampled_from(ISO_CODES), min_size=1, max_size=3, unique=True))
    country_names = [COUNTRY_NAMES[draw(st.sampled_from(["en", "es"]))][c] for c in countries]
    themes = draw(
        st.lists(st.sampled_from(THEME_TERMS), min_size=1, max_size=3, unique_by=lambda t: t[1])
    )
    joiner = draw(st.sampled_from([" and ", " y ", ", ", "; "]))
    actor, counterpart = draw(WORDS), draw(WORDS)
    fields = {
        "bulletin_month": edition,
        "date_text": date_text,
        "place_text": place,
        "actor_text": actor,
        "counterpart_text": counterpart,
        "country_text": joiner.join(country_names),
        "theme_text": joiner.join(term.lower() for term, _ in themes),
        "summary": draw(TEXT),
        "source": "Invented, 2024",
    }
    truth = {
        "bulletin_month": f"{year}-{month:02d}",
        "date": date,
        "entity_code": entity_code,
        "municipality_code": municipality_code,
        "partner_countries": ";".join(countries),
        "themes": {key for _, key in themes},
        "actor": actor,
        "counterpart": counterpart,
        "outcome": outcome,
    }
    return fields, truth


def _csv(rows: list[dict], spanish: bool = False, delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", delimiter=delimiter)
    writer.writerow(SPANISH_HEADER if spanish else RAW_COLUMNS)
    writer.writerows([row[column] for column in RAW_COLUMNS] for row in rows)
    return out.getvalue()


# The log field a review rule must name when a checked column differs from its truth.
FLAG_FIELDS = {
    "bulletin_month": {"bulletin_month"},
    "date": {"date"},
    "entity_code": {"entity"},
    "municipality_code": {"entity", "municipality"},
    "partner_countries": {"partner_countries"},
    "themes": {"themes"},
    "actor": set(),
    "counterpart": set(),
}


def silent_errors(result, generated) -> list[str]:
    """Every checked field that differs from its truth with no review flag naming it; and
    every place that must be read right unflagged but was not, or flagged but was not."""
    log = result.log
    flagged = log[log["review"] != ""]
    assert (log["review"] != "").equals(log["rule"].isin(REVIEW_RULES))  # every flag has a reason
    pairs = zip(flagged["rule"], flagged["field"], strict=True)
    assert all(REVIEW_RULES[rule] == field for rule, field in pairs)  # flags name their field
    flags = set(flagged[["source_row", "field"]].itertuples(index=False, name=None))
    rejected = set(result.rejects["source_row"])
    clean = result.clean.set_index("source_row")
    errors = []
    for source_row, (fields, truth) in enumerate(generated, start=1):
        if source_row in rejected:
            continue
        row = clean.loc[source_row]
        found = {**row.to_dict(), "themes": set(filter(None, row["themes"].split(";")))}
        for column, flag_fields in FLAG_FIELDS.items():
            if found[column] != truth[column] and not any(
                (source_row, field) in flags for field in flag_fields
            ):
                errors.append(
                    f"row {source_row} {column}: {found[column]!r}, truth {truth[column]!r}, "
                    f"no flag; from {fields}"
                )
        place_flags = {
            field for field in ("entity", "municipality") if (source_row, field) in flags
        }
        outcome = truth["outcome"]
        right = all(found[c] == truth[c] for c in ("entity_code", "municipality_code"))
        if outcome == "resolved" and (place_flags or not right):
            errors.append(f"row {source_row}: '{fields['place_text']}' not read right: {found}")
        if outcome in ("entity", "municipality") and outcome not in place_flags:
            errors.append(f"row {source_row}: '{fields['place_text']}' not flagged {outcome}")
    return errors


@pytest.mark.slow
@settings(SETTINGS, max_examples=120)
@given(st.lists(entries(), min_size=10, max_size=20), st.booleans())
def test_zero_silent_errors_in_english_and_spanish(generated, spanish):
    result = clean_bulletins_text(_csv([fields for fields, _ in generated], spanish))
    assert result.rows_in == len(result.clean) + len(result.rejects) == len(generated)
    assert result.rejects.empty, result.rejects.to_dict("records")  # every entry is readable
    assert result.warnings == []
    errors = silent_errors(result, generated)
    assert not errors, "\n".join(errors)


@pytest.mark.slow
@SETTINGS
@given(st.lists(entries(), min_size=1, max_size=6))
def test_spanish_and_english_headers_give_the_same_table(generated):
    rows = [fields for fields, _ in generated]
    english = clean_bulletins_text(_csv(rows))
    for spanish, delimiter in [(True, ","), (True, ";"), (False, ";")]:
        other = clean_bulletins_text(_csv(rows, spanish, delimiter))
        assert english.clean.equals(other.clean)
        assert english.log.equals(other.log)


NOISE = st.sampled_from([("", ""), ("  ", "  "), ("\t", " "), ("< td>", "< /td>")])


@pytest.mark.slow
@SETTINGS
@given(
    entries(), st.lists(NOISE, min_size=len(RAW_COLUMNS), max_size=len(RAW_COLUMNS)), st.booleans()
)
def test_noise_around_fields_changes_nothing(entry, noise, upper):
    fields, _ = entry
    noisy = {
        name: f"{before}{value}{after}" if value and name != "bulletin_month" else value
        for (name, value), (before, after) in zip(fields.items(), noise, strict=True)
    }
    if upper:
        noisy["country_text"] = noisy["country_text"].upper()
    clean = clean_bulletins_text(_csv([fields])).clean.iloc[0]
    dirty = clean_bulletins_text(_csv([noisy])).clean.iloc[0]
    for column in (
        "date",
        "date_precision",
        "entity_code",
        "municipality_code",
        "partner_countries",
        "themes",
    ):
        assert dirty[column] == clean[column], column


@pytest.mark.slow
@SETTINGS
@given(
    st.lists(st.dictionaries(st.sampled_from(RAW_COLUMNS), TEXT), min_size=1, max_size=8),
    st.lists(entries(), max_size=3),
    st.randoms(use_true_random=False),
)
def test_any_rows_in_any_order_end_clean_or_rejected(junk, good, random):
    rows = [{column: row.get(column, "") for column in RAW_COLUMNS} for row in junk]
    rows += [fields for fields, _ in good]
    random.shuffle(rows)
    result = clean_bulletins_text(_csv(rows))
    assert result.rows_in == len(rows)
    assert len(result.clean) + len(result.rejects) == len(rows)
    assert (result.rejects["reason"].str.len() > 0).all()


def test_the_generators_cover_every_kind_of_place():
    assert min(len(IN_STATE), len(NATIONAL), len(SHORT), len(AMBIGUOUS)) > 20
    assert re.fullmatch(r"[A-Z]{2}", ISO_CODES[0]) and len(ISO_CODES) > 200
    assert {lang for lang in MONTHS} == {"en", "es"} and calendar.month_name[1] == MONTHS["en"][1]
