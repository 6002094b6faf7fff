"""Property-based tests of the agreements parser: rows generated from the table's grammar.

Rows are built cell by cell (entity, type, Between, Description, Subject, Date signed,
Validity) and run together as the page does. Properties: the parser never crashes,
every row ends in the clean table or the rejects, and noise that carries no information
(HTML debris between cells, extra spaces) changes neither entity, dates nor theme.
"""

import calendar
import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.clean.agreement_cells import _CELL_BOUNDARY, parse_row, take_subject
from helpers.clean.agreement_parties import _AND, _DASHES
from helpers.clean.agreement_tail import (
    _TAIL,
    _TAIL_GROUPS,
    _TAIL_LOWERED,
    _search_tail,
    _tail_groups,
)
from helpers.clean.agreements import clean_agreements_text
from helpers.reference.entities import load_entities
from helpers.reference.themes import load_themes, single_theme

HEADER = "Federative EntityTypeBetweenDescriptionSubject of the AgreementDate signed Validity"
ENTITY_NAMES = sorted(
    {(row.entity, row.entity_code) for row in load_entities().itertuples()}
    | {(row.english_name, row.entity_code) for row in load_entities().itertuples()}
)
THEMES = [(row.label_en, row.theme) for row in load_themes().itertuples()]
COUNTRIES = [
    ("Russia", "RU"),
    ("Japan", "JP"),
    ("Germany", "DE"),
    ("Spain", "ES"),
    ("United States", "US"),
    ("China", "CN"),
    ("France", "FR"),
    ("Brazil", "BR"),
]
WORDS = st.sampled_from(
    [
        "University",
        "Institute",
        "Board",
        "Council",
        "Agency",
        "Lyceum",
        "Kazan",
        "Omsk",
        "Tula",
        "Kyoto",
        "Lyon",
        "Porto",
        "Hamburg",
        "Arts",
        "Sciences",
        "Sports",
        "Culture",
        "Tourism",
        "Technology",
    ]
)
DEBRIS = st.sampled_from(["", "< td>", "< /td>", "< /strong>", "< em>", "<br/>", "  "])
MONTHS = list(calendar.month_name)[1:]


def _name(words):
    return " ".join(words)


@st.composite
def date_cells(draw):
    day = draw(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)))
    form = draw(st.sampled_from(["mdy", "dmy", "my", "y"]))
    text = {
        "mdy": f"{MONTHS[day.month - 1]} {day.day}, {day.year}",
        "dmy": f"{day.day} {MONTHS[day.month - 1]} {day.year}",
        "my": f"{MONTHS[day.month - 1]} {day.year}",
        "y": f"{day.year}",
    }[form]
    iso = {
        "mdy": day.isoformat(),
        "dmy": day.isoformat(),
        "my": day.isoformat()[:7],
        "y": str(day.year),
    }[form]
    return day, text, iso


@st.composite
def rows(draw):
    """(row text, its cells, the fields a correct parse must give)."""
    entity, code = draw(st.sampled_from(ENTITY_NAMES))
    level_word, level = draw(
        st.sampled_from([("State", "state"), ("Municipal", "municipal"), ("Estatal", "state")])
    )
    mexican = _name(draw(st.lists(WORDS, min_size=1, max_size=4)))
    foreign = _name(draw(st.lists(WORDS, min_size=1, max_size=4)))
    country, country_code = draw(st.sampled_from(COUNTRIES))
    description = draw(
        st.one_of(
            st.just(""),
            st.lists(WORDS, min_size=2, max_size=12).map(
                lambda w: "Collaboration agreement on " + " ".join(w).lower() + "."
            ),
        )
    )
    label, theme = draw(st.sampled_from(THEMES))
    signed_day, signed_text, signed_iso = draw(date_cells())
    validity_kind = draw(st.sampled_from(["unspecified", "indefinite", "fixed-term"]))
    if validity_kind == "fixed-term":
        end = signed_day + dt.timedelta(days=draw(st.integers(min_value=366, max_value=4000)))
        status = draw(st.sampled_from(["", " -Completed-", " - Finished-"]))
        validity = f"{MONTHS[end.month - 1]} {end.day}, {end.year}.{status}"
        until = end.isoformat()
    else:
        validity = {"unspecified": "Not specified.", "indefinite": "Indefinite."}[validity_kind]
        until = ""
    subject = f"{label}." if description else ""
    cells = [
        entity,
        level_word,
        f"{mexican} – {foreign}, {country}.",
        description,
        subject,
        f"{signed_text}.",
        validity,
    ]
    expected = {
        "entity_code": code,
        "level": level,
        "signed_on": signed_iso,
        "valid_until": until,
        "validity": validity_kind,
        "between_country": country_code,
        "theme_label": label if description else "",
    }
    return cells, expected


