"""Property-based tests of the bulletin parser: entries generated from the raw format.

Entries are built field by field (edition month, date as written, place as named in
Spanish or English, countries, themes) and written as the raw CSV. Properties: the
parser never crashes, every row ends clean or rejected, and noise that carries no
information (spaces around fields, HTML debris, letter case of country names, rows in
another order) changes neither entity, date nor themes.
"""

import calendar
import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.bulletins import RAW_COLUMNS, clean_bulletins_text
from helpers.entities import load_entities, load_municipalities, resolve_entity_name
from helpers.themes import load_themes

ENTITIES = load_entities()
# Municipalities a name alone identifies: in one state only, and not named like a state
# (a bare state name means the state).
UNIQUE_MUNICIPALITIES = (
    load_municipalities()
    .groupby("municipality")
    .filter(lambda g: len(g) == 1 and resolve_entity_name(g.name) is None)
    .head(400)
)
THEMES = [(row.label_en, row.theme) for row in load_themes().itertuples()]
COUNTRIES = [
    ("Russia", "RU"),
    ("Rusia", "RU"),
    ("Japan", "JP"),
    ("Alemania", "DE"),
    ("United States", "US"),
    ("China", "CN"),
    ("Francia", "FR"),
]
MONTHS = list(calendar.month_name)[1:]
# Files are read through sources.decode_utf8, which turns CR and CRLF into LF: text here
# has no CR, as read files never do.
TEXT = st.text(alphabet=st.characters(blacklist_characters="\r"), max_size=30)
SETTINGS = settings(
    max_examples=50, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def entries(draw):
    """(raw fields, what a correct cleaning must give)."""
    year, month = draw(st.integers(2015, 2025)), draw(st.integers(1, 12))
    form = draw(st.sampled_from(["day", "month", "empty"]))
    day = draw(st.integers(1, 28))
    date_text = {"day": f"{MONTHS[month - 1]} {day}", "month": MONTHS[month - 1], "empty": ""}[form]
    date = f"{year}-{month:02d}" + (f"-{day:02d}" if form == "day" else "")
    if draw(st.booleans()):
        entity = ENTITIES.iloc[draw(st.integers(0, 31))]
        place = draw(st.sampled_from([entity.entity, entity.english_name, entity.official_name]))
        expected_entity, expected_municipality = entity.entity_code, ""
    else:
        row = UNIQUE_MUNICIPALITIES.iloc[draw(st.integers(0, len(UNIQUE_MUNICIPALITIES) - 1))]
        state = ENTITIES.set_index("entity_code").loc[row.entity_code]
        place = draw(
            st.sampled_from([row.municipality, f"{row.municipality}, {state.english_name}"])
        )
        expected_entity, expected_municipality = row.entity_code, row.municipality_code
    countries = draw(
        st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=3, unique_by=lambda c: c[1])
    )
    themes = draw(
        st.lists(st.sampled_from(THEMES), min_size=1, max_size=3, unique_by=lambda t: t[1])
    )
    fields = {
        "bulletin_month": f"{year}-{month:02d}",
        "date_text": date_text,
        "place_text": place,
        "actor_text": "Government",
        "counterpart_text": "Embassy",
        "country_text": " and ".join(name for name, _ in countries),
        "theme_text": " and ".join(label.lower() for label, _ in themes),
        "summary": draw(TEXT),
        "source": "Author, 2021",
    }
    expected = {
        "date": date,
        "entity_code": expected_entity,
        "municipality_code": expected_municipality,
        "partner_countries": ";".join(dict.fromkeys(code for _, code in countries)),
        "themes": {key for _, key in themes},
    }
    return fields, expected


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=RAW_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@SETTINGS
@given(st.lists(entries(), min_size=1, max_size=6))
def test_generated_entries_clean_to_their_fields(generated):
    result = clean_bulletins_text(_csv([fields for fields, _ in generated]))
    assert result.rejects.empty
    for (_, expected), (_, row) in zip(generated, result.clean.iterrows(), strict=True):
        assert row["date"] == expected["date"]
        assert row["entity_code"] == expected["entity_code"]
        assert row["municipality_code"] == expected["municipality_code"]
        assert row["partner_countries"] == expected["partner_countries"]
        assert set(row["themes"].split(";")) == expected["themes"]


NOISE = st.sampled_from([("", ""), ("  ", "  "), ("\t", " "), ("< td>", "< /td>")])


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
