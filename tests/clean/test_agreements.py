"""Cleaning the SRE agreements table: one test per rule, a golden test, rejects, strict mode."""

from pathlib import Path

import pandas as pd
import pytest

from helpers.clean.agreement_cells import parse_row, take_between, take_subject
from helpers.clean.agreement_layout import drop_unbalanced_quotes, split_layout
from helpers.clean.agreement_parties import split_parties
from helpers.clean.agreement_rows import agreement_id
from helpers.clean.agreements import clean_agreements_file, clean_agreements_text
from helpers.clean.log import RejectedRowsError, RowRejected
from helpers.core.paths import RAW_DIR
from helpers.core.sources import RawDataError
from helpers.tables.schemas import AGREEMENT_COLUMNS

SRE_RAW = RAW_DIR / "sre" / "agreements_mx_ru_cemeri.txt"

GOLDEN = Path(__file__).parents[1] / "golden" / "agreements.csv"
HEADER = "Federative EntityTypeBetweenDescriptionSubject of the AgreementDate signed Validity"
HEADER_ES = "Entidad FederativaTipoEntreDescripciónObjeto del instrumentoFecha de firmaVigencia"

# Invented rows in the page-text format: other entities, municipal actors, other countries.
ZAPOPAN = (
    "JaliscoMunicipalMunicipality of Zapopan – City of Kazan, Russia.Twinning Agreement "
    "between the Municipality of Zapopan and the City of Kazan.Cultural.March 3, 2016."
    "March 2, 2020. -Completed-"
)
KYOTO = (
    "GuanajuatoStateUniversity of Guanajuato and Kyoto University, Japan.Memorandum of "
    "Understanding on academic exchange.Education.2 February 2018.Indefinite."
)
LEON_ES = (
    "GuanajuatoMunicipalMunicipio de León – Ciudad de Hamburgo, Alemania.Convenio de "
    "colaboración en materia de movilidad.Desarrollo urbano.15 de marzo de 2019."
    "No especificada."
)
NO_ENTITY = (
    "AtlantisStateSomebody – Somebody else, Russia.Agreement.Education.May 1, 2001.Indefinite."
)
NO_DATE = "ColimaStateUniversity of Colima – Kazan State University, Russia.Agreement.Education."
BACKWARDS = (
    "ColimaStateUniversity of Colima – Kazan State University, Russia.Agreement."
    "Education.May 1, 2010.May 1, 2001. -Completed-"
)


def table(*rows: str, header: str = HEADER, before: tuple[str, ...] = (), after=("", "Source: X.")):
    return "\n".join(["A title", "", *before, header, *rows, *after]) + "\n"


def test_real_table_golden():
    result = clean_agreements_file(SRE_RAW)
    golden = pd.read_csv(GOLDEN, dtype=str, keep_default_na=False)
    clean = result.clean[golden.columns].astype(str)
    pd.testing.assert_frame_equal(clean.reset_index(drop=True), golden)
    assert result.rejects.empty
    assert (
        result.metadata["table_title"] == "Inter-institutional agreements between Mexico and Russia"
    )
    assert result.metadata["stated_source"].startswith(
        "Own elaboration with data from the Ministry"
    )


def test_real_table_expected_counts():
    clean = clean_agreements_file(SRE_RAW).clean
    assert len(clean) == 11
    assert clean["entity"].value_counts().to_dict() == {
        "Colima": 4,
        "Puebla": 2,
        "Yucatán": 2,
        "Estado de México": 1,
        "Oaxaca": 1,
        "Ciudad de México": 1,
    }
    assert clean["theme"].value_counts().to_dict() == {
        "education": 8,
        "culture": 1,
        "multi-thematic": 1,
        "": 1,
    }
    assert set(clean["level"]) == {"state"}
    assert set(clean["partner_country"]) == {"RU"}
    oldest = clean.sort_values("signed_on").iloc[0]
    assert (oldest["entity"], oldest["signed_on"], oldest["validity"]) == (
        "Estado de México",
        "1999-10-11",
        "unspecified",
    )
    yucatan_2012 = clean[(clean["entity_code"] == "31") & (clean["signed_on"] == "2012")].iloc[0]
    assert (yucatan_2012["signed_precision"], yucatan_2012["valid_until"]) == ("year", "2014-12-31")
    indefinite = clean[clean["validity"] == "indefinite"]
    assert sorted(zip(indefinite["entity"], indefinite["signed_on"], strict=True)) == [
        ("Ciudad de México", "2014-10-20"),
        ("Yucatán", "2014-10-30"),
    ]
    assert (clean["validity"] == "fixed-term").sum() == 8


