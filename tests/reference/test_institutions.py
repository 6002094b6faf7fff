"""Institutions under their official names; unknown parties kept and logged; ids that do
not move when a reference table is edited."""

from pathlib import Path

import pandas as pd
import pytest

from helpers.clean import agreement_parties
from helpers.clean.agreement_cells import parse_row
from helpers.clean.agreement_rows import _content_id, agreement_id
from helpers.clean.agreements import clean_agreements_text
from helpers.core.paths import RAW_DIR
from helpers.core.sources import read_raw_text
from helpers.reference import institutions
from helpers.reference.institutions import (
    COLUMNS,
    InstitutionsTableError,
    canonical_institution,
    government_of,
    is_known_institution,
    load_institutions,
    lookup_institution,
    tidy_name,
)

SRE_RAW = RAW_DIR / "sre" / "agreements_mx_ru_cemeri.txt"
HEADER = "Federative EntityTypeBetweenDescriptionSubject of the AgreementDate signed Validity"


def table(*rows: str) -> str:
    return "\n".join(["A title", "", HEADER, *rows, "", "Source: X."]) + "\n"


def real_text() -> str:
    return read_raw_text(SRE_RAW).text


# Invented rows and an invented institutions table: other entities, countries and names.
GUANAJUATO = (
    "GuanajuatoStateUniversity of Guanajuato and Kyoto University, Japan.Memorandum of "
    "Understanding on academic exchange.Education.2 February 2018.Indefinite."
)
ZAPOPAN = (
    "JaliscoMunicipalMunicipality of Zapopan – City of Kazan, Russia.Twinning Agreement "
    "between the Municipality of Zapopan and the City of Kazan.Cultural.March 3, 2016."
    "March 2, 2020. -Completed-"
)
GENERIC_STATE = (
    "JaliscoStateState Government – Prefecture of Kyoto, Japan.Friendship agreement."
    "Cultural.May 4, 2012.Indefinite."
)
GENERIC_UNKNOWN_STATE = (
    "SonoraStateGobierno del Estado – Busan Metropolitan City, South Korea.Convenio de "
    "hermanamiento.Cultural.May 4, 2012.Indefinite."
)
MUNICIPAL_GOVERNMENT = (
    "JaliscoMunicipalGovernment – City of Kazan, Russia.Twinning.Cultural.May 4, 2012.Indefinite."
)
INVENTED_TABLE = [
    {
        "canonical_name": "Universidad de Guanajuato",
        "country": "MX",
        "entity_code": "11",
        "kind": "university",
        "abbreviation": "UG",
        "variants": "University of Guanajuato;Guanajuato University",
        "source": "own-name",
        "note": "",
    },
    {
        "canonical_name": "Gobierno del Estado de Jalisco",
        "country": "MX",
        "entity_code": "14",
        "kind": "subnational-government",
        "abbreviation": "",
        "variants": "Government of the State of Jalisco;Jalisco State Government",
        "source": "own-name",
        "note": "",
    },
    {
        "canonical_name": "Kyoto University",
        "country": "JP",
        "entity_code": "",
        "kind": "university",
        "abbreviation": "",
        "variants": "Kyoto Daigaku;Universidad de Kioto",
        "source": "own-name",
        "note": "",
    },
    {
        "canonical_name": "Kyoto Prefectural Government",
        "country": "JP",
        "entity_code": "",
        "kind": "subnational-government",
        "abbreviation": "",
        "variants": "Prefecture of Kyoto;Kyoto Prefecture",
        "source": "own-name",
        "note": "",
    },
    {
        "canonical_name": "Kazan City Executive Committee",
        "country": "RU",
        "entity_code": "",
        "kind": "local-government",
        "abbreviation": "",
        "variants": "City of Kazan;Kazan",
        "source": "own-name",
        "note": "",
    },
]


def write_table(path: Path, rows: list[dict]) -> Path:
    pd.DataFrame(rows, columns=COLUMNS).to_csv(path, index=False)
    return path


@pytest.fixture
def use_table(monkeypatch):
    """Point the institutions module at a table file for the test, then back."""

    def use(path: Path) -> None:
        monkeypatch.setattr(institutions, "INSTITUTIONS_FILE", path)
        institutions.clear_caches()
        agreement_parties.canonical_mexican_party.cache_clear()

    yield use
    monkeypatch.undo()
    institutions.clear_caches()
    agreement_parties.canonical_mexican_party.cache_clear()


def institution_log(result) -> pd.DataFrame:
    log = result.log
    return log[log["rule"].isin(["canonical_institution", "unknown_institution"])]


# The reference table itself.


