"""Property-based tests of the agreements parser: rows generated from the table's grammar.

Rows are built cell by cell (entity, type, Between, Description, Subject, Date signed,
Validity) and run together as the page does. Properties: the parser never crashes,
every row ends in the clean table or the rejects, and noise that carries no information
(HTML debris between cells, extra spaces) changes neither entity, dates nor theme.
"""

import calendar
import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.agreements import (
    _AND,
    _CELL_BOUNDARY,
    _DASHES,
    _TAIL,
    _search_tail,
    clean_agreements_text,
    parse_row,
)
from helpers.entities import load_entities
from helpers.themes import load_themes

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
    st.lists(st.sampled_from(list("ab yY&–—-") + ["  ", "\t", "and", "AND", "\xa0"])).map("".join)
)
def test_party_separators_split_as_their_plain_definitions(text):
    dashes, conjunction = re.compile(r"\s+[–—-]\s+"), re.compile(r"\s+(?:and|y|&)\s+", re.I)
    assert _DASHES.split(text, maxsplit=1) == dashes.split(text, maxsplit=1)
    assert _AND.split(text, maxsplit=1) == conjunction.split(text, maxsplit=1)
