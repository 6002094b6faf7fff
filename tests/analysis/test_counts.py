"""Counts by entity, theme, level and time, on small invented tables and on the real data.

The invented rows are built to exercise every rule in helpers.analysis.counts: entities the real
data never name, municipal rows, several themes (and partners) per interaction,
unresolved places, duplicates, empty themes, the partner and period filters, and the
reference-date rule at its boundaries.
"""

import datetime as dt
import re

import pandas as pd
import pytest
from factories import REAL_TOTALS_BY_ENTITY

from helpers.analysis import counts, selection
from helpers.analysis.counts import (
    agreements_by_decade,
    agreements_by_year,
    count_tables,
    counts_by_entity,
    counts_by_level,
    counts_by_theme,
    counts_entity_theme,
    overview,
    period_effect,
    write_count_tables,
)
from helpers.analysis.population import counts_per_million, load_population
from helpers.analysis.selection import filter_agreements, filter_interactions
from helpers.analysis.standing import (
    agreement_status,
    agreements_status_on,
    period_end,
    period_start,
    status_summary,
)
from helpers.core.paths import RAW_DIR
from helpers.reference.themes import theme_keys
from helpers.tables.counts import COUNTS_FILES
from helpers.tables.fields import NONE_STATED, STATUSES, UNRESOLVED

AGREEMENT_DEFAULTS = {
    "agreement_id": "",
    "source_row": "1",
    "entity_code": "14",
    "entity": "Jalisco",
    "level": "state",
    "municipality": "",
    "municipality_code": "",
    "mexican_party": "Government of Jalisco",
    "foreign_party": "Partner",
    "partner_country": "US",
    "title": "",
    "subject": "",
    "theme": "education",
    "signed_on": "2010-05-01",
    "signed_precision": "day",
    "valid_until": "",
    "validity": "indefinite",
    "reported_status": "",
    "is_duplicate": "False",
}
INTERACTION_DEFAULTS = {
    "interaction_id": "",
    "source_row": "1",
    "bulletin_month": "2022-03",
    "date": "2022-03-10",
    "date_precision": "day",
    "entity_code": "14",
    "entity": "Jalisco",
    "level": "state",
    "municipality": "",
    "municipality_code": "",
    "partner_countries": "US",
    "themes": "economy",
    "actor": "",
    "counterpart": "",
    "summary": "",
    "source": "",
    "is_duplicate": "False",
}


def agreements_frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(
        [{**AGREEMENT_DEFAULTS, "agreement_id": f"A{i}", **row} for i, row in enumerate(rows)],
        columns=list(AGREEMENT_DEFAULTS),
    )


def interactions_frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(
        [{**INTERACTION_DEFAULTS, "interaction_id": f"I{i}", **row} for i, row in enumerate(rows)],
        columns=list(INTERACTION_DEFAULTS),
    )


# Jalisco (14) and Baja California (02): entities the real data never name. A municipal
# agreement of Guadalajara, an interaction of Tijuana with two partners and three themes,
# one with no theme, one whose place was not resolved, a flagged duplicate, another partner.
AGREEMENTS = agreements_frame(
    {"theme": "education", "signed_on": "1998-02-03"},
    {
        "level": "municipal",
        "municipality": "Guadalajara",
        "municipality_code": "14039",
        "theme": "",
        "signed_on": "2012",
        "signed_precision": "year",
    },
    {"entity_code": "02", "entity": "Baja California", "theme": "culture", "signed_on": "2019-07"},
    {"theme": "education", "signed_on": "1998-02-03", "is_duplicate": "True"},
    {"partner_country": "FR", "theme": "culture", "signed_on": "2015-01-01"},
)
INTERACTIONS = interactions_frame(
    {
        "entity_code": "02",
        "entity": "Baja California",
        "level": "municipal",
        "municipality": "Tijuana",
        "municipality_code": "02004",
        "partner_countries": "US;CA",
        "themes": "health;economy;culture;economy",
    },
    {"themes": "", "date": "", "bulletin_month": "2021-11"},
    {
        "entity_code": "",
        "entity": "",
        "level": "",
        "themes": "migration",
        "partner_countries": "US",
    },
    {"themes": "economy", "is_duplicate": "True"},
    {"partner_countries": "CA", "themes": "tourism"},
    {"partner_countries": "", "themes": "environment"},
)


# --- the filter ------------------------------------------------------------------------------


def test_filters_drop_duplicates_and_keep_every_partner_when_none_is_asked():
    assert list(filter_agreements(AGREEMENTS)["agreement_id"]) == ["A0", "A1", "A2", "A4"]
    assert list(filter_interactions(INTERACTIONS)["interaction_id"]) == [
        "I0",
        "I1",
        "I2",
        "I4",
        "I5",
    ]


