"""Cleaning bulletin entries into interactions: each rule on invented entries, the golden
eight of the real file, unresolved places, rejects and strict mode, stable ids, the schema
both ways, and notebook 02 run as the build runs it (helpers.build.execute)."""

import json
import re

import nbformat
import pandas as pd
import pandera.errors
import pytest

from helpers.build.execute import run_notebook
from helpers.build.parameters import declared_parameters
from helpers.clean.bulletin_entries import RAW_COLUMNS, raw_column, read_bulletin_entries
from helpers.clean.bulletin_fields import interaction_date, nearest_year
from helpers.clean.bulletins import (
    REVIEW_RULES,
    clean_bulletins_file,
    clean_bulletins_frame,
    clean_bulletins_text,
)
from helpers.clean.log import RejectedRowsError
from helpers.core.paths import HELPERS_DIR, NOTEBOOKS_DIR, PROJECT_ROOT, RAW_DIR
from helpers.core.sources import ProvenanceWarning, RawDataError, read_sidecar
from helpers.reference.dates import PartialDate
from helpers.tables.schemas import INTERACTION_COLUMNS, validate_interactions

CEDL_RAW = RAW_DIR / "cedl" / "bulletins_2021_mx_ru.csv"
NOTEBOOK_02 = NOTEBOOKS_DIR / "02_clean_bulletins.ipynb"
HEADER = ",".join(RAW_COLUMNS)

# Invented entries the real file does not hold: other months, partners, places, languages.
TOURISM_FAIR = {
    "bulletin_month": "2023-05",
    "date_text": "May 4",
    "place_text": "Yucatan",
    "actor_text": "Secretaría de Fomento Turístico",
    "counterpart_text": "Japan National Tourism Organization",
    "country_text": "Japan",
    "theme_text": "tourism",
    "summary": "a tourism fair in Mérida with a Japanese delegation",
    "source": "Invented, 2023",
}
TWINNING = {
    "bulletin_month": "2022-11",
    "date_text": "15 de noviembre",
    "place_text": "Municipality of Zapopan",
    "actor_text": "Ayuntamiento de Zapopan",
    "counterpart_text": "Ville de Lyon",
    "country_text": "Francia",
    "theme_text": "cultura y turismo",
    "summary": "hermanamiento",
    "source": "Invented, 2022",
}
UNDATED_FORUM = {
    "bulletin_month": "2024-02",
    "place_text": "Mexico City",
    "country_text": "Estados Unidos y Canadá",
    "theme_text": "climate change and migrants",
}
# CSV text with what transcribers produce: a quoted field over two lines, a row with an
# unquoted comma (one field too many), blank cells exported beyond the header.
RAGGED_CSV = (
    f"{HEADER}\n"
    '2023-05,May 4,Yucatan,,,Japan,tourism,"a fair\nover two lines",Invented\n'
    "2023-06,June 1,Saltillo, Coahuila,,,Germany,trade,,Invented\n"
    "2023-07,,Queretaro,,,,education,,Invented,,,\n"
)


def clean(*entries: dict):
    """Clean invented entries given as dicts (missing fields are empty)."""
    return clean_bulletins_frame(pd.DataFrame(list(entries)))


def only_row(result) -> dict:
    assert (n := len(result.clean)) == 1, f"expected one clean row, found {n}"
    return result.clean.iloc[0].to_dict()


def logged(result, rule: str) -> list[tuple]:
    """(source_row, field, before, after) of the log lines of one rule."""
    lines = result.log[result.log["rule"] == rule]
    return list(
        lines[["source_row", "field", "before", "after"]].itertuples(index=False, name=None)
    )


# ---------------------------------------------------------------- places


@pytest.mark.parametrize(
    "place_text, entity_code, entity, level, municipality, municipality_code",
    [
        ("Yucatan", "31", "Yucatán", "state", "", ""),
        ("Yucatán", "31", "Yucatán", "state", "", ""),
        ("Mexico City", "09", "Ciudad de México", "state", "", ""),
        ("Estado de México", "15", "Estado de México", "state", "", ""),
        ("State of Mexico", "15", "Estado de México", "state", "", ""),
        ("Michoacan", "16", "Michoacán", "state", "", ""),
        ("Tijuana", "02", "Baja California", "municipal", "Tijuana", "02004"),
        ("Municipality of Zapopan", "14", "Jalisco", "municipal", "Zapopan", "14120"),
        ("Saltillo, Coahuila", "05", "Coahuila", "municipal", "Saltillo", "05030"),
        ("Metepec, Hidalgo", "13", "Hidalgo", "municipal", "Metepec", "13035"),
        ("Metepec, Estado de México", "15", "Estado de México", "municipal", "Metepec", "15054"),
    ],
)
def test_places_resolve_in_english_and_spanish_states_and_municipalities(
    place_text, entity_code, entity, level, municipality, municipality_code
):
    row = only_row(clean({**TOURISM_FAIR, "place_text": place_text}))
    assert (
        row["entity_code"],
        row["entity"],
        row["level"],
        row["municipality"],
        row["municipality_code"],
        row["place_unresolved_reason"],
    ) == (entity_code, entity, level, municipality, municipality_code, "")