def test_the_table_follows_its_rules_and_its_sidecar_documents_every_column():
    table = load_institutions()
    assert list(table.columns) == COLUMNS
    assert table["canonical_name"].is_unique
    import yaml

    sidecar = yaml.safe_load(
        (RAW_DIR / "reference" / "institutions.csv.meta.yaml").read_text(encoding="utf-8")
    )
    assert set(sidecar["columns"]) == set(COLUMNS)
    keys = {key for cell in table["source"] for key in cell.split(";")}
    assert keys <= set(sidecar["sources"]), keys - set(sidecar["sources"])
    assert all(cell for cell in table["source"])


def test_mexican_institutions_go_under_spanish_names_not_translations():
    mexican = load_institutions().query("country == 'MX'")["canonical_name"]
    english_words = {"university", "government", "board", "of", "the", "state", "city"}
    for name in mexican:
        assert not english_words & set(name.casefold().split()), name


def test_every_party_of_the_real_table_is_known_and_named_officially():
    result = clean_agreements_text(real_text())
    assert "unknown_institution" not in set(result.log["rule"])
    clean = result.clean
    assert clean["mexican_party"].value_counts().to_dict() == {
        "Universidad de Colima": 4,
        "Benemérita Universidad Autónoma de Puebla": 2,
        "Patronato de las Unidades de Servicios Culturales y Turísticos del Estado de Yucatán": 2,
        "Gobierno del Estado de México": 1,
        "Universidad Autónoma Benito Juárez de Oaxaca": 1,
        "Gobierno de la Ciudad de México": 1,
    }
    assert clean["foreign_party"].value_counts().to_dict() == {
        "Kazan Federal University": 2,
        "Dostoevsky Omsk State University": 2,
        "Russian State University for the Humanities": 2,
        "Government of the Moscow Region": 1,
        "Peoples' Friendship University of Russia named after Patrice Lumumba": 1,
        "Lomonosov Moscow State University": 1,
        "Russian State University of Trade and Economics": 1,
        "Moscow Government": 1,
    }


@pytest.mark.parametrize(
    "variants, country, canonical",
    [
        (
            [
                "F.M Dostoyevski University of Omsk",
                "Universidad F.M.Dostoevsky of Omsk",
                "University of Omsk F.M. Dostoevsky",
            ],
            "RU",
            "Dostoevsky Omsk State University",
        ),
        (
            [
                "Meritorious Autonomous University of Puebla",
                "Benemeritus Autonomous University of Puebla",
                "BENEMÉRITA UNIVERSIDAD AUTÓNOMA DE PUEBLA",
                "BUAP",
            ],
            "MX",
            "Benemérita Universidad Autónoma de Puebla",
        ),
        (
            ["Kazan State University", "the State University of Kazan"],
            "RU",
            "Kazan Federal University",
        ),
        (
            ["Autonomous University “Benito Juárez” of Oaxaca", "UABJO"],
            "MX",
            ("Universidad Autónoma Benito Juárez de Oaxaca"),
        ),
    ],
)
def test_variants_share_one_canonical_name(variants, country, canonical):
    assert {canonical_institution(v, country) for v in variants} == {canonical}
    assert {canonical_institution(v) for v in variants} == {canonical}


def test_a_name_is_looked_up_only_among_its_countrys_institutions():
    assert (
        lookup_institution("Moscow State University", "RU") == "Lomonosov Moscow State University"
    )
    assert lookup_institution("Moscow State University", "US") is None
    assert lookup_institution("BUAP", "RU") is None
    assert canonical_institution("the Moscow State University.", "US") == "Moscow State University"


def test_unknown_names_are_kept_tidied_not_merged():
    assert lookup_institution("University of Guadalajara") is None
    assert not is_known_institution("University of Guadalajara", "MX")
    assert canonical_institution("the University of Guadalajara.") == "University of Guadalajara"
    assert tidy_name(" “Benito Juárez” University ") == "Benito Juárez University"
    # A near miss is not a match: no fuzzy merging.
    assert lookup_institution("University of Colima Foundation", "MX") is None


def test_a_name_may_stand_for_institutions_of_two_countries_but_then_needs_the_country(
    tmp_path, use_table
):
    rows = [
        {**INVENTED_TABLE[2], "abbreviation": "KU"},
        {**INVENTED_TABLE[2], "canonical_name": "Kansas University", "country": "US"},
    ]
    rows[1]["abbreviation"], rows[1]["variants"] = "KU", "University of Kansas"
    use_table(write_table(tmp_path / "institutions.csv", rows))
    assert lookup_institution("KU", "JP") == "Kyoto University"
    assert lookup_institution("KU", "US") == "Kansas University"
    assert lookup_institution("KU") is None  # ambiguous without the country


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"variants": "Kyoto University;Universidad de Guanajuato"}, "two institutions of"),
        ({"country": "XX"}, "not ISO alpha-2"),
        ({"kind": "college"}, "is not one of"),
        ({"entity_code": "14"}, "not an INEGI entity code of a Mexican institution"),
    ],
)
def test_a_table_breaking_its_rules_is_refused(tmp_path, use_table, change, problem):
    rows = [dict(row) for row in INVENTED_TABLE]
    rows[2].update(change)  # the Japanese university
    if "variants" in change:
        rows[2]["country"] = "MX"
    use_table(write_table(tmp_path / "institutions.csv", rows))
    with pytest.raises(InstitutionsTableError, match=problem):
        load_institutions()