def test_partner_filter_keeps_interactions_naming_the_partner_among_several():
    assert list(filter_agreements(AGREEMENTS, "US")["agreement_id"]) == ["A0", "A1", "A2"]
    assert list(filter_interactions(INTERACTIONS, "CA")["interaction_id"]) == ["I0", "I4"]
    # An entry naming no country (an international organisation) needs "every partner".
    assert "I5" not in set(filter_interactions(INTERACTIONS, "US")["interaction_id"])


def test_period_filter_is_inclusive_and_uses_the_bulletin_when_the_date_is_missing():
    assert list(filter_agreements(AGREEMENTS, "", 2012, 2019)["agreement_id"]) == ["A1", "A2", "A4"]
    assert list(filter_agreements(AGREEMENTS, "", None, 1998)["agreement_id"]) == ["A0"]
    assert list(filter_interactions(INTERACTIONS, "", 2021, 2021)["interaction_id"]) == ["I1"]
    assert filter_interactions(INTERACTIONS, "", 2023, None).empty


def test_filtering_empty_tables_keeps_their_columns():
    for partner in ("", "US"):
        assert list(
            filter_interactions(INTERACTIONS.iloc[:0], partner, 2000, 2030).columns
        ) == list(INTERACTIONS.columns)
        assert list(filter_agreements(AGREEMENTS.iloc[:0], partner, 2000).columns) == list(
            AGREEMENTS.columns
        )
    table = counts_by_entity(AGREEMENTS, selection.empty_interactions(), partner_country="US")
    assert table["interactions"].sum() == 0 and table["agreements"].sum() == 3


def test_tables_built_in_memory_with_other_types_count_like_csv_ones():
    typed = AGREEMENTS.assign(is_duplicate=AGREEMENTS["is_duplicate"] == "True")
    assert len(filter_agreements(typed)) == 4


def test_a_table_missing_contract_columns_is_refused_naming_them():
    with pytest.raises(ValueError, match="lacks column.*themes"):
        filter_interactions(INTERACTIONS.drop(columns="themes"))


# --- by entity -------------------------------------------------------------------------------


def test_counts_by_entity_lists_all_32_entities_and_counts_municipal_rows_for_their_entity():
    table = counts_by_entity(AGREEMENTS, INTERACTIONS, partner_country="US")
    assert list(table.columns) == ["entity_code", "entity", "agreements", "interactions", "total"]
    assert len(table) == 32
    rows = table.set_index("entity_code")
    # Jalisco: two agreements (one municipal), one interaction with no theme (I1);
    # I4 is with Canada only; the duplicate is not counted.
    assert rows.loc["14", ["agreements", "interactions", "total"]].tolist() == [2, 1, 3]
    # Baja California: one agreement and Tijuana's interaction (municipal).
    assert rows.loc["02", ["agreements", "interactions", "total"]].tolist() == [1, 1, 2]
    assert (table["total"] > 0).sum() == 2
    assert table["total"].sum() == 5  # the unresolved interaction has no entity's row
    assert list(table["entity_code"][:2]) == ["14", "02"]


def test_counts_by_entity_ties_sort_by_agreements_then_code():
    table = counts_by_entity(
        agreements_frame({"entity_code": "31", "entity": "Yucatán"}),
        interactions_frame({"entity_code": "05", "entity": "Coahuila"}),
    )
    assert list(table["entity_code"][:2]) == ["31", "05"]


def test_counts_by_entity_refuses_an_unknown_entity_code():
    with pytest.raises(ValueError, match="unknown entity code"):
        counts_by_entity(agreements_frame({"entity_code": "99"}), interactions_frame())


# --- by theme --------------------------------------------------------------------------------


def test_an_interaction_counts_once_for_each_of_its_distinct_themes():
    table = counts_by_theme(AGREEMENTS, INTERACTIONS, partner_country="US").set_index("theme")
    # I0 names economy twice: it counts once there.
    assert table.loc["economy", ["agreements", "interactions"]].tolist() == [0, 1]
    assert table.loc["health", "interactions"] == 1
    assert table.loc["culture", ["agreements", "interactions", "total"]].tolist() == [1, 1, 2]
    assert table.loc["education", "agreements"] == 1
    assert table.loc["migration", "interactions"] == 1  # unresolved places count here


