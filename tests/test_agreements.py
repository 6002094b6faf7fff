"""Cleaning the SRE agreements table: one test per rule, a golden test, rejects, strict mode."""

from pathlib import Path

import pandas as pd
import pytest

from helpers.agreements import (
    AGREEMENT_COLUMNS,
    agreement_id,
    clean_agreements_file,
    clean_agreements_text,
    drop_unbalanced_quotes,
    parse_row,
    split_layout,
    split_parties,
    take_between,
    take_subject,
)
from helpers.cleaning import RejectedRowsError, RowRejected
from helpers.paths import RAW_DIR
from helpers.sources import RawDataError

SRE_RAW = RAW_DIR / "sre" / "agreements_mx_ru_cemeri.txt"

GOLDEN = Path(__file__).parent / "golden" / "agreements.csv"
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

    from helpers import agreements
    from helpers.paths import PROJECT_ROOT

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