def _join(cells, noise=None):
    noise = noise or [""] * (len(cells) - 1)
    return cells[0] + "".join(n + c for n, c in zip(noise, cells[1:], strict=True))


SETTINGS = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(rows())
def test_generated_rows_parse_to_their_fields(row):
    cells, expected = row
    parsed = parse_row(_join(cells))
    for field in (
        "entity_code",
        "level",
        "signed_on",
        "valid_until",
        "validity",
        "between_country",
    ):
        assert parsed[field] == expected[field], (field, _join(cells))
    assert parsed["subject"] == expected["theme_label"]


@SETTINGS
@given(rows(), st.lists(DEBRIS, min_size=6, max_size=6))
def test_noise_between_cells_changes_nothing(row, noise):
    cells, _ = row
    # debris sits between cells; a space may not split the entity from the type
    noise[0] = noise[0].strip() or ""
    clean = parse_row(_join(cells))
    noisy = parse_row(_join(cells, noise))
    for field in (
        "entity_code",
        "level",
        "signed_on",
        "signed_precision",
        "valid_until",
        "validity",
        "subject",
        "between_country",
    ):
        assert noisy[field] == clean[field], field


@pytest.mark.slow
@SETTINGS
@given(
    st.lists(
        st.one_of(
            rows().map(lambda r: _join(r[0])),
            st.text(min_size=1, max_size=120).filter(lambda t: "\n" not in t and "\r" not in t),
        ),
        min_size=1,
        max_size=8,
    ),
    st.randoms(use_true_random=False),
)
def test_any_rows_in_any_order_end_clean_or_rejected(raw_rows, random):
    raw_rows = [r for r in raw_rows if r.strip() and not r.lower().startswith(("source", "fuente"))]
    random.shuffle(raw_rows)
    text = "\n".join(["Title", HEADER, *raw_rows, "", "Source: test."]) + "\n"
    result = clean_agreements_text(text)
    assert result.rows_in == len(raw_rows)
    assert len(result.clean) + len(result.rejects) == len(raw_rows)
    assert set(result.rejects["reason"].str.len() > 0) <= {True}


# Pieces a row's end is made of: dates in several forms, validity words, statuses,
# punctuation and words run together or spaced, so that dates start at the text's start,
# after spaces and punctuation, or inside words.
_TAIL_PIECES = st.sampled_from(
    [
        "October 11, 1999",
        "11 de octubre de 1999",
        "2015",
        "marzo de 2021",
        "2014-10-30",
        "Not specified",
        "Indefinite",
        "indefinido",
        "-Completed-",
        "(Concluido)",
        "Education",
        "Russia",
        "x",
        "9",
        ".",
        ". ",
        " ",
        ",",
        "–",
        "é",
    ]
)


_A_DATE = st.sampled_from(["October 11, 1999", "11 de octubre de 1999", "2015", "marzo de 2021"])
_A_VALIDITY = st.sampled_from(["Not specified", "Indefinite", "2016", "May 1, 2020 -Completed-"])
_A_TAIL = st.tuples(_A_DATE, st.sampled_from([".", ". ", " ", ""]), _A_VALIDITY).map("".join)


@given(
    st.lists(_TAIL_PIECES, max_size=6).map("".join),
    st.one_of(_A_TAIL, st.lists(_TAIL_PIECES, max_size=8).map("".join)),
    st.integers(min_value=-2, max_value=2),
)
def test_the_tail_search_finds_what_a_search_at_every_position_finds(before, after, shift):
    # The search starts around the join, where a date may begin right at the start.
    text, start = before + after, max(0, len(before) + shift)
    expected, found = _TAIL.search(text, start), _search_tail(text, start)
    assert (expected is None) == (found is None)
    if expected:
        assert expected.start() == found.start("signed") and expected.end() == found.end()
        assert expected.groupdict() == found.groupdict()


_CASED_TAIL_PIECES = _TAIL_PIECES | st.sampled_from(
    ["NOT SPECIFIED", "may 7, 2014", "INDEFINIDA", "-COMPLETED-", "Ɐ", "ſ", "K", "İ", "\xa0"]
)