def test_empty_themes_go_to_a_named_none_stated_bucket_and_every_key_is_listed():
    table = counts_by_theme(AGREEMENTS, INTERACTIONS, partner_country="US")
    assert list(table.columns) == ["theme", "agreements", "interactions", "total"]
    assert set(table["theme"]) == {*theme_keys(), NONE_STATED}
    none = table.set_index("theme").loc[NONE_STATED]
    assert none[["agreements", "interactions"]].tolist() == [1, 1]
    assert table.set_index("theme").loc["security", "total"] == 0
    assert table["total"].is_monotonic_decreasing


def test_theme_totals_add_up_to_theme_mentions_not_events():
    table = counts_by_theme(AGREEMENTS, INTERACTIONS, partner_country="US")
    # 3 agreements + I0 (3 themes) + I1 (none stated) + I2 (migration) = 8 mentions.
    assert table["total"].sum() == 8


def test_entity_theme_lists_only_the_pairs_that_occur_and_leaves_unresolved_out():
    table = counts_entity_theme(AGREEMENTS, INTERACTIONS, partner_country="US")
    assert list(table.columns) == [
        "entity_code",
        "entity",
        "theme",
        "agreements",
        "interactions",
        "total",
    ]
    pairs = {(r.entity_code, r.theme): (r.agreements, r.interactions) for r in table.itertuples()}
    assert pairs == {
        ("02", "economy"): (0, 1),
        ("02", "culture"): (1, 1),
        ("02", "health"): (0, 1),
        ("14", "education"): (1, 0),
        ("14", NONE_STATED): (1, 1),
    }
    assert table.loc[table["entity_code"] == "02", "entity"].unique().tolist() == [
        "Baja California"
    ]


def test_entity_theme_of_an_empty_selection_has_the_columns_and_no_rows():
    table = counts_entity_theme(AGREEMENTS, INTERACTIONS, partner_country="JP")
    assert table.empty and "theme" in table.columns


# --- by level and over time ------------------------------------------------------------------


def test_counts_by_level_shows_unresolved_places_only_when_there_are_some():
    table = counts_by_level(AGREEMENTS, INTERACTIONS, partner_country="US").set_index("level")
    assert table.loc["state", ["agreements", "interactions"]].tolist() == [2, 1]
    assert table.loc["municipal", ["agreements", "interactions"]].tolist() == [1, 1]
    assert table.loc[UNRESOLVED, "interactions"] == 1
    resolved_only = counts_by_level(AGREEMENTS, INTERACTIONS, partner_country="CA")
    assert list(resolved_only["level"]) == ["state", "municipal"]


def test_agreements_by_year_fills_the_span_and_decades_add_up():
    by_year = agreements_by_year(AGREEMENTS, partner_country="US")
    assert by_year["year"].tolist() == list(range(1998, 2020))
    assert by_year.set_index("year")["agreements"].loc[[1998, 2012, 2019, 2005]].tolist() == [
        1,
        1,
        1,
        0,
    ]
    by_decade = agreements_by_decade(AGREEMENTS, partner_country="US")
    assert by_decade.to_dict("list") == {"decade": [1990, 2000, 2010], "agreements": [1, 0, 2]}
    assert agreements_by_year(AGREEMENTS, partner_country="JP").empty


# --- rates -----------------------------------------------------------------------------------


def test_per_million_uses_the_population_and_refuses_a_missing_one():
    by_entity = counts_by_entity(AGREEMENTS, INTERACTIONS, partner_country="US")
    population = pd.DataFrame(
        {"entity_code": by_entity["entity_code"], "population_2020": 1_000_000}
    )
    population.loc[population["entity_code"] == "14", "population_2020"] = 2_000_000
    rates = counts_per_million(by_entity, population).set_index("entity_code")
    assert rates.loc["14", "total_per_million"] == 1.5
    assert rates.loc["02", "total_per_million"] == 2.0
    assert rates.index[0] == "02"
    with pytest.raises(ValueError, match="no 2020 population"):
        counts_per_million(by_entity, population.iloc[1:])


def test_census_population_is_read_with_its_provenance():
    population = load_population().set_index("entity_code")["population_2020"]
    assert len(population) == 32
    assert population["06"] == 731391 and population["15"] == 16992418


def test_a_census_table_that_repeats_an_entity_is_refused_with_its_lines(tmp_path):
    from helpers.core.paths import REFERENCE_DIR
    from helpers.core.sources import ProvenanceWarning, RawDataError

    lines = (REFERENCE_DIR / "censo_2020_entidades.csv").read_text().splitlines()
    repeated = [line for line in lines if ",05," in line]
    path = tmp_path / "censo.csv"
    path.write_text("\n".join([*lines, *repeated]) + "\n")
    with pytest.warns(ProvenanceWarning), pytest.raises(RawDataError) as raised:
        load_population(path)
    assert f"'05' on lines {lines.index(repeated[0]) + 1}, {len(lines) + 1}" in str(raised.value)