def test_a_municipality_alone_logs_the_state_it_was_found_in():
    result = clean({**TOURISM_FAIR, "place_text": "Tijuana"})
    assert logged(result, "resolve_place") == [(1, "entity", "Tijuana", "Tijuana, Baja California")]


@pytest.mark.parametrize(
    "place_text, reason_words",
    [
        ("Metepec", ["ambiguous", "Estado de México", "Hidalgo"]),
        ("Allende", ["ambiguous", "Chihuahua", "Coahuila", "Nuevo León"]),
        ("Atlantis", ["unknown place 'Atlantis'"]),
        ("Juchitán", ["ambiguous", "12080 Juchitán (Guerrero)", "20043 Juchitán de Zaragoza"]),
        ("Tijuanna", ["unknown place 'Tijuanna'", "close names", "02004 Tijuana"]),
        ("Toluca, Ohio", ["'Ohio' is not a Mexican federal entity"]),
        ("", ["no place given"]),
    ],
)
def test_ambiguous_unknown_or_missing_places_stay_unresolved_kept_and_logged(
    place_text, reason_words
):
    result = clean({**TOURISM_FAIR, "place_text": place_text})
    row = only_row(result)
    assert [row[c] for c in ("entity_code", "entity", "level", "municipality")] == ["", "", "", ""]
    assert row["municipality_code"] == "" and row["place_text"] == place_text
    assert all(word in row["place_unresolved_reason"] for word in reason_words)
    [(source_row, field, before, after)] = logged(result, "unresolved_place")
    assert (source_row, field, before) == (1, "entity", place_text or "(missing)")
    assert row["place_unresolved_reason"] in after
    assert result.rejects.empty
    assert len(validate_interactions(result.clean)) == 1  # an unresolved row is valid data


@pytest.mark.parametrize(
    "place_text, entity_code, reason_words",
    [
        ("Saltillo, Jalisco", "14", ["'Saltillo' is not a municipality of Jalisco", "05030"]),
        ("Zona Metropolitana de Valle Verde, Nuevo León", "19", ["not a municipality of"]),
        ("Metropolitan Area of Valle Verde, Nuevo Leon", "19", ["not a municipality of"]),
        ("Región Costa Chica, Guerrero", "12", ["not a municipality of Guerrero"]),
        ("Metepek, Estado de México", "15", ["close names", "15054 Metepec"]),
        ("Cuautitlán, State of Mexico", "15", ["ambiguous", "15024 Cuautitlán", "15121"]),
    ],
)
def test_x_comma_state_gives_the_state_and_flags_the_municipality_in_the_log(
    place_text, entity_code, reason_words
):
    result = clean({**TOURISM_FAIR, "place_text": place_text})
    row = only_row(result)
    assert (row["entity_code"], row["level"], row["municipality"], row["municipality_code"]) == (
        entity_code,
        "state",
        "",
        "",
    )
    assert row["place_unresolved_reason"] == ""  # the entity is resolved
    [(source_row, field, before, after)] = logged(result, "municipality_unresolved")
    assert (source_row, field, before) == (1, "municipality", place_text)
    assert after.startswith("(unresolved: ") and all(word in after for word in reason_words)
    assert logged(result, "resolve_place") == [(1, "entity", place_text, row["entity"])]
    [review] = result.log.loc[result.log["rule"] == "municipality_unresolved", "review"]
    assert review.startswith("only the entity is known: ") and reason_words[0] in review
    assert REVIEW_RULES["municipality_unresolved"] == "municipality"
    assert len(validate_interactions(result.clean)) == 1


def test_review_flags_carry_their_reason_and_plain_repairs_none():
    result = clean(
        {**TOURISM_FAIR, "place_text": "Metepec", "country_text": "UNESCO y Japón"},
        {**TWINNING, "date_text": "next week", "theme_text": "space exploration"},
        {**TOURISM_FAIR, "place_text": "Tijuana"},
    )
    log = result.log
    flags = log[log["review"] != ""]
    assert sorted(zip(flags["source_row"], flags["rule"], flags["field"], strict=True)) == [
        (1, "not_a_country", "partner_countries"),
        (1, "unresolved_place", "entity"),
        (2, "date_text_not_a_day_or_month", "date"),
        (2, "unmapped_theme_words", "themes"),
    ]
    reviews = dict(zip(flags["rule"], flags["review"], strict=True))
    assert "'UNESCO' names no country" in reviews["not_a_country"]
    assert "ambiguous: 'Metepec'" in reviews["unresolved_place"]
    assert "'next week' is not a day or a month" in reviews["date_text_not_a_day_or_month"]
    assert "'space exploration' matches no theme" in reviews["unmapped_theme_words"]
    assert (log.loc[~log["rule"].isin(REVIEW_RULES), "review"] == "").all()