@given(
    st.lists(_CASED_TAIL_PIECES, max_size=6).map("".join),
    st.one_of(_A_TAIL, st.lists(_CASED_TAIL_PIECES, max_size=8).map("".join)),
    st.integers(min_value=-2, max_value=2),
)
def test_the_tail_read_from_lowered_ascii_is_the_case_blind_search(before, after, shift):
    # ASCII text is searched lowered, by the patterns without IGNORECASE (_tail_groups):
    # the same match, and the groups as the text writes them, in any case and script.
    text, start = before + after, max(0, len(before) + shift)
    expected, found = _TAIL.search(text, start), _tail_groups(text, start)
    assert (expected is None) == (found is None)
    if expected:
        assert found == (expected.start("signed"), list(expected.group(*_TAIL_GROUPS)))


def _plain_take_subject(middle: str, max_words: int = 4) -> tuple[str, str]:
    """take_subject as first written: every boundary in the last words, then the whole."""
    before_last_words = middle.rsplit(None, max_words + 2)
    window = len(before_last_words[0]) if len(before_last_words) > max_words + 2 else 0
    boundaries = _CELL_BOUNDARY.finditer(middle, max(0, window - 1))
    candidates = [(0, "")] + [(m.end(), m.group(1)) for m in boundaries]
    for start, gap in reversed(candidates):
        subject = middle[start:].strip()
        words = subject.rstrip(".").split()
        if not words or len(words) > max_words:
            break
        theme, unmapped = single_theme(subject)
        if (theme and not unmapped) or (start > 0 and gap == ""):
            return middle[:start].strip(), subject.rstrip(" .")
    return middle.strip(), ""


_MIDDLE_PIECES = st.sampled_from(
    ["Agreement", "on", "culture", "Culture", "Education", "Science and Technology", "Tourism"]
    + ["Cultura", "Turismo", "Oficios", "x", "É", "(Kazan)", '"Quoted"', "”", "»"]
    + [".", ". ", " ", "  ", ",", ")", "\t", "\xa0"]
)


@given(st.lists(_MIDDLE_PIECES, max_size=16).map("".join))
def test_take_subject_is_its_plain_definition(middle):
    # take_subject reads the last words once per distinct ending (cached): the same as
    # trying every boundary of the window, then the whole text.
    assert take_subject(middle) == _plain_take_subject(middle)


def test_the_tail_patterns_without_ignorecase_have_no_capital_letter():
    # What makes the lowered search exact: every letter the pattern matches is lower case
    # (escapes such as \W and \S are classes, not letters).
    letters = re.sub(r"\\.|\(\?P<\w+>", "", _TAIL_LOWERED.pattern)
    assert not any(character.isupper() for character in letters)
    assert not _TAIL_LOWERED.flags & re.IGNORECASE


@given(
    st.lists(
        st.sampled_from(list(".)\"'”’»(") + [" ", "  ", "B", "É", "b", "word"]), max_size=14
    ).map("".join),
    st.integers(min_value=0, max_value=12),
)
def test_cell_boundaries_are_where_punctuation_is_looked_behind_for(text, window):
    plain = re.compile(r"(?<=[.)\"'”’»])(\s*)(?=[A-ZÁÉÍÓÚÑ(])")  # the definition
    expected = [(m.end(), m.group(1)) for m in plain.finditer(text, window)]
    found = [(m.end(), m.group(1)) for m in _CELL_BOUNDARY.finditer(text, max(0, window - 1))]
    assert found == expected


@given(
    st.lists(
        st.sampled_from(
            list("ab yYeE&–—-") + ["  ", "\t", "and", "AND", "with", "con", "Con", "\xa0"]
        )
    ).map("".join)
)
def test_party_separators_split_as_their_plain_definitions(text):
    dashes = re.compile(r"\s+[–—-]\s+")
    conjunction = re.compile(r"\s+(?:and|y|e|&|with|con)\s+", re.I)
    assert _DASHES.split(text, maxsplit=1) == dashes.split(text, maxsplit=1)
    assert _AND.split(text, maxsplit=1) == conjunction.split(text, maxsplit=1)