# --- agreements in force on a reference date -------------------------------------------------

REFERENCE = dt.date(2021, 6, 15)


@pytest.mark.parametrize(
    ("signed_on", "validity", "valid_until", "expected"),
    [
        ("2010-01-01", "fixed-term", "2021-06-15", "active"),  # ends on the reference date
        ("2010-01-01", "fixed-term", "2021-06-14", "expired"),  # one day before
        ("2010-01-01", "fixed-term", "2021-06-16", "active"),
        ("2010-01-01", "fixed-term", "2021-06", "active"),  # month: to June 30
        ("2010-01-01", "fixed-term", "2021-05", "expired"),
        ("2010-01-01", "fixed-term", "2021", "active"),  # year: to December 31
        ("2010-01-01", "fixed-term", "2020", "expired"),
        ("2010-01-01", "indefinite", "", "active"),
        ("2010-01-01", "unspecified", "", "unspecified"),  # shown apart, never active
        ("2010-01-01", "fixed-term", "", "unspecified"),  # a fixed term with no end given
        ("2021-06-15", "indefinite", "", "active"),  # signed on the reference date
        ("2021-06-16", "indefinite", "", "not-yet-signed"),
        ("2021-06-16", "unspecified", "", "not-yet-signed"),
        ("2021-06", "fixed-term", "2025-01-01", "active"),  # may have been signed by then
        ("2021-07", "fixed-term", "2025-01-01", "not-yet-signed"),
        ("2022", "indefinite", "", "not-yet-signed"),
    ],
)
def test_agreement_status_at_the_boundaries(signed_on, validity, valid_until, expected):
    assert agreement_status(signed_on, validity, valid_until, REFERENCE) == expected


def test_partial_end_dates_run_to_the_end_of_their_month_or_year():
    assert period_end("2024-02") == dt.date(2024, 2, 29)
    assert period_end("2023-02") == dt.date(2023, 2, 28)
    assert period_end("2014") == dt.date(2014, 12, 31)
    assert period_end("2014-10-30") == dt.date(2014, 10, 30)
    assert period_start("2012") == dt.date(2012, 1, 1)
    assert agreement_status("2020-01-01", "fixed-term", "2024-02", dt.date(2024, 2, 29)) == "active"
    assert agreement_status("2020-01-01", "fixed-term", "2024-02", dt.date(2024, 3, 1)) == "expired"


def test_status_table_and_summary_list_every_status():
    status = agreements_status_on(
        agreements_frame(
            {"validity": "fixed-term", "valid_until": "2019-12-31"},
            {"validity": "indefinite"},
            {"validity": "unspecified"},
            {"validity": "indefinite", "signed_on": "2030-01-01"},
            {"validity": "indefinite", "is_duplicate": "True"},
        ),
        "2020-01-01",
    )
    assert status["status"].tolist() == ["expired", "active", "unspecified", "not-yet-signed"]
    assert set(status["reference_date"]) == {"2020-01-01"}
    summary = status_summary(status)
    assert summary["status"].tolist() == list(STATUSES)
    assert summary["agreements"].tolist() == [1, 1, 1, 1]
    assert status_summary(status.iloc[:0])["agreements"].tolist() == [0, 0, 0, 0]


# --- the whole set ---------------------------------------------------------------------------


def test_overview_and_period_effect():
    facts = overview(AGREEMENTS, INTERACTIONS, "US")
    assert facts["events"] == 6 and facts["agreements"] == 3 and facts["interactions"] == 3
    assert facts["entities_with_activity"] == 2 and facts["entities_total"] == 32
    assert facts["interactions_unresolved"] == 1
    assert (facts["first_signed"], facts["last_signed"]) == (1998, 2019)
    assert (facts["first_interaction"], facts["last_interaction"]) == (2021, 2022)
    assert period_effect(AGREEMENTS, INTERACTIONS, "US", 1900, 2100) == {
        "excluded": 0,
        "first_year": 1998,
        "last_year": 2022,
    }
    assert period_effect(AGREEMENTS, INTERACTIONS, "US", 2000, 2100)["excluded"] == 1