@pytest.mark.parametrize(
    "place_text, municipality_code, municipality",
    [
        ("Juchitán, Oaxaca", "20043", "Juchitán de Zaragoza"),
        ("Juchitan, Oax.", "20043", "Juchitán de Zaragoza"),
        ("Acapulco", "12001", "Acapulco de Juárez"),
        ("Municipio de Tlaxiaco", "20397", "Heroica Ciudad de Tlaxiaco"),
    ],
)
def test_a_town_by_a_unique_short_name_resolves_and_the_log_says_so(
    place_text, municipality_code, municipality
):
    result = clean({**TOURISM_FAIR, "place_text": place_text})
    row = only_row(result)
    assert (row["municipality_code"], row["municipality"], row["level"]) == (
        municipality_code,
        municipality,
        "municipal",
    )
    assert logged(result, "resolve_place_by_short_name") == [
        (1, "entity", place_text, f"{municipality}, {row['entity']}")
    ]
    assert logged(result, "resolve_place") == []


@pytest.mark.parametrize(
    "place_text, entity_code, municipality_code",
    [
        ("Ciudad de México", "09", ""),
        ("CDMX", "09", ""),
        ("Mexico City", "09", ""),
        ("Estado de México", "15", ""),
        ("Edo. de México", "15", ""),
        ("State of Mexico", "15", ""),
        ("Nuevo Leon", "19", ""),
        ("Estado de Nuevo León", "19", ""),
        ("Municipio de Zapopan, Jalisco", "14", "14120"),
        ("Municipality of Zapopan, State of Jalisco", "14", "14120"),
        ("Zapopan, Jal., México", "14", "14120"),
        ("Coyoacán, Ciudad de México", "09", "09003"),
        ("Alcaldía Coyoacán, CDMX", "09", "09003"),
        ("Alcaldía de Coyoacán, CDMX", "09", "09003"),
        ("Ciudad Victoria, Tamaulipas", "28", "28041"),  # the city of the municipality Victoria
    ],
)
def test_spanish_and_english_place_forms(place_text, entity_code, municipality_code):
    row = only_row(clean({**TWINNING, "place_text": place_text}))
    assert (row["entity_code"], row["municipality_code"]) == (entity_code, municipality_code)


# ---------------------------------------------------------------- headers in two languages

SPANISH_HEADER = "Mes del boletín,Fecha,Lugar,Actor,Contraparte,País,Tema,Resumen,Fuente"


def test_a_spanish_header_is_read_as_the_raw_columns():
    text = (
        f"{SPANISH_HEADER}\n"
        'noviembre de 2022,15 de noviembre,"Municipio de Zapopan, Jalisco",Ayuntamiento,'
        'Ville de Lyon,Francia,cultura y turismo,hermanamiento,"Inventado, 2022"\n'
    )
    result = clean_bulletins_text(text)
    row = only_row(result)
    assert result.warnings == []
    assert (row["bulletin_month"], row["date"], row["municipality_code"]) == (
        "2022-11",
        "2022-11-15",
        "14120",
    )
    assert (row["partner_countries"], row["themes"], row["actor"], row["counterpart"]) == (
        "FR",
        "culture;tourism",
        "Ayuntamiento",
        "Ville de Lyon",
    )
    assert (row["summary"], row["source"]) == ("hermanamiento", "Inventado, 2022")


@pytest.mark.parametrize(
    "header, column",
    [
        ("bulletin_month", "bulletin_month"),
        ("Bulletin month", "bulletin_month"),
        ("MES DEL BOLETIN", "bulletin_month"),
        ("mes_boletin", "bulletin_month"),
        ("Edición", "bulletin_month"),
        ("fecha", "date_text"),
        ("Date", "date_text"),
        ("lugar", "place_text"),
        ("Ubicación", "place_text"),
        ("actor mexicano", "actor_text"),
        ("contraparte_extranjera", "counterpart_text"),
        ("Países", "country_text"),
        ("paises", "country_text"),
        ("Temas", "theme_text"),
        ("resumen", "summary"),
        ("Fuente", "source"),
        ("notas", None),
    ],
)
def test_header_names_in_english_and_spanish(header, column):
    assert raw_column(header) == column


def test_spanish_headers_in_another_order_with_unknown_and_missing_columns():
    text = "Lugar,Notas,mes_boletin,PAÍSES\nTijuana,x,2023-05,Japón\n"
    result = clean_bulletins_text(text)
    row = only_row(result)
    assert (row["municipality_code"], row["partner_countries"]) == ("02004", "JP")
    assert any("no column(s) date_text" in w for w in result.warnings)
    assert any("column(s) notas are not in the raw format" in w for w in result.warnings)


def test_two_header_cells_for_one_column_stop_naming_both():
    with pytest.raises(RawDataError, match="two columns for date_text: 'fecha' and 'date'"):
        clean_bulletins_text("bulletin_month,fecha,date\n2023-05,May 4,4 de mayo\n", "x.csv")