# ---------------------------------------------------------------------------------------
# Zero silent errors. Whole tables are generated row by row from the registry's grammar in
# every form the cleaning claims to read: English and Spanish headers, types, dates
# (words, numeric day first, ISO, month and year, year alone), validity and status words;
# countries by English, Spanish and official names; parties joined by every separator,
# names that contain "and" / "y" themselves, institutions the reference table knows and
# invented ones it does not, state and municipal rows; descriptions that name the parties
# or not; HTML debris between cells; and rows that cannot be read (dates that cannot
# exist). Each row carries its truth. The rule: every row is rejected with a reason, or
# clean with every field equal to its truth, or clean and flagged for review with its
# reason in the cleaning log. Rows whose every part is unambiguous by construction must
# not be flagged: a rule that flagged everything would pass the rule and help nobody.

import gettext  # noqa: E402

import pycountry  # noqa: E402
from babel import Locale  # noqa: E402

from helpers.clean.agreement_tail import STATUS_WORDS  # noqa: E402
from helpers.reference.countries import resolve_country  # noqa: E402
from helpers.reference.entities import load_municipalities  # noqa: E402
from helpers.reference.institutions import canonical_institution, load_institutions  # noqa: E402

HEADER_ES = "Entidad FederativaTipoEntreDescripciónMateriaFecha de firmaVigencia"
MONTHS_ES = [Locale("es").months["format"]["wide"][month] for month in range(1, 13)]  # CLDR
_ENTITIES = load_entities()
# Looked up per drawn row: plain dicts, not frames (a frame lookup costs a thousand times more).
ENTITY_ROWS = [(row.entity_code, row.entity, row.english_name) for row in _ENTITIES.itertuples()]
MUNICIPALITIES_OF: dict[str, list[tuple[str, str]]] = {}
for _row in load_municipalities().itertuples():
    MUNICIPALITIES_OF.setdefault(_row.entity_code, []).append(
        (_row.municipality_code, _row.municipality)
    )
_THEMES = load_themes()
_ES = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"]).gettext


def _country_forms(code: str) -> list[str]:
    """Every way the generator names a country: Babel's English and Spanish names,
    pycountry's names and official names in English and Spanish (no comma or period:
    the Between cell ends at ', <country>.')."""
    country = pycountry.countries.get(alpha_2=code)
    forms = {Locale("en").territories[code], Locale("es").territories[code]}
    for attribute in ("name", "official_name", "common_name"):
        value = getattr(country, attribute, None)
        if value:
            forms |= {value, _ES(value)}
    return sorted(f for f in forms if "," not in f and "." not in f)


PARTNERS = ["RU", "JP", "DE", "ES", "US", "CN", "FR", "BR", "KR", "IT", "CA", "AR", "IN"]
COUNTRY_NAMES = {code: _country_forms(code) for code in PARTNERS}
COUNTRY_NAMES["RU"].append("Federación de Rusia")  # the SRE's form (derived, not listed)
# Invented foreign places and name parts: none is a country, an entity or a municipality.
CITIES = ["Lorvik", "Tessaly", "Brenholm", "Quarria", "Ostval", "Pellinor"]
HEADS_EN = ["University", "Institute", "Council", "Board", "Agency", "Museum", "Academy"]
HEADS_ES = ["Universidad", "Instituto", "Consejo", "Patronato", "Agencia", "Museo", "Academia"]
# Specialities: some hold the conjunction a Between cell may also be split at.
FIELDS_EN = ["Sciences and Arts", "Arts and Crafts", "Trade and Industry", "Technology", "Design"]
FIELDS_ES = ["Ciencias y Artes", "Artes y Oficios", "Comercio e Industria", "Tecnología", "Diseño"]
SEPARATORS = [" – ", " - ", " — ", "–", "—", "-", " and ", " y ", " with ", " con ", " & "]
# Known institutions: (name as written, country, entity code for a Mexican one).
_TABLE = load_institutions()
KNOWN = [
    (name.strip(), row.country, row.entity_code)
    for row in _TABLE.itertuples()
    for name in [row.canonical_name, *row.variants.split(";")]
    if name.strip()
]
KNOWN_MX = [k for k in KNOWN if k[1] == "MX" and k[2]]
KNOWN_FOREIGN = [k for k in KNOWN if k[1] in PARTNERS]
THEME_WORDS = [(row.label_en, row.theme) for row in _THEMES.itertuples()] + [
    (row.label_es, row.theme) for row in _THEMES.itertuples()
]