def test_cells_run_together_are_split():
    row = parse_row(KYOTO)
    assert row["entity_code"] == "11" and row["level"] == "state"
    assert row["between"] == "University of Guanajuato and Kyoto University"
    assert row["between_country"] == "JP"
    assert row["description"] == "Memorandum of Understanding on academic exchange."
    assert row["subject"] == "Education"
    assert (row["signed_on"], row["signed_precision"], row["validity"]) == (
        "2018-02-02",
        "day",
        "indefinite",
    )


def test_municipal_row_finds_its_municipality():
    clean = clean_agreements_text(table(ZAPOPAN)).clean.iloc[0]
    assert (clean["level"], clean["municipality"], clean["municipality_code"]) == (
        "municipal",
        "Zapopan",
        "14120",
    )
    assert (clean["theme"], clean["valid_until"], clean["reported_status"]) == (
        "culture",
        "2020-03-02",
        "completed",
    )


def test_spanish_table():
    result = clean_agreements_text(table(LEON_ES, header=HEADER_ES))
    row = result.clean.iloc[0]
    assert (row["entity"], row["level"], row["municipality"]) == ("Guanajuato", "municipal", "León")
    assert (row["partner_country"], row["theme"], row["signed_on"], row["validity"]) == (
        "DE",
        "urban-development",
        "2019-03-15",
        "unspecified",
    )


def test_html_debris_inside_and_between_cells_is_removed_and_logged():
    dirty = KYOTO.replace("Japan.", "Japan.< /td>").replace(
        "Indefinite.", "< em>Indefinite.< /strong>"
    )
    result = clean_agreements_text(table(dirty))
    assert result.clean.iloc[0]["validity"] == "indefinite"
    assert "<" not in result.clean.iloc[0]["title"]
    assert "strip_html_debris" in set(result.log["rule"])


def test_stray_quotes_are_dropped_balanced_ones_kept():
    assert drop_unbalanced_quotes("on Cultural Cooperation.”") == "on Cultural Cooperation."
    assert drop_unbalanced_quotes("University “M.V. Lomonosov”") == "University “M.V. Lomonosov”"
    assert drop_unbalanced_quotes('"Agreement') == "Agreement"


def test_orphaned_cell_is_reattached_to_the_row_missing_its_between_cell():
    missing_between = (
        "GuanajuatoStateAgreement between the University of Guanajuato and Kyoto "
        "University of Japan on student exchange.Education.2 February 2018.Indefinite."
    )
    text = table(
        ZAPOPAN, missing_between, before=("< td>University of Guanajuato – Kyoto University",)
    )
    result = clean_agreements_text(text)
    row = result.clean.set_index("entity_code").loc["11"]
    assert (row["mexican_party"], row["foreign_party"]) == (
        "University of Guanajuato",
        "Kyoto University",
    )
    assert row["partner_country"] == "JP"
    assert result.merged_rows == 1 and result.rejects.empty
    log = result.log[result.log["rule"] == "reattach_orphan_cell"]
    assert log["source_row"].tolist() == [2]


def test_orphan_that_no_row_takes_is_rejected():
    result = clean_agreements_text(table(KYOTO, before=("< td>Some Board – Some University",)))
    assert len(result.clean) == 1
    assert result.rejects["reason"].str.contains("no row missing its Between").all()
    assert result.rejects["source_row"].isna().all()