def test_two_governments_of_one_entity_are_refused(tmp_path, use_table):
    second = {**INVENTED_TABLE[1], "canonical_name": "Otro Gobierno", "variants": ""}
    use_table(write_table(tmp_path / "institutions.csv", [*INVENTED_TABLE, second]))
    with pytest.raises(InstitutionsTableError, match="two governments of the federal entity 14"):
        load_institutions()


# Parties in the cleaning: canonical when known, kept and logged when not.


def test_unknown_parties_are_kept_as_written_and_logged(tmp_path, use_table):
    use_table(write_table(tmp_path / "institutions.csv", INVENTED_TABLE[2:]))  # no Mexican one
    result = clean_agreements_text(table(GUANAJUATO, ZAPOPAN))
    clean = result.clean.set_index("source_row")
    assert (clean.at[1, "mexican_party"], clean.at[1, "foreign_party"]) == (
        "University of Guanajuato",
        "Kyoto University",
    )
    assert clean.at[2, "mexican_party"] == "Municipality of Zapopan"
    log = institution_log(result)
    unknown = log[log["rule"] == "unknown_institution"]
    assert unknown[["source_row", "field", "before", "after"]].values.tolist() == [
        [1, "mexican_party", "University of Guanajuato", "University of Guanajuato"],
        [2, "mexican_party", "Municipality of Zapopan", "Municipality of Zapopan"],
    ]
    # The known ones are found, and a known name needs no entry when it is already canonical.
    assert clean.at[2, "foreign_party"] == "Kazan City Executive Committee"
    assert log[log["rule"] == "canonical_institution"][
        ["source_row", "before"]
    ].values.tolist() == [[2, "City of Kazan"]]


def test_every_party_is_either_canonical_or_logged_as_unknown(tmp_path, use_table):
    use_table(write_table(tmp_path / "institutions.csv", INVENTED_TABLE[:3]))
    rows = [GUANAJUATO, ZAPOPAN, GENERIC_STATE, GENERIC_UNKNOWN_STATE, MUNICIPAL_GOVERNMENT]
    result = clean_agreements_text(table(*rows))
    assert len(result.clean) == len(rows) and result.rejects.empty
    log = institution_log(result).set_index(["source_row", "field"])
    known = set(load_institutions()["canonical_name"])
    for row in result.clean.itertuples():
        for field in ("mexican_party", "foreign_party"):
            name = getattr(row, field)
            unknown = (row.source_row, field) in log.index and (
                log.loc[(row.source_row, field), "rule"] == "unknown_institution"
            )
            assert (name in known) != bool(unknown), (row.source_row, field, name)


def test_a_generic_state_government_is_its_entitys_government_when_the_table_has_it(
    tmp_path, use_table
):
    use_table(write_table(tmp_path / "institutions.csv", INVENTED_TABLE))
    assert government_of("14") == "Gobierno del Estado de Jalisco"
    assert government_of("26") is None
    result = clean_agreements_text(
        table(GENERIC_STATE, GENERIC_UNKNOWN_STATE, MUNICIPAL_GOVERNMENT)
    )
    clean = result.clean.set_index("source_row")
    assert clean.at[1, "mexican_party"] == "Gobierno del Estado de Jalisco"
    assert clean.at[1, "foreign_party"] == "Kyoto Prefectural Government"
    # No government of that entity in the table: kept as written, logged.
    assert clean.at[2, "mexican_party"] == "Gobierno del Estado"
    # A municipal row's "Government" is not the state's.
    assert clean.at[3, "mexican_party"] == "Government"
    unknown = result.log[result.log["rule"] == "unknown_institution"]
    assert set(zip(unknown["source_row"], unknown["before"], strict=True)) >= {
        (2, "Gobierno del Estado"),
        (3, "Government"),
    }


# Ids: the row's own facts, not the reference tables' decisions.