def test_a_frame_with_spanish_column_names_is_cleaned_the_same():
    spanish = {"mes del boletín": "2022-11", "fecha": "15 de noviembre", "lugar": "Zapopan"}
    english = {"bulletin_month": "2022-11", "date_text": "15 de noviembre", "place_text": "Zapopan"}
    assert only_row(clean(spanish)) == only_row(clean(english))
    with pytest.raises(RawDataError, match="two columns for place_text"):
        clean({**english, "lugar": "Tijuana"})


def test_a_semicolon_file_as_spanish_spreadsheets_save_it_is_read_by_its_header():
    text = (
        "Mes del boletín;Fecha;Lugar;País;Tema;Resumen\n"
        '2022-11;15 de noviembre;Zapopan, Jalisco;Francia;cultura;"uno; dos, tres"\n'
    )
    row = only_row(clean_bulletins_text(text))
    assert (row["date"], row["municipality_code"], row["partner_countries"]) == (
        "2022-11-15",
        "14120",
        "FR",
    )
    assert row["summary"] == "uno; dos, tres"
    # A comma header is read at commas, whatever ";" its cells hold.
    comma = "bulletin_month,place_text,summary\n2022-11,Zapopan,a; b\n"
    assert only_row(clean_bulletins_text(comma))["summary"] == "a; b"


def test_a_header_without_any_name_for_bulletin_month_stops():
    with pytest.raises(RawDataError, match=r"header lacks column\(s\) bulletin_month"):
        clean_bulletins_text("Fecha,Lugar\n4 de mayo,Yucatán\n", "entradas.csv")


# ---------------------------------------------------------------- countries and themes


@pytest.mark.parametrize(
    "country_text, codes, not_countries",
    [
        ("Japan", "JP", []),
        ("Japan and South Korea", "JP;KR", []),
        ("Estados Unidos y Canadá", "US;CA", []),
        ("Alemania, Francia", "DE;FR", []),
        ("UNESCO", "", ["UNESCO"]),
        ("Europe", "", ["Europe"]),
        ("European Union and Japan", "JP", ["European Union"]),
    ],
)
def test_countries_several_codes_none_for_organisations_and_regions(
    country_text, codes, not_countries
):
    result = clean({**TOURISM_FAIR, "country_text": country_text})
    assert only_row(result)["partner_countries"] == codes
    assert [line[2] for line in logged(result, "not_a_country")] == not_countries


def test_mexico_named_among_the_countries_is_not_a_partner_and_is_logged():
    result = clean({**TOURISM_FAIR, "country_text": "Mexico and Germany"})
    assert only_row(result)["partner_countries"] == "DE"
    assert logged(result, "home_country_dropped") == [(1, "partner_countries", "MX", "")]


@pytest.mark.parametrize(
    "theme_text, themes, unmapped",
    [
        ("tourism", "tourism", []),
        ("cultura y turismo", "culture;tourism", []),
        ("salud e inversión extranjera", "health;economy", []),
        ("climate change and migrants", "environment;migration", []),
        ("sports and tourism", "tourism", ["sports"]),
        ("space exploration", "", ["space exploration"]),
    ],
)
def test_themes_several_keys_english_and_spanish_unmapped_words_logged(
    theme_text, themes, unmapped
):
    result = clean({**TOURISM_FAIR, "theme_text": theme_text})
    assert only_row(result)["themes"] == themes
    assert [line[2] for line in logged(result, "unmapped_theme_words")] == unmapped


def test_missing_country_and_theme_are_empty_and_logged_never_guessed():
    result = clean({**TOURISM_FAIR, "country_text": "", "theme_text": ""})
    row = only_row(result)
    assert row["partner_countries"] == "" and row["themes"] == ""  # summary names a theme: unused
    assert logged(result, "no_country_stated") == [(1, "partner_countries", "(missing)", "")]
    assert logged(result, "no_theme_stated") == [(1, "themes", "(missing)", "")]


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "bulletin_month, date_text, date, precision, date_from, rule",
    [
        ("2023-05", "May 4", "2023-05-04", "day", "date_text", "year_from_bulletin_month"),
        ("2023-05", "4 de mayo", "2023-05-04", "day", "date_text", "year_from_bulletin_month"),
        ("2023-05", "April", "2023-04", "month", "date_text", "year_from_bulletin_month"),
        ("2023-05", "April 2022", "2022-04", "month", "date_text", ""),
        ("2023-05", "2023-04-28", "2023-04-28", "day", "date_text", ""),
        ("2024-01", "December 28", "2023-12-28", "day", "date_text", "year_nearest_bulletin_month"),
        ("2023-12", "January 5", "2024-01-05", "day", "date_text", "year_nearest_bulletin_month"),
        ("2024-01", "July", "2024-07", "month", "date_text", "year_from_bulletin_month"),
        ("2023-05", "", "2023-05", "month", "bulletin_month", "date_from_bulletin_month"),
        (
            "2023-05",
            "next week",
            "2023-05",
            "month",
            "bulletin_month",
            "date_text_not_a_day_or_month",
        ),
        ("2023-05", "2023", "2023-05", "month", "bulletin_month", "date_text_not_a_day_or_month"),
    ],
)
def test_dates_keep_their_precision_and_say_where_they_come_from(
    bulletin_month, date_text, date, precision, date_from, rule
):
    found, found_from, found_rule = interaction_date(date_text, bulletin_month)
    assert (found.iso, found.precision, found_from, found_rule) == (
        date,
        precision,
        date_from,
        rule,
    )