def test_row_without_description_and_subject():
    row = parse_row("SonoraStateHermosillo – Busan, South Korea. October 20, 2014.Indefinite.")
    assert (row["between"], row["description"], row["subject"]) == ("Hermosillo – Busan", "", "")
    clean = clean_agreements_text(
        table("SonoraStateHermosillo – Busan, South Korea. October 20, 2014.Indefinite.")
    ).clean.iloc[0]
    assert (clean["theme"], clean["title"], clean["partner_country"]) == ("", "", "KR")


def test_non_rows_are_recognised():
    layout = split_layout(table(KYOTO, ZAPOPAN, after=("", "", "Source: Own elaboration.", "")))
    assert layout.title == "A title"
    assert [text for _, text in layout.rows] == [KYOTO, ZAPOPAN]
    assert layout.stated_source == "Own elaboration."


def test_missing_header_is_an_error_naming_the_file():
    with pytest.raises(RawDataError, match="my.txt: no table header"):
        split_layout(f"{KYOTO}\n{ZAPOPAN}\n", "my.txt")


@pytest.mark.parametrize(
    "tail, signed, precision, until, validity, status",
    [
        ("October 11, 1999.Not specified.", "1999-10-11", "day", "", "unspecified", ""),
        (
            "October 15, 2003.31 December 2005. -Completed-",
            "2003-10-15",
            "day",
            "2005-12-31",
            "fixed-term",
            "completed",
        ),
        (
            "June 21, 2010.June 20, 2013 -Completed-",
            "2010-06-21",
            "day",
            "2013-06-20",
            "fixed-term",
            "completed",
        ),
        (
            "2012.December 31, 2014. - Finished-",
            "2012",
            "year",
            "2014-12-31",
            "fixed-term",
            "finished",
        ),
        ("October 30, 2014. Indefinite.", "2014-10-30", "day", "", "indefinite", ""),
        # An end known to the year only may fall in the signing year: not "before" it.
        ("June 21, 2010.2010. -Completed-", "2010-06-21", "day", "2010", "fixed-term", "completed"),
        ("2010.March 3, 2010.", "2010", "year", "2010-03-03", "fixed-term", ""),
        ("March 2016.Indefinida.", "2016-03", "month", "", "indefinite", ""),
    ],
)
def test_dates_and_validity(tail, signed, precision, until, validity, status):
    row = parse_row(
        f"ColimaStateUniversity of Colima – Kazan State University, Russia.Agreement."
        f"Education.{tail}"
    )
    assert (
        row["signed_on"],
        row["signed_precision"],
        row["valid_until"],
        row["validity"],
        row["reported_status"],
    ) == (signed, precision, until, validity, status)


def test_an_end_before_signing_is_rejected_at_the_coarser_precision():
    with pytest.raises(RowRejected, match="before it was signed"):
        parse_row("ColimaStateA – B, Russia.Agreement.Education.June 21, 2010.2009.")
    with pytest.raises(RowRejected, match="before it was signed"):
        parse_row("ColimaStateA – B, Russia.Agreement.Education.2010.December 31, 2009.")


def test_the_subject_is_found_after_a_long_description():
    description = "Agreement on " + " ".join(f"point {n}." for n in range(40))
    assert take_subject(f"{description}Science and Technology.") == (
        description,
        "Science and Technology",
    )
    assert take_subject(f"{description} Five words are far too many.") == (
        f"{description} Five words are far too many.",
        "",
    )


def test_parties_and_subject_split():
    assert split_parties(
        "University of Colima and the Russian State University of Economics and Commerce"
    ) == ("University of Colima", "Russian State University of Economics and Commerce")
    assert split_parties(
        "Board of State Cultural and Tourist Services Units – Russian State "
        "University of Humanities"
    ) == (
        "Board of State Cultural and Tourist Services Units",
        "Russian State University of Humanities",
    )
    assert take_between("Agreement between A and B, Russia. Text.") is None
    assert take_subject("Collaboration Agreement (Moscow, Russia)Education.") == (
        "Collaboration Agreement (Moscow, Russia)",
        "Education",
    )
    assert take_subject("Agreement signed by Prof. Dr. Smith.Science and Technology.") == (
        "Agreement signed by Prof. Dr. Smith.",
        "Science and Technology",
    )