def test_count_tables_are_written_under_the_design_names(tmp_path):
    population = load_population()
    tables = count_tables(
        AGREEMENTS,
        INTERACTIONS,
        reference_date="2021-01-01",
        partner_country="US",
        population=population,
    )
    assert set(tables) == set(COUNTS_FILES)
    written = write_count_tables(tables, tmp_path)
    for name in ("counts_by_entity.csv", "counts_by_theme.csv", "counts_entity_theme.csv"):
        assert (tmp_path / name).exists()
    header = (tmp_path / "counts_by_theme.csv").read_text().splitlines()[0]
    assert header == "theme,agreements,interactions,total"
    first = {key: path.read_bytes() for key, path in written.items()}
    write_count_tables(tables, tmp_path)
    assert first == {key: path.read_bytes() for key, path in written.items()}
    overview_row = pd.read_csv(tmp_path / "counts_overview.csv", dtype=str).iloc[0]
    assert overview_row["partner_country"] == "US" and overview_row["events"] == "6"
    with pytest.raises(ValueError, match="no file name"):
        write_count_tables({"mystery": tables["by_entity"]}, tmp_path)


@pytest.mark.parametrize(
    "key, column, value, message",
    [
        ("by_entity", "total", 99, "total must be agreements + interactions"),
        ("by_entity", "entity_code", "33", "isin"),
        ("by_theme", "theme", "astrology", "isin"),
        ("by_theme", "agreements", -1, "greater_than_or_equal_to"),
        ("by_level", "level", "federal", "isin"),
        ("by_decade", "decade", 1995, "must be a multiple of 10"),
        ("status", "status", "dormant", "isin"),
        ("overview", "events", 1000, "events must be agreements + interactions"),
    ],
)
def test_count_tables_that_break_their_schema_are_not_written(
    tmp_path, key, column, value, message
):
    import pandera.errors

    tables = count_tables(AGREEMENTS, INTERACTIONS, reference_date="2021-01-01")
    broken = tables[key].copy()
    broken.loc[broken.index[0], column] = value
    with pytest.raises(pandera.errors.SchemaErrors, match=re.escape(message)):
        write_count_tables({key: broken}, tmp_path)
    assert not (tmp_path / COUNTS_FILES[key]).exists()


def test_count_tables_of_an_empty_selection_pass_their_schemas(tmp_path):
    tables = count_tables(
        AGREEMENTS, INTERACTIONS, reference_date="2021-01-01", partner_country="JP"
    )
    written = write_count_tables(tables, tmp_path)
    overview_row = pd.read_csv(written["overview"], dtype=str, keep_default_na=False).iloc[0]
    assert (overview_row["events"], overview_row["first_signed"]) == ("0", "")


def test_count_tables_without_a_census_leave_rates_out():
    tables = count_tables(
        AGREEMENTS, INTERACTIONS, reference_date="2021-01-01", population=pd.DataFrame()
    )
    assert "per_million" not in tables


# --- the real data ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_tables():
    """The processed tables as the cleaning helpers build them from data/raw."""
    from helpers.clean import bulletins
    from helpers.clean.agreements import clean_agreements_file

    agreements = clean_agreements_file(RAW_DIR / "sre" / "agreements_mx_ru_cemeri.txt").clean
    raw = sorted((RAW_DIR / "cedl").glob("*.csv"))
    interactions = pd.concat(
        [bulletins.clean_bulletins_file(path).clean for path in raw], ignore_index=True
    )
    return agreements, interactions


def test_real_data_give_the_issues_entity_totals(real_tables):
    agreements, interactions = real_tables
    table = counts_by_entity(agreements, interactions, partner_country="RU")
    active = table[table["total"] > 0]
    assert dict(zip(active["entity"], active["total"], strict=True)) == REAL_TOTALS_BY_ENTITY
    assert list(active["entity"][:4]) == ["Colima", "Puebla", "Yucatán", "Estado de México"]
    facts = counts.overview(agreements, interactions, "RU")
    assert (facts["entities_with_activity"], facts["entities_total"], facts["events"]) == (
        12,
        32,
        19,
    )


def test_real_data_themes_levels_and_standing(real_tables):
    agreements, interactions = real_tables
    themes = counts_by_theme(agreements, interactions, "RU").set_index("theme")
    assert themes.loc["education", ["agreements", "interactions"]].tolist() == [8, 1]
    assert themes.loc["culture", ["agreements", "interactions"]].tolist() == [1, 4]
    assert themes.loc["health", "interactions"] == 2 and themes.loc["economy", "interactions"] == 2
    assert themes.loc[NONE_STATED, "agreements"] == 1
    levels = counts_by_level(agreements, interactions, "RU").set_index("level")
    assert levels["total"].to_dict() == {"state": 18, "municipal": 1}
    standing = status_summary(agreements_status_on(agreements, "2021-12-31", "RU"))
    assert dict(zip(standing["status"], standing["agreements"], strict=True)) == {
        "active": 2,
        "expired": 8,
        "unspecified": 1,
        "not-yet-signed": 0,
    }