def _date_text(rng, day: dt.date, forms: list[str]) -> tuple[str, str]:
    """A date written in one of ``forms``, and its ISO text to its precision."""
    form = rng.choice(forms)
    m_en, m_es = MONTHS[day.month - 1], MONTHS_ES[day.month - 1]
    return {
        "en_mdy": (f"{m_en} {day.day}, {day.year}", day.isoformat()),
        "en_dmy": (f"{day.day} {m_en} {day.year}", day.isoformat()),
        "es_dmy": (f"{day.day} de {m_es} de {day.year}", day.isoformat()),
        "en_my": (f"{m_en} {day.year}", day.isoformat()[:7]),
        "es_my": (f"{m_es} de {day.year}", day.isoformat()[:7]),
        "year": (f"{day.year}", str(day.year)),
        "iso": (day.isoformat(), day.isoformat()),
        "slash": (f"{day.day:02d}/{day.month:02d}/{day.year}", day.isoformat()),
        "dot": (f"{day.day}.{day.month}.{day.year}", day.isoformat()),
        "dash": (f"{day.day:02d}-{day.month:02d}-{day.year}", day.isoformat()),
        "num_my": (f"{day.month:02d}/{day.year}", day.isoformat()[:7]),
    }[form]


DATE_FORMS = ["en_mdy", "en_dmy", "es_dmy", "en_my", "es_my", "year", "iso", "slash", "dot", "dash"]
DATE_FORMS_WITH_MONTHS = [*DATE_FORMS, "num_my"]
FIRST_DAY, DAYS = dt.date(1990, 1, 1), (dt.date(2030, 12, 31) - dt.date(1990, 1, 1)).days


def _mexican_party(rng, code: str, municipal: bool, spanish: bool):
    """(Mexican party as written, its expected clean name, (municipality code, name))."""
    if municipal:
        place_code, place = rng.choice(MUNICIPALITIES_OF[code])
        head = rng.choice(["Municipio de", "Municipality of", "H. Ayuntamiento de"])
        name = f"{head} {place}"
        return name, canonical_institution(name, "MX"), (place_code, place)
    known = [k for k in KNOWN_MX if k[2] == code]
    if known and rng.random() < 0.5:
        name = rng.choice(known)[0]
        return name, canonical_institution(name, "MX"), ("", "")
    heads, fields = (HEADS_ES, FIELDS_ES) if spanish else (HEADS_EN, FIELDS_EN)
    link = " de " if spanish else " of "
    _, spanish_name, english_name = next(row for row in ENTITY_ROWS if row[0] == code)
    place = spanish_name if spanish else english_name
    name = rng.choice(heads) + link + rng.choice(fields)
    name += rng.choice([f"{link}{place}", ""])  # the entity named, or not
    return name, canonical_institution(name, "MX"), ("", "")


def _foreign_party(rng, spanish: bool):
    """(foreign party as written, its expected clean name, partner country code)."""
    if rng.random() < 0.25:
        name, country, _ = rng.choice(KNOWN_FOREIGN)
        return name, canonical_institution(name, country), country
    country = rng.choice(PARTNERS)
    heads, fields = (HEADS_ES, FIELDS_ES) if spanish else (HEADS_EN, FIELDS_EN)
    link = " de " if spanish else " of "
    head, city = rng.choice(heads), rng.choice(CITIES)
    name = rng.choice(
        [
            f"{head}{link}{city}",
            f"{head}{link}{rng.choice(fields)}{link}{city}",
            f"{city} {head}",
        ]
    )
    return name, canonical_institution(name, country), country