def test_nearest_year_skips_a_year_where_the_day_does_not_exist():
    assert nearest_year(PartialDate(2024, 2, 29), PartialDate(2025, 1)).iso == "2024-02-29"


def test_an_empty_date_is_the_bulletin_month_and_is_logged():
    result = clean(UNDATED_FORUM)
    row = only_row(result)
    assert (row["date"], row["date_precision"], row["date_from"]) == (
        "2024-02",
        "month",
        "bulletin_month",
    )
    assert logged(result, "date_from_bulletin_month") == [(1, "date", "(missing)", "2024-02")]


def test_a_year_taken_from_the_edition_is_logged():
    result = clean(TWINNING)
    assert only_row(result)["date"] == "2022-11-15"
    assert logged(result, "year_from_bulletin_month") == [
        (1, "date", "15 de noviembre", "2022-11-15")
    ]


def test_a_bulletin_month_written_out_is_normalised_and_logged():
    result = clean({**TOURISM_FAIR, "bulletin_month": "mayo de 2023"})
    assert only_row(result)["bulletin_month"] == "2023-05"
    assert logged(result, "bulletin_month_normalised") == [
        (1, "bulletin_month", "mayo de 2023", "2023-05")
    ]


# ---------------------------------------------------------------- rejects and strict mode


@pytest.mark.parametrize("bulletin_month", ["", "   ", "2023-13", "May", "2023-05-04", "soon"])
def test_a_missing_or_invalid_bulletin_month_is_rejected_naming_what_was_expected(bulletin_month):
    result = clean(TWINNING, {**TOURISM_FAIR, "bulletin_month": bulletin_month}, UNDATED_FORUM)
    assert result.rows_in == 3 and len(result.clean) == 2 and len(result.rejects) == 1
    reject = result.rejects.iloc[0]
    assert reject["source_row"] == 2
    assert "bulletin_month" in reject["reason"] and "YYYY-MM" in reject["reason"]
    assert list(result.clean["source_row"]) == [1, 3]


def test_only_bulletin_month_is_required():
    row = only_row(clean({"bulletin_month": "2023-09"}))
    assert (row["date"], row["entity_code"], row["partner_countries"], row["themes"]) == (
        "2023-09",
        "",
        "",
        "",
    )


def test_csv_lines_are_tracked_ragged_rows_rejected_blank_surplus_cells_dropped():
    result = clean_bulletins_text(RAGGED_CSV)
    assert result.rows_in == 3
    assert list(result.clean["source_row"]) == [1, 3]
    assert list(result.clean["raw_line"]) == [2, 5]  # row 1 spans lines 2-3
    assert result.clean["summary"].iat[0] == "a fair over two lines"
    [reject] = result.rejects.to_dict("records")
    assert (reject["source_row"], reject["raw_line"]) == (2, 4)
    assert "10 fields but the header has 9" in reject["reason"]
    assert reject["raw_text"].startswith("2023-06,June 1,Saltillo, Coahuila")
    assert logged(result, "empty_surplus_fields_dropped")[0][0] == 3


def test_a_header_without_bulletin_month_stops_naming_the_line():
    with pytest.raises(RawDataError, match=r"line 1: header lacks column\(s\) bulletin_month"):
        clean_bulletins_text("date_text,place_text\nMay 4,Yucatan\n", "entries.csv")


def test_missing_and_unknown_columns_are_warned_about_and_rows_kept():
    result = clean_bulletins_text("bulletin_month,place_text,notes\n2023-05,Tijuana,x\n")
    assert only_row(result)["municipality_code"] == "02004"
    assert any("no column(s) date_text" in w for w in result.warnings)
    assert any("notes are not in the raw format" in w for w in result.warnings)


def test_entries_are_read_as_written():
    entries, warnings = read_bulletin_entries(RAGGED_CSV)
    assert warnings == []
    assert list(entries["place_text"]) == ["Yucatan", "Saltillo", "Queretaro"]
    assert list(entries["source_row"]) == [1, 2, 3]


def _write_entries(tmp_path, *lines: str):
    path = tmp_path / "entries.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_strict_mode_raises_naming_the_row_and_the_reason(tmp_path):
    path = _write_entries(tmp_path, "2023-05,May 4,Yucatan", ",May 5,Tijuana", "2023-13,,Tijuana")
    with pytest.warns(ProvenanceWarning), pytest.raises(RejectedRowsError) as error:
        clean_bulletins_file(path, strict=True)
    message = str(error.value)
    assert "2 row(s) rejected" in message
    assert "row 2 (line 3): no bulletin_month" in message
    assert "row 3 (line 4): bulletin_month '2023-13' is not a month" in message