def test_ids_do_not_move_when_the_institutions_table_is_edited(tmp_path, use_table):
    text = table(GUANAJUATO, ZAPOPAN, GENERIC_STATE)
    use_table(write_table(tmp_path / "first.csv", INVENTED_TABLE))
    first = clean_agreements_text(text).clean
    edited = [dict(row) for row in INVENTED_TABLE[1:]]  # a row removed,
    edited[0]["canonical_name"] = "Gobierno del Estado Libre y Soberano de Jalisco"  # renamed,
    edited.append({**INVENTED_TABLE[0], "canonical_name": "UG Universidad"})  # re-added
    use_table(write_table(tmp_path / "second.csv", edited))
    second = clean_agreements_text(text).clean
    assert first["mexican_party"].tolist() == [
        "Universidad de Guanajuato",
        "Municipality of Zapopan",
        "Gobierno del Estado de Jalisco",
    ]
    assert second["mexican_party"].tolist() == [
        "UG Universidad",
        "Municipality of Zapopan",
        "Gobierno del Estado Libre y Soberano de Jalisco",
    ]
    assert first["agreement_id"].tolist() == second["agreement_id"].tolist()


def test_real_ids_do_not_move_when_the_real_table_is_edited(tmp_path, use_table):
    before = clean_agreements_text(real_text()).clean
    edited = load_institutions().copy()
    edited["canonical_name"] = "Renamed " + edited["canonical_name"]
    edited = edited.drop(index=[0, 5])  # two institutions dropped: their parties now unknown
    use_table(tmp_path / "institutions.csv")
    edited.to_csv(tmp_path / "institutions.csv", index=False)
    after = clean_agreements_text(real_text())
    assert (after.clean["mexican_party"] != before["mexican_party"]).all()
    assert "unknown_institution" in set(after.log["rule"])
    assert after.clean["agreement_id"].tolist() == before["agreement_id"].tolist()
    assert before["agreement_id"].is_unique


def test_the_id_ignores_where_the_subject_cell_begins_and_how_the_page_was_punctuated():
    # As a finished row gives them: quotes straightened in the Between cell and title.
    facts = ("JP", "11", "state", "University of X – Kyoto University")
    dates = ("2018-02-02", "", "indefinite")
    one = _content_id(*facts, "Memorandum of Understanding.", "Education", *dates)
    assert one == _content_id(*facts, "Memorandum of Understanding.Education.", "", *dates)
    quoted = 'Agreement on "Culture"'
    assert _content_id(*facts, f"{quoted}.", "Cultural", *dates) == _content_id(
        *facts, f"{quoted}Cultural.", "", *dates
    )
    assert _content_id(*facts, "Agreement on Culture.", "Cultural", *dates) == _content_id(
        *facts, 'Agreement on Culture."Cultural.', "", *dates
    )
    assert one == _content_id(
        "JP",
        "11",
        "state",
        'University of X – "Kyoto"  university',
        "Memorandum of understanding",
        "Education.",
        *dates,
    )
    # What was agreed does count: another party, another date, another entity.
    assert one != _content_id(
        "JP",
        "11",
        "state",
        "University of Y – Kyoto University",
        "Memorandum of Understanding.",
        "Education",
        *dates,
    )
    assert one != _content_id(
        *facts, "Memorandum of Understanding.", "Education", "2018-02-03", "", "indefinite"
    )
    assert one.startswith("JP-11-20180202-")


def test_each_id_is_agreement_id_of_the_rows_own_facts():
    rows = [GUANAJUATO, ZAPOPAN, GENERIC_STATE]
    clean = clean_agreements_text(table(*rows)).clean
    for raw, row in zip(rows, clean.to_dict("records"), strict=True):
        facts = {**row, "between": parse_row(raw)["between"]}
        assert row["agreement_id"] == agreement_id(facts)


def test_a_split_decided_by_the_table_follows_an_edited_table(tmp_path, use_table):
    # The parties' scores are cached per name; editing the table (clear_caches) must
    # forget them, or a split would still be read as the old table decided it.
    between = "Instituto de Artes y Oficios y Museo de Kioto"
    use_table(write_table(tmp_path / "before.csv", INVENTED_TABLE))
    doubtful = agreement_parties.read_parties(between, "11", "JP")
    assert doubtful.rule == "ambiguous_party_split"
    known = {
        **INVENTED_TABLE[0],
        "canonical_name": "Instituto de Artes y Oficios de Guanajuato",
        "abbreviation": "",
        "variants": "Instituto de Artes y Oficios",
    }
    use_table(write_table(tmp_path / "after.csv", [*INVENTED_TABLE, known]))
    sure = agreement_parties.read_parties(between, "11", "JP")
    assert (sure.mexican, sure.foreign, sure.rule) == (
        "Instituto de Artes y Oficios",
        "Museo de Kioto",
        "",
    )