def registry_row(rng) -> tuple[str, dict]:
    """(row text, truth): the truth gives every field of the clean row, or
    {"reject": reason} for a row that cannot be read."""
    spanish = rng.random() < 0.5
    code, entity_name, entity_english = rng.choice(ENTITY_ROWS)
    municipal = rng.random() < 0.25
    level_word = "Municipal" if municipal else ("Estatal" if spanish else "State")
    mexican, mexican_truth, (municipality_code, municipality) = _mexican_party(
        rng, code, municipal, spanish
    )
    foreign, foreign_truth, country = _foreign_party(rng, spanish)
    country_name = rng.choice(COUNTRY_NAMES[country])
    separator = rng.choice(SEPARATORS)
    between = f"{mexican}{separator}{foreign}, {country_name}."
    label, theme = rng.choice(THEME_WORDS)
    described = rng.choice(["none", "generic", "parties"])
    if described == "none":
        description, subject, theme = "", "", ""
    elif described == "generic":
        description = "Convenio de colaboración." if spanish else "Collaboration agreement."
        subject = label
    else:  # the parties named apart, the foreign one first
        description = (
            f"Convenio entre {foreign}, {country_name}, y {mexican}."
            if spanish
            else f"Agreement between {foreign}, {country_name}, and {mexican}."
        )
        subject = label
    signed_day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    signed_text, signed_iso = _date_text(rng, signed_day, DATE_FORMS_WITH_MONTHS)
    kind = rng.choice(["unspecified", "indefinite", "fixed-term", "status"])
    until, status = "", ""
    if kind == "unspecified":
        validity = rng.choice(["Not specified.", "No especificada.", "Sin especificar."])
    elif kind == "indefinite":
        validity = rng.choice(["Indefinite.", "Indefinida.", "Indeterminada."])
    else:
        word = rng.choice(["", *STATUS_WORDS])
        status = STATUS_WORDS.get(word, "")
        if kind == "status":
            kind = "unspecified"
            word = word or "vigente"
            status = STATUS_WORDS[word]
            validity = rng.choice([f"{word.title()}.", f"-{word.title()}-"])
        else:
            end = signed_day + dt.timedelta(days=rng.randint(366, 4000))
            until_text, until = _date_text(rng, end, DATE_FORMS)
            wrapped = rng.choice(["-{}-", "- {}-", "({})"]).format(word.title())
            validity = f"{until_text}. {wrapped}" if word else f"{until_text}."
    noise = [rng.choice(["", "", "< /td>", "< em>", " "]) for _ in range(4)]
    subject_cell = f"{subject}." if subject else ""
    text = (
        f"{rng.choice([entity_name, entity_english])}{level_word}"
        f"{between}{noise[0]}{description}{noise[1]}{subject_cell}{noise[2]}"
        f"{signed_text}.{noise[3]}{validity}"
    )
    if rng.random() < 0.05:  # a signing date that cannot exist
        text = text.replace(f"{signed_text}.", "31/02/2014.", 1)
        return text, {"reject": "'31/02/2014' is not a calendar date"}
    truth = {
        "entity_code": code,
        "level": "municipal" if municipal else "state",
        "municipality_code": municipality_code,
        "municipality": municipality,
        "mexican_party": mexican_truth,
        "foreign_party": foreign_truth,
        "partner_country": country,
        "subject": subject,
        "theme": theme,
        "signed_on": signed_iso,
        "signed_precision": {4: "year", 7: "month", 10: "day"}[len(signed_iso)],
        "valid_until": until,
        "validity": kind,
        "reported_status": status,
    }
    # Sure by construction: one spaced dash between the parties and a country name that
    # resolves: nothing here may be flagged.
    sure = separator in (" – ", " - ", " — ") and resolve_country(country_name) == country
    return text, truth | {"_sure": sure}


# 60 tables of 40 to 60 rows: about 3,000 generated rows, in a few seconds.
TABLE_SETTINGS = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


def silent_errors(rows: list, spanish_header: bool) -> list[tuple]:
    """Clean a table of generated rows; every way a row breaks the rule, as (row, what)."""
    header = HEADER_ES if spanish_header else HEADER
    text = "\n".join(["Title", header, *(row for row, _ in rows), "", "Source: test."]) + "\n"
    result = clean_agreements_text(text)
    clean = result.clean.set_index("source_row")
    rejects = result.rejects.set_index("source_row")
    reasons = result.log[result.log["review"] != ""].groupby("source_row")["rule"].apply(set)
    problems = []
    for number, (row, truth) in enumerate(rows, start=1):
        if "reject" in truth:
            if number not in rejects.index or truth["reject"] not in rejects.at[number, "reason"]:
                problems.append((row, "not rejected"))
            continue
        if number in rejects.index:
            problems.append((row, f"rejected: {rejects.at[number, 'reason']}"))
            continue
        got = clean.loc[number]
        flags = set(filter(None, got["review"].split(";")))
        if flags != reasons.get(number, set()):
            problems.append((row, f"flags {flags} without their log entries"))
        if truth["_sure"] and flags:
            problems.append((row, f"flagged although sure by construction: {flags}"))
        if flags:
            continue
        wrong = {
            field: (got[field], value)
            for field, value in truth.items()
            if not field.startswith("_") and got[field] != value
        }
        if wrong:
            problems.append((row, f"silent error: {wrong}"))
    return problems


@pytest.mark.slow
@TABLE_SETTINGS
@given(st.randoms(use_true_random=False), st.integers(40, 60), st.booleans())
def test_no_silent_errors_every_row_is_right_flagged_or_rejected(rng, n_rows, spanish_header):
    rows = [registry_row(rng) for _ in range(n_rows)]
    assert silent_errors(rows, spanish_header) == []