def test_lenient_mode_writes_rejects_with_reasons_and_accounts_for_every_row(tmp_path):
    path = _write_entries(tmp_path, "2023-05,May 4,Yucatan", ",May 5,Tijuana", "2023-06,,Metepec")
    with pytest.warns(ProvenanceWarning):
        result = clean_bulletins_file(path)
    assert result.rows_in == len(result.clean) + len(result.rejects) == 3
    assert "no recorded provenance" in result.warnings[0]
    written = result.write(tmp_path / "out")
    rejects = pd.read_csv(written["rejects"], dtype=str, keep_default_na=False)
    assert list(rejects["source_row"]) == ["2"] and "YYYY-MM" in rejects["reason"].iat[0]
    interactions = pd.read_csv(written["clean"], dtype=str, keep_default_na=False)
    assert list(interactions["entity"]) == ["Yucatán", ""]
    log = pd.read_csv(written["log"], dtype=str, keep_default_na=False)
    assert "unresolved_place" in set(log["rule"])
    provenance = json.loads(written["provenance"].read_text(encoding="utf-8"))
    assert (provenance["rows_in"], provenance["rows_rejected"]) == (3, 1)
    assert provenance["provenance_recorded"] is False


def test_a_latin1_file_is_refused_not_guessed(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(f"{HEADER}\n2023-05,,Yucatán\n".encode("latin-1"))
    with pytest.warns(ProvenanceWarning), pytest.raises(RawDataError, match="not UTF-8"):
        clean_bulletins_file(path)


# ---------------------------------------------------------------- ids and duplicates


def test_ids_stay_the_same_when_rows_are_reordered_or_added():
    first = clean(TOURISM_FAIR, TWINNING, UNDATED_FORUM).clean
    reordered = clean(UNDATED_FORUM, TOURISM_FAIR, TWINNING).clean
    grown = clean({"bulletin_month": "2020-01"}, UNDATED_FORUM, TWINNING, TOURISM_FAIR).clean

    def ids(frame):
        return dict(zip(frame["place_text"], frame["interaction_id"], strict=True))

    assert ids(reordered) == ids(first)
    assert {k: v for k, v in ids(grown).items() if k} == ids(first)
    assert first["interaction_id"].is_unique
    assert all(re.fullmatch(r"\d{4}-\d{2}-[0-9a-f]{10}", i) for i in first["interaction_id"])
    assert reordered["source_row"].tolist() == [1, 2, 3]  # rows are numbered as they come


def test_a_changed_field_gives_a_new_id():
    before = only_row(clean(TOURISM_FAIR))["interaction_id"]
    after = only_row(clean({**TOURISM_FAIR, "summary": "another fair"}))["interaction_id"]
    assert before != after and before[:8] == after[:8] == "2023-05-"


def test_exact_duplicates_are_kept_flagged_and_logged():
    result = clean(
        TOURISM_FAIR,
        TWINNING,
        TOURISM_FAIR,
        {**TOURISM_FAIR, "summary": "  " + TOURISM_FAIR["summary"]},
    )
    clean_rows = result.clean
    assert len(clean_rows) == 4 and result.rejects.empty
    assert clean_rows["is_duplicate"].tolist() == [False, False, True, True]
    first_id = clean_rows["interaction_id"].iat[0]
    assert clean_rows["interaction_id"].tolist()[2:] == [f"{first_id}-dup2", f"{first_id}-dup3"]
    assert logged(result, "duplicate_row") == [
        (3, "interaction_id", first_id, f"{first_id}-dup2"),
        (4, "interaction_id", first_id, f"{first_id}-dup3"),
    ]
    assert len(validate_interactions(clean_rows)) == 4


# ---------------------------------------------------------------- the real file

GOLDEN = {  # entity: (entity_code, date, date_precision, level, municipality_code, themes)
    "Nuevo León": ("19", "2021-01-19", "day", "state", "", {"health", "economy"}),
    "Aguascalientes": ("01", "2021-03", "month", "state", "", {"economy", "health"}),
    "Chihuahua": ("08", "2021-07", "month", "state", "", {"culture"}),
    "Coahuila": ("05", "2021-08", "month", "municipal", "05035", {"culture"}),
    "Zacatecas": ("32", "2021-10", "month", "state", "", {"culture"}),
    "Estado de México": ("15", "2021-08", "month", "state", "", {"culture"}),
    "Morelos": ("17", "2021-08", "month", "state", "", {"education"}),
    "Puebla": ("21", "2021-10", "month", "state", "", {"diplomacy"}),
}
GOLDEN_THEME_COUNTS = {"culture": 4, "health": 2, "economy": 2, "education": 1, "diplomacy": 1}


@pytest.fixture(scope="module")
def real():
    return clean_bulletins_file(CEDL_RAW, strict=True)


def test_real_file_gives_the_eight_interactions_of_the_article(real):
    interactions = real.clean
    assert (n := len(interactions)) == (expected := 8), f"expected {expected} rows, found {n}"
    assert real.rows_in == 8 and real.rejects.empty
    assert interactions["entity_code"].is_unique  # eight different entities
    found = {
        row.entity: (
            row.entity_code,
            row.date,
            row.date_precision,
            row.level,
            row.municipality_code,
            set(row.themes.split(";")),
        )
        for row in interactions.itertuples()
    }
    assert found == GOLDEN
    assert set(interactions["partner_countries"]) == {"RU"}
    assert interactions["bulletin_month"].str.startswith("2021-").all()
    assert interactions["source_row"].tolist() == list(range(1, 9))
    assert not interactions["is_duplicate"].any()


def test_real_file_torreon_is_the_only_municipal_actor(real):
    municipal = real.clean[real.clean["level"] == "municipal"]
    assert municipal[["entity", "municipality", "municipality_code"]].values.tolist() == [
        ["Coahuila", "Torreón", "05035"]
    ]


def test_real_file_theme_counts(real):
    counts = real.clean["themes"].str.split(";").explode().value_counts().to_dict()
    assert counts == GOLDEN_THEME_COUNTS


def test_real_file_provenance_is_recorded(real):
    assert real.metadata["provenance_recorded"] is True
    assert real.metadata["raw_sha256"] == read_sidecar(CEDL_RAW)["sha256"]
    assert real.warnings == []


def test_real_file_summaries_are_verbatim_quotes_of_the_article(real):
    article = PROJECT_ROOT.parent / "shared" / "source" / "mexico-russia-subnational.txt"
    if not article.exists():
        pytest.skip("the source article is not beside this clone")
    text = article.read_text(encoding="utf-8")
    assert all(summary in text for summary in real.clean["summary"])


def test_the_cleaning_code_names_nothing_of_this_data_set():
    source = (HELPERS_DIR / "clean" / "bulletins.py").read_text(encoding="utf-8")
    named = [
        word
        for word in [
            "Russia",
            "Rusia",
            '"RU"',
            "Nuevo",
            "Torre",
            "Aguascalientes",
            "Zacatecas",
            "Puebla",
            "Morelos",
            "Chihuahua",
            "Coahuila",
            "2021",
            "Sputnik",
            "Gopar",
        ]
        if word in source
    ]
    assert not named, f"helpers/clean/bulletins.py names {named}: rules must be general"


# ---------------------------------------------------------------- the schema


def test_schema_good_data_passes(real):
    assert list(real.clean.columns) == INTERACTION_COLUMNS
    assert len(validate_interactions(real.clean)) == 8


def test_schema_accepts_an_empty_table():
    result = clean_bulletins_text(f"{HEADER}\n,May 4,Yucatan\n")
    assert result.clean.empty and len(result.rejects) == 1
    assert validate_interactions(result.clean).empty


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("entity_code", "33", "isin"),
        ("level", "federal", "isin"),
        ("bulletin_month", "2021-13", "str_matches"),
        ("date", "19/01/2021", "str_matches"),
        ("date_precision", "year", "isin"),
        ("date_from", "guess", "isin"),
        ("partner_countries", "RU;XX", "must be ISO 3166-1 alpha-2 codes joined by ';'"),
        ("partner_countries", "RU, BY", "must be ISO 3166-1 alpha-2 codes joined by ';'"),
        ("themes", "culture;sports", "must be theme vocabulary keys joined by ';'"),
        ("municipality_code", "05999", "must be an INEGI municipality code"),
        ("interaction_id", "1", "str_matches"),
    ],
)
def test_schema_broken_values_fail_naming_the_column(real, column, value, message):
    broken = real.clean.copy()
    broken.loc[0, column] = value
    with pytest.raises(pandera.errors.SchemaErrors) as error:
        validate_interactions(broken)
    assert column in str(error.value) and message in str(error.value)