@pytest.mark.parametrize(
    "row, reason",
    [
        (NO_ENTITY, "does not start with a Mexican federal entity"),
        (NO_DATE, "no signing date and validity"),
        (BACKWARDS, "before it was signed"),
        (
            "ColimaStateUniversity of Colima – Somebody.Agreement.Education.May 1, 2001.Indefinite.",
            "no partner country",
        ),
        (
            "ColimaUniversity of Colima – Kazan, Russia.Agreement.Education.May 1, 2001.Indefinite.",
            "no agreement type",
        ),
    ],
)
def test_broken_rows_are_rejected_with_a_reason(row, reason):
    result = clean_agreements_text(table(KYOTO, row))
    assert len(result.clean) == 1 and len(result.rejects) == 1
    reject = result.rejects.iloc[0]
    assert reason in reject["reason"]
    assert reject["raw_text"] == row and reject["source_row"] == 2
    assert result.rows_in == len(result.clean) + len(result.rejects) + result.merged_rows


def test_parse_row_raises_for_an_unreadable_row():
    with pytest.raises(RowRejected):
        parse_row("nonsense")


def test_strict_mode_names_the_row_and_reason(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_text(table(KYOTO, NO_DATE), encoding="utf-8")
    with pytest.warns(UserWarning, match="no recorded provenance"):
        with pytest.raises(RejectedRowsError, match=r"row 2 \(line 5\): no signing date"):
            clean_agreements_file(path, strict=True)


def test_ids_are_stable_when_rows_are_reordered_or_added():
    first = clean_agreements_text(table(KYOTO, ZAPOPAN)).clean.set_index("title")["agreement_id"]
    second = clean_agreements_text(table(LEON_ES, ZAPOPAN, KYOTO)).clean.set_index("title")[
        "agreement_id"
    ]
    assert first.to_dict().items() <= second.to_dict().items()
    assert second.is_unique


def test_each_id_is_agreement_id_of_its_row():
    clean = clean_agreements_text(table(KYOTO, ZAPOPAN, LEON_ES)).clean
    assert clean["agreement_id"].tolist() == [agreement_id(row) for row in clean.to_dict("records")]
    assert all(
        row["agreement_id"].startswith(f"{row['partner_country']}-{row['entity_code']}-")
        for row in clean.to_dict("records")
    )


def test_exact_duplicates_are_kept_and_flagged():
    result = clean_agreements_text(table(KYOTO, KYOTO))
    assert len(result.clean) == 2
    assert result.clean["is_duplicate"].tolist() == [False, True]
    assert result.clean["agreement_id"].is_unique
    assert "duplicate_row" in set(result.log["rule"])


def test_output_columns_follow_the_contract():
    clean = clean_agreements_text(table(KYOTO)).clean
    assert list(clean.columns) == AGREEMENT_COLUMNS


def test_written_files(tmp_path):
    result = clean_agreements_text(table(KYOTO, NO_DATE))
    paths = result.write(tmp_path)
    assert {p.name for p in paths.values()} == {
        "agreements.csv",
        "agreements_rejects.csv",
        "agreements_cleaning_log.csv",
        "agreements_provenance.json",
    }
    rejects = pd.read_csv(tmp_path / "agreements_rejects.csv")
    assert list(rejects.columns) == ["source_row", "raw_line", "raw_text", "reason"]
    assert rejects.loc[0, "source_row"] == 2


def test_parallel_cleaning_gives_the_same_result(monkeypatch):
    import sys

    from helpers.clean import agreements
    from helpers.core.paths import PROJECT_ROOT

    sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
    from synthetic import agreements_table

    text = agreements_table(600, seed=3) + "Broken row without any entity.\n"
    sequential = clean_agreements_text(text, workers=1)
    monkeypatch.setattr(agreements, "PARALLEL_MIN_ROWS", 100)
    parallel = clean_agreements_text(text, workers=2)
    pd.testing.assert_frame_equal(sequential.clean, parallel.clean)
    pd.testing.assert_frame_equal(sequential.log, parallel.log)
    pd.testing.assert_frame_equal(sequential.rejects, parallel.rejects)
    assert len(sequential.clean) == 600


# The article's table written in Spanish, with the English one's defects (tests/data/README.md).
SRE_ES = Path(__file__).parents[1] / "data" / "agreements_mx_ru_cemeri_es.txt"
# The parties as the Spanish table writes them, row by row.
SPANISH_PARTIES = [
    ("Gobierno del Estado", "Región de Moscú"),
    ("Universidad de Colima", "Universidad Rusa de la Amistad"),
    ("Benemérita Universidad Autónoma de Puebla", "Universidad Estatal de Moscú"),
    ("Universidad Autónoma Benito Juárez de Oaxaca", "Universidad Estatal de Kazán"),
    ("Benemérita Universidad Autónoma de Puebla", "Universidad Estatal de Kazán"),
    ("Universidad de Colima", "Universidad Estatal Rusa de Economía y Comercio"),
    ("Universidad de Colima", "la Universidad F.M Dostoyevski de Omsk"),
    (
        "Patronato de las Unidades de Servicios Culturales y Turísticos del Estado",
        "Universidad Estatal Rusa de Humanidades",
    ),
    ("Ciudad de México", "Moscú"),
    (
        "Patronato de las Unidades de Servicios Culturales y Turísticos del Estado",
        "Universidad Estatal de Ciencias Humanas de la Federación de Rusia",
    ),
    ("Universidad de Colima", "Universidad F.M.Dostoievski de Omsk"),
]
SAME_IN_BOTH_LANGUAGES = [
    "source_row",
    "entity_code",
    "entity",
    "level",
    "municipality",
    "municipality_code",
    "partner_country",
    "theme",
    "signed_on",
    "signed_precision",
    "valid_until",
    "validity",
    "reported_status",
    "review",
]


def test_the_table_in_spanish_gives_the_same_values_as_in_english():
    from helpers.reference.institutions import canonical_institution

    english = clean_agreements_file(SRE_RAW)
    spanish = clean_agreements_text(SRE_ES.read_text(encoding="utf-8"), SRE_ES)
    assert len(spanish.clean) == 11 and spanish.rejects.empty and spanish.merged_rows == 1
    pd.testing.assert_frame_equal(
        spanish.clean[SAME_IN_BOTH_LANGUAGES], english.clean[SAME_IN_BOTH_LANGUAGES]
    )
    assert (spanish.clean["review"] == "").all()
    assert spanish.metadata["table_title"] == "Convenios interinstitucionales entre México y Rusia"
    assert spanish.metadata["stated_source"].startswith("Elaboración propia con datos")
    # Parties: split where the Spanish text splits them; each is either the same
    # institution as in English or, where the institutions table does not know the
    # Spanish name, the name as the Spanish table writes it.
    rows = zip(spanish.clean.itertuples(), english.clean.itertuples(), SPANISH_PARTIES, strict=True)
    for es, en, (mexican, foreign) in rows:
        assert es.mexican_party in {en.mexican_party, canonical_institution(mexican, "MX")}
        assert es.foreign_party in {en.foreign_party, canonical_institution(foreign, "RU")}


def test_the_real_table_needs_no_review():
    result = clean_agreements_file(SRE_RAW)
    assert (result.clean["review"] == "").all()
    assert (result.log["review"] == "").all()
    assert result.metadata["numeric_date_order"] == "DMY"
    assert result.metadata["rows_flagged_for_review"] == 0


# Forms that used to give wrong values silently (issue 13), each in an invented row.
@pytest.mark.parametrize(
    "row, expected",
    [
        (  # a day-first numeric signing date
            "JaliscoStateUniversity of Guadalajara – Kyoto University, Japan.Agreement on "
            "exchange.Education.07/11/2016.Indefinite.",
            {
                "signed_on": "2016-11-07",
                "subject": "Education",
                "foreign_party": "Kyoto University",
            },
        ),
        (  # "and" inside the Mexican party's name; the entity's name says where it ends
            "JaliscoStateUniversity of Sciences and Arts of Jalisco and Kyoto University, "
            "Japan.Agreement on exchange.Education.7.11.2016.Indefinite.",
            {
                "mexican_party": "University of Sciences and Arts of Jalisco",
                "foreign_party": "Kyoto University",
                "signed_on": "2016-11-07",
            },
        ),
        (  # a dash without spaces; the municipality's name says which side is Mexican
            "JaliscoMunicipalMunicipality of Zapopan-City of Kazan, Russia.Twinning.Culture."
            "07-11-2016.Not specified.",
            {
                "mexican_party": "Municipality of Zapopan",
                "foreign_party": "City of Kazan",
                "municipality": "Zapopan",
            },
        ),
        (  # Spanish, the country by its official name
            "JaliscoEstatalUniversidad de Guadalajara – Universidad Estatal de Tomsk, "
            "Federación de Rusia.Convenio de colaboración académica.Educación.7 de mayo de "
            "2014.Indefinida.",
            {
                "mexican_party": "Universidad de Guadalajara",
                "foreign_party": "Universidad Estatal de Tomsk",
                "partner_country": "RU",
                "signed_on": "2014-05-07",
                "validity": "indefinite",
            },
        ),
        (  # "y" inside a Spanish name, and "y" between the parties
            "ChiapasEstatalUniversidad de Ciencias y Artes de Chiapas y Universidad de Kioto, "
            "Japón.Convenio marco.Educación.mayo de 2014.Vigente.",
            {
                "mexican_party": "Universidad de Ciencias y Artes de Chiapas",
                "foreign_party": "Universidad de Kioto",
                "partner_country": "JP",
                "signed_on": "2014-05",
                "signed_precision": "month",
                "validity": "unspecified",
                "reported_status": "in force",
            },
        ),
        (  # "con" between the parties, Estados Unidos de América, a Spanish status
            "SonoraEstatalGobierno del Estado de Sonora con el Estado de Arizona, Estados "
            "Unidos de América.Acuerdo de cooperación.Medio ambiente.7 May 2014.6 de mayo de "
            "2018. (Terminado)",
            {
                "mexican_party": "Gobierno del Estado de Sonora",
                "foreign_party": "el Estado de Arizona",
                "partner_country": "US",
                "theme": "environment",
                "valid_until": "2018-05-06",
                "reported_status": "finished",
            },
        ),
    ],
)
def test_forms_once_misread_are_read_right_without_doubt(row, expected):
    from helpers.reference.institutions import canonical_institution

    result = clean_agreements_text(table(row))
    assert result.rejects.empty
    clean = result.clean.iloc[0]
    for field, value in expected.items():
        if field in ("mexican_party", "foreign_party"):
            value = canonical_institution(value)
        assert clean[field] == value, field
    assert clean["review"] == ""


@pytest.mark.parametrize(
    "tail, reason",
    [
        ("31/02/2014.Indefinite.", "'31/02/2014' is not a calendar date"),
        ("13/13/2014.Indefinite.", "'13/13/2014' is not a calendar date"),
        ("May 7, 2014.30.02.2016. -Completed-", "'30.02.2016' is not a calendar date"),
    ],
)
def test_a_date_that_cannot_exist_is_rejected_with_its_reason(tail, reason):
    row = f"JaliscoStateA – B, Japan.Agreement.Education.{tail}"
    result = clean_agreements_text(table(row))
    assert result.clean.empty
    assert reason in result.rejects.iloc[0]["reason"]
    assert "DMY" in result.rejects.iloc[0]["reason"]


def test_numeric_dates_are_read_in_the_order_the_sidecar_states(tmp_path):
    from helpers.core.sources import ProvenanceWarning

    row = "JaliscoStateUniversity of Guadalajara – Kyoto University, Japan.Pact.Education."
    path = tmp_path / "table.txt"
    path.write_text(table(row + "07/11/2016.12/25/2020."), encoding="utf-8")
    (tmp_path / "table.txt.meta.yaml").write_text("date_order: MDY\n", encoding="utf-8")
    with pytest.warns(ProvenanceWarning):
        result = clean_agreements_file(path)
    clean = result.clean.iloc[0]
    assert (clean["signed_on"], clean["valid_until"]) == ("2016-07-11", "2020-12-25")
    assert result.metadata["numeric_date_order"] == "MDY"
    assert result.metadata["numeric_date_order_from"] == "stated in the sidecar"
    # The same table read day first: 12/25/2020 cannot exist, and the row says why.
    default = clean_agreements_text(table(row + "07/11/2016.12/25/2020."))
    assert "'12/25/2020' is not a calendar date" in default.rejects.iloc[0]["reason"]
    assert default.metadata["numeric_date_order_from"].startswith("default")
    log = clean_agreements_text(table(row + "07/11/2016.Indefinite.")).log
    assert log.loc[log["rule"] == "numeric_date_in_table_order", "after"].tolist() == ["2016-11-07"]
    (tmp_path / "table.txt.meta.yaml").write_text("date_order: YDM\n", encoding="utf-8")
    with pytest.warns(ProvenanceWarning), pytest.raises(RawDataError, match="date_order"):
        clean_agreements_file(path)


def _flags(result, rule):
    log = result.log[(result.log["rule"] == rule) & (result.log["review"] != "")]
    return log


def test_a_split_nothing_settles_is_kept_and_flagged_with_its_candidates():
    row = (
        "JaliscoStateInstitute of Arts and Crafts and Kyoto Board, Japan.Agreement on "
        "exchange.Education.May 7, 2014.Indefinite."
    )
    result = clean_agreements_text(table(row))
    clean = result.clean.iloc[0]
    assert clean["review"] == "ambiguous_party_split"
    flag = _flags(result, "ambiguous_party_split").iloc[0]
    assert "'Institute of Arts' | 'Crafts and Kyoto Board'" in flag["review"]
    assert "'Institute of Arts and Crafts' | 'Kyoto Board'" in flag["review"]
    assert flag["before"] == "Institute of Arts and Crafts and Kyoto Board"


def test_the_description_settles_a_split_when_it_names_the_parties_apart():
    row = (
        "JaliscoStateInstitute of Arts and Crafts and Kyoto Board, Japan.Agreement between "
        "Kyoto Board, Japan, and the Institute of Arts and Crafts.Education.May 7, 2014."
        "Indefinite."
    )
    clean = clean_agreements_text(table(row)).clean.iloc[0]
    assert (clean["mexican_party"], clean["foreign_party"], clean["review"]) == (
        "Institute of Arts and Crafts",
        "Kyoto Board",
        "",
    )


@pytest.mark.parametrize(
    "between, rule",
    [
        ("Institute of Arts and Kyoto Board", "unconfirmed_party_split"),
        ("Institute of Arts Kyoto Board", "no_party_separator"),
        ("Franco-Japanese Board", "unconfirmed_party_split"),
    ],
)
def test_a_split_without_support_is_flagged(between, rule):
    row = f"JaliscoState{between}, Japan.Agreement.Education.May 7, 2014.Indefinite."
    result = clean_agreements_text(table(row))
    assert result.clean.iloc[0]["review"] == rule
    assert len(_flags(result, rule)) == 1


@pytest.mark.parametrize(
    "row, rule",
    [
        (  # a status word the rules do not know
            "JaliscoStateUniversity of Guadalajara – Kyoto University, Japan.Pact.Education."
            "May 7, 2014.May 6, 2018. -Suspended-",
            "unknown_status_word",
        ),
        (  # a subject that names no theme
            "JaliscoStateUniversity of Guadalajara – Kyoto University, Japan.Pact.Sports."
            "May 7, 2014.Indefinite.",
            "unmapped_subject",
        ),
        (  # a subject that names a theme and something else
            "JaliscoStateUniversity of Guadalajara – Kyoto University, Japan.Pact.Education "
            "and sports.May 7, 2014.Indefinite.",
            "subject_partly_unmapped",
        ),
        (  # a municipal row whose party names no municipality of the entity
            "JaliscoMunicipalCity Council – Kyoto University, Japan.Pact.Education."
            "May 7, 2014.Indefinite.",
            "municipality_not_found",
        ),
        (  # digits joined to the signing date
            "JaliscoStateUniversity of Guadalajara – Kyoto University, Japan.Pact No. 5."
            "Education.12/2016.Indefinite.",
            None,
        ),
        (  # no country closes the Between cell and the description names two
            "JaliscoStateAgreement between the University of Guadalajara, Kyoto University "
            "of Japan and the University of Lyon, France.Education.May 7, 2014.Indefinite.",
            "several_countries_named",
        ),
    ],
)
def test_what_is_read_with_doubt_is_flagged_with_its_reason(row, rule):
    result = clean_agreements_text(table(row))
    assert result.rejects.empty
    review = result.clean.iloc[0]["review"]
    if rule is None:  # "12/2016" is a month: no doubt, nothing joined to it
        assert review == "" and result.clean.iloc[0]["signed_on"] == "2016-12"
        return
    assert rule in review.split(";")
    flagged = _flags(result, rule)
    assert len(flagged) == 1 and flagged.iloc[0]["review"]


def test_digits_joined_to_the_signing_date_are_flagged():
    row = (
        "JaliscoStateUniversity of Guadalajara – Kyoto University, Japan.Pact 3.Education."
        "5.2016.Indefinite."
    )
    result = clean_agreements_text(table(row))
    assert "digits_before_signing_date" in result.clean.iloc[0]["review"]


@pytest.mark.parametrize(
    "validity, until, kind, status",
    [
        ("No especificada.", "", "unspecified", ""),
        ("Sin especificar.", "", "unspecified", ""),
        ("Indefinida.", "", "indefinite", ""),
        ("Indeterminada.", "", "indefinite", ""),
        ("Por tiempo indefinido.", "", "indefinite", ""),
        ("Vigente.", "", "unspecified", "in force"),
        ("In force.", "", "unspecified", "in force"),
        ("-Concluido-", "", "unspecified", "completed"),
        ("31 de diciembre de 2020. -Concluida-", "2020-12-31", "fixed-term", "completed"),
        ("31/12/2020 (Terminado)", "2020-12-31", "fixed-term", "finished"),
        ("December 31, 2020. - Finished-", "2020-12-31", "fixed-term", "finished"),
        ("2020. -Vencido-", "2020", "fixed-term", "expired"),
    ],
)
def test_validity_and_status_in_both_languages(validity, until, kind, status):
    row = parse_row(f"ColimaEstatalA – B, Rusia.Convenio.Educación.1 de enero de 2019.{validity}")
    assert (row["valid_until"], row["validity"], row["reported_status"]) == (until, kind, status)
    assert row["flags"] == []


def test_spanish_header_words_are_recognised():
    for header in (
        HEADER_ES,
        "Entidad FederativaTipoEntreDescripciónAsuntoFecha de firmaVigencia",
        "Entidad federativa | Tipo | Entre | Descripción | Materia | Fecha de suscripción",
    ):
        assert split_layout(table(KYOTO, header=header)).rows


def test_the_home_country_never_closes_the_between_cell():
    # ", México." ends the Mexican party's place, not the partner's: the partner country
    # is then the one the row names elsewhere, or the row is rejected.
    assert take_between("Universidad de Sonora, México. Convenio con Japón.") is None
    result = clean_agreements_text(
        table("SonoraEstatalUniversidad de Sonora, México.Convenio.Educación.2014.Indefinida.")
    )
    assert "no partner country" in result.rejects.iloc[0]["reason"]