@pytest.mark.parametrize(
    "entity, changes, message",
    [
        ("Nuevo León", {"date_precision": "month"}, "date must be written to its date_precision"),
        ("Nuevo León", {"level": ""}, "level and entity must be empty exactly when entity_code"),
        ("Nuevo León", {"entity": "Jalisco"}, "entity must be the common name of entity_code"),
        ("Nuevo León", {"entity_code": "", "entity": "", "level": ""}, "place_unresolved_reason"),
        ("Nuevo León", {"date_from": "bulletin_month"}, "must equal bulletin_month"),
        (
            "Coahuila",
            {"municipality_code": "14120", "municipality": "Zapopan"},
            "municipality_code must belong to entity_code",
        ),
        ("Coahuila", {"level": "state"}, "level must be municipal exactly when municipality_code"),
        ("Coahuila", {"municipality": ""}, "municipality and municipality_code must be given"),
    ],
)
def test_schema_cross_column_rules(real, entity, changes, message):
    broken = real.clean.copy()
    row = broken.index[broken["entity"] == entity][0]
    for column, value in changes.items():
        broken.loc[row, column] = value
    with pytest.raises(pandera.errors.SchemaErrors, match=message):
        validate_interactions(broken)


def test_schema_duplicate_ids_and_column_set_fail(real):
    broken = real.clean.copy()
    broken.loc[1, "interaction_id"] = broken.loc[0, "interaction_id"]
    with pytest.raises(pandera.errors.SchemaErrors, match="field_uniqueness|unique"):
        validate_interactions(broken)
    with pytest.raises(pandera.errors.SchemaErrors, match="column_in_dataframe|not in dataframe"):
        validate_interactions(real.clean.drop(columns=["themes"]))
    with pytest.raises(
        pandera.errors.SchemaErrors, match="column_in_schema|not in DataFrameSchema"
    ):
        validate_interactions(real.clean.assign(extra="x"))


# ---------------------------------------------------------------- notebook 02


def _run_notebook_02(tmp_path, **parameters):
    output = tmp_path / "executed.ipynb"
    parameters = {"output_dir": str(tmp_path / "out"), **parameters}
    run_notebook(NOTEBOOK_02, output, parameters, cwd=PROJECT_ROOT)
    return "".join(
        str(o.get("data", {}).get("text/html", ""))
        + str(o.get("data", {}).get("text/markdown", ""))
        for c in nbformat.read(str(output), as_version=4).cells
        for o in c.get("outputs", [])
    )


def test_notebook_02_parameters_are_typed_and_documented():
    declared = declared_parameters(NOTEBOOK_02)
    assert {name: (p.type_name, p.default) for name, p in declared.items()} == {
        "raw_path": ("str", "data/raw/cedl/bulletins_2021_mx_ru.csv"),
        "output_dir": ("str", "data/processed"),
        "strict": ("bool", False),
    }
    assert all(p.help for p in declared.values())


@pytest.mark.slow
def test_notebook_02_runs_on_the_real_file_and_writes_interactions(tmp_path):
    html = _run_notebook_02(tmp_path, raw_path=str(CEDL_RAW), strict=True)
    interactions = pd.read_csv(
        tmp_path / "out" / "interactions.csv", dtype=str, keep_default_na=False
    )
    assert list(interactions.columns) == INTERACTION_COLUMNS
    assert len(interactions) == 8 and interactions["entity_code"].nunique() == 8
    torreon = interactions[interactions["level"] == "municipal"].iloc[0]
    assert (torreon["entity_code"], torreon["municipality_code"]) == ("05", "05035")
    nuevo_leon = interactions[interactions["entity"] == "Nuevo León"].iloc[0]
    assert (nuevo_leon["date"], nuevo_leon["date_precision"]) == ("2021-01-19", "day")
    themes = interactions["themes"].str.split(";").explode().value_counts().to_dict()
    assert themes == GOLDEN_THEME_COUNTS
    assert (tmp_path / "out" / "interactions_rejects.csv").read_text().startswith("source_row,")
    provenance = json.loads((tmp_path / "out" / "interactions_provenance.json").read_text())
    assert (provenance["rows_in"], provenance["rows_clean"]) == (8, 8)
    assert "8 interactions from 8 federal entities" in html
    assert "Every place was resolved" in html and "No rejected rows" in html


@pytest.mark.slow
def test_notebook_02_shows_unresolved_places_rejects_and_the_provenance_warning(tmp_path):
    raw = _write_entries(tmp_path, "2023-05,May 4,Metepec,,,Japan", ",,Tijuana", "2023-06,,Tijuana")
    html = _run_notebook_02(tmp_path, raw_path=str(raw))
    assert "report-warning" in html and "no recorded provenance" in html
    assert "Metepec" in html and "is a municipality in Estado de México, Hidalgo" in html
    assert "no bulletin_month" in html
    interactions = pd.read_csv(
        tmp_path / "out" / "interactions.csv", dtype=str, keep_default_na=False
    )
    assert interactions["entity"].tolist() == ["", "Baja California"]


def test_parallel_cleaning_gives_the_same_result(monkeypatch):
    import sys

    from helpers.clean import bulletins

    sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
    from synthetic import bulletins_table

    text = bulletins_table(600, seed=5) + "not-a-month,,Tijuana,,,,,,\n"
    sequential = bulletins.clean_bulletins_text(text)
    monkeypatch.setattr(bulletins, "PARALLEL_MIN_ROWS", 100)
    monkeypatch.setattr(bulletins.os, "cpu_count", lambda: 2)
    parallel = bulletins.clean_bulletins_text(text)
    pd.testing.assert_frame_equal(sequential.clean, parallel.clean)
    pd.testing.assert_frame_equal(sequential.log, parallel.log)
    pd.testing.assert_frame_equal(sequential.rejects, parallel.rejects)
    assert (len(sequential.clean), len(sequential.rejects)) == (600, 1)
