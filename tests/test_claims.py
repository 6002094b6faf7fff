"""The article's claims re-computed (helpers.claims), and notebook 03 end to end.

Each check is tested on small invented tables both ways (supported, not supported);
then notebook 03 runs under papermill: on invented tables for another partner country
in Spanish, and on the real data (cleaned from data/raw by the helpers) in English and
Spanish at the same time, sharing one figures folder as the two report jobs do.
"""

from concurrent.futures import ThreadPoolExecutor

import nbformat
import pandas as pd
import papermill
import pytest

from helpers.claims import (
    ARTICLE_CLAIMS,
    check_agreement_themes_cover,
    check_claims,
    check_mainly_state_level,
    check_oldest_agreement,
    check_only_municipal_actor,
    check_theme_gained_relevance,
)
from helpers.execute import run_notebook
from helpers.figures import read_manifest
from helpers.parameters import declared_parameters
from helpers.paths import NOTEBOOKS_DIR, PROJECT_ROOT, RAW_DIR

NOTEBOOK = NOTEBOOKS_DIR / "03_counts.ipynb"


def agreement(**values) -> dict:
    return {
        "agreement_id": values.pop("agreement_id", "A"),
        "entity_code": "15",
        "entity": "Estado de México",
        "level": "state",
        "municipality": "",
        "partner_country": "RU",
        "theme": "education",
        "signed_on": "2005-01-01",
        "valid_until": "",
        "validity": "indefinite",
        "foreign_party": "Government of the Moscow Region",
        **values,
    }


def interaction(**values) -> dict:
    return {
        "interaction_id": "I",
        "bulletin_month": "2021-05",
        "date": "2021-05",
        "entity_code": "19",
        "entity": "Nuevo León",
        "level": "state",
        "municipality": "",
        "municipality_code": "",
        "partner_countries": "RU",
        "themes": "culture",
        **values,
    }


def frames(agreements=(), interactions=()) -> tuple[pd.DataFrame, pd.DataFrame]:
    a_columns = list(agreement())
    i_columns = list(interaction())
    return (
        pd.DataFrame(list(agreements), columns=a_columns),
        pd.DataFrame(list(interactions), columns=i_columns),
    )


TORREON = {"entity_code": "05", "level": "municipal", "municipality": "Torreón"}


# --- each check, both ways -------------------------------------------------------------------


def test_mainly_state_level():
    result = check_mainly_state_level(
        *frames([agreement(), agreement()], [interaction(), interaction(**TORREON)])
    )
    assert result.supported and result.values["share"] == 0.75
    assert "3 of 4 events (75%)" in result.evidence
    mostly_municipal = check_mainly_state_level(
        *frames([agreement()], [interaction(**TORREON), interaction(**TORREON)])
    )
    assert not mostly_municipal.supported
    assert not check_mainly_state_level(*frames()).supported


def test_mainly_state_level_ignores_unresolved_places():
    result = check_mainly_state_level(
        *frames([], [interaction(), interaction(entity_code="", level="")])
    )
    assert result.values["resolved"] == 1 and result.supported


TORREON_CLAIM = {"municipality": "Torreón", "entity": "Coahuila", "year": 2021}


def test_only_municipal_actor():
    supported = check_only_municipal_actor(
        *frames([], [interaction(), interaction(**TORREON), interaction(**TORREON)]),
        **TORREON_CLAIM,
    )
    assert supported.supported and supported.values["actors"] == ["Torreón (Coahuila)"]
    another = interaction(entity_code="02", level="municipal", municipality="Tijuana")
    two = check_only_municipal_actor(
        *frames([], [interaction(**TORREON), another]), **TORREON_CLAIM
    )
    assert not two.supported and "Tijuana (Baja California)" in two.evidence
    none = check_only_municipal_actor(*frames([], [interaction()]), **TORREON_CLAIM)
    assert not none.supported
    # Torreón in another year, or a municipal agreement signed in 2021, change the answer.
    other_year = interaction(**TORREON, date="2020-03", bulletin_month="2020-03")
    assert not check_only_municipal_actor(*frames([], [other_year]), **TORREON_CLAIM).supported
    signed_2021 = agreement(
        entity_code="14", level="municipal", municipality="Guadalajara", signed_on="2021-02-01"
    )
    assert not check_only_municipal_actor(
        *frames([signed_2021], [interaction(**TORREON)]), **TORREON_CLAIM
    ).supported


def test_only_municipal_actor_needs_a_real_entity():
    with pytest.raises(ValueError, match="not a Mexican federal entity"):
        check_only_municipal_actor(*frames(), municipality="Torreón", entity="Atlantis", year=2021)


OLDEST_CLAIM = {"entity": "State of Mexico", "foreign_party": "Moscow Region", "year": 1999}


def test_oldest_agreement():
    oldest = agreement(agreement_id="A1", signed_on="1999-10-11")
    later = agreement(agreement_id="A2", entity_code="06", signed_on="2003-10-15")
    result = check_oldest_agreement(*frames([later, oldest]), **OLDEST_CLAIM)
    assert result.supported and result.values["oldest"] == ["A1"]
    assert "October 11, 1999" in result.evidence
    spanish = check_oldest_agreement(*frames([later, oldest]), "es", **OLDEST_CLAIM)
    assert "11 de octubre de 1999" in spanish.evidence


def test_oldest_agreement_not_supported_by_another_entity_a_tie_or_no_agreements():
    older = agreement(agreement_id="A0", entity_code="06", signed_on="1998")
    mine = agreement(agreement_id="A1", signed_on="1999-10-11")
    assert not check_oldest_agreement(*frames([older, mine]), **OLDEST_CLAIM).supported
    # "1999" (year precision) may be any day of 1999: it ties with nothing, it is earlier.
    year_only = agreement(agreement_id="A2", entity_code="06", signed_on="1999")
    assert not check_oldest_agreement(*frames([year_only, mine]), **OLDEST_CLAIM).supported
    twin = agreement(agreement_id="A3", entity_code="06", signed_on="1999-10-11")
    tie = check_oldest_agreement(*frames([mine, twin]), **OLDEST_CLAIM)
    assert not tie.supported and tie.values["oldest"] == ["A1", "A3"]
    other_party = agreement(agreement_id="A4", signed_on="1999-10-11", foreign_party="Kazan")
    assert not check_oldest_agreement(*frames([other_party]), **OLDEST_CLAIM).supported
    assert not check_oldest_agreement(*frames(), **OLDEST_CLAIM).supported


TOPICS = {"themes": ("economy", "health", "culture")}


def test_agreement_themes_cover():
    covering = [agreement(theme=t) for t in ("economy", "health", "culture", "education")]
    assert check_agreement_themes_cover(*frames(covering), **TOPICS).supported
    education = [agreement(), agreement(), agreement(theme="culture"), agreement(theme="")]
    result = check_agreement_themes_cover(
        *frames(education, [interaction(themes="economy;health")]), **TOPICS
    )
    assert not result.supported
    assert result.values["named"] == {"economy": 0, "health": 0, "culture": 1}
    assert result.values["named_interactions"] == {"economy": 1, "health": 1, "culture": 0}
    assert (result.values["top"], result.values["top_count"]) == ("education", 2)
    assert "the most frequent theme is Education (2)" in result.evidence


def test_theme_gained_relevance():
    before = [agreement(), agreement(theme="health")]  # 1 of 2 before
    rising = [interaction(themes="health;economy"), interaction(themes="health")]
    result = check_theme_gained_relevance(*frames(before, rising), theme="health", year=2021)
    assert result.supported
    assert (result.values["share_year"], result.values["share_before"]) == (1.0, 0.5)
    level = [interaction(themes="health"), interaction()]  # 1 of 2 in the year: no gain
    assert not check_theme_gained_relevance(
        *frames(before, level), theme="health", year=2021
    ).supported
    nothing_before = check_theme_gained_relevance(*frames([], rising), theme="health", year=2021)
    assert not nothing_before.supported and nothing_before.values["events_before"] == 0


def test_check_claims_lists_every_article_statement_in_either_language():
    data = frames([agreement(signed_on="1999-10-11")], [interaction(**TORREON)])
    english = check_claims(*data)
    assert english["claim_id"].tolist() == [claim.claim_id for claim in ARTICLE_CLAIMS]
    assert list(english.columns) == [
        "claim_id",
        "statement",
        "quote",
        "evidence",
        "supported",
        "verdict",
        "figure",
    ]
    assert set(english["verdict"]) <= {"supported", "not supported"}
    assert set(english["figure"]) <= {"fig-levels", "fig-agreements-timeline", "fig-themes"}
    spanish = check_claims(*data, lang="es")
    assert set(spanish["verdict"]) <= {"respaldada", "no respaldada"}
    assert spanish["quote"].tolist() == english["quote"].tolist()  # the article's own words
    assert spanish["supported"].tolist() == english["supported"].tolist()
    assert "Estado de México" in spanish.set_index("claim_id").loc["oldest-agreement", "statement"]


# --- notebook 03 -----------------------------------------------------------------------------


def test_notebook_03_parameters_are_typed_and_documented():
    declared = declared_parameters(NOTEBOOK)
    assert {name: p.type_name for name, p in declared.items()} == {
        "partner_country": "str",
        "start_year": "int",
        "end_year": "int",
        "reference_date": "str",
        "lang": "str",
        "agreements_path": "str",
        "interactions_path": "str",
        "output_dir": "str",
        "figures_dir": "str",
    }
    assert declared["partner_country"].default == "RU" and declared["lang"].default == "en"
    assert all(p.help for p in declared.values())
    documented = papermill.inspect_notebook(str(NOTEBOOK))
    assert all(documented[name]["help"] for name in declared)


def _outputs_text(path) -> str:
    notebook = nbformat.read(str(path), as_version=4)
    return "".join(
        str(output.get("data", {}).get("text/html", ""))
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    )


def _run(tmp_path, name: str, **parameters):
    output = tmp_path / f"{name}.ipynb"
    run_notebook(NOTEBOOK, output, parameters, cwd=PROJECT_ROOT)
    return output


def test_notebook_03_on_invented_tables_for_another_partner_in_spanish(tmp_path):
    agreements, interactions = frames(
        [
            agreement(agreement_id="A1", partner_country="US", entity_code="14", theme=""),
            agreement(agreement_id="A2", partner_country="US", signed_on="1990-01-01"),
            agreement(agreement_id="A3", partner_country="RU"),
        ],
        [
            interaction(interaction_id="I1", partner_countries="US;CA", themes="health;economy"),
            interaction(
                interaction_id="I2", partner_countries="US", entity_code="", level="", themes=""
            ),
        ],
    )
    agreements.to_csv(tmp_path / "agreements.csv", index=False)
    interactions.to_csv(tmp_path / "interactions.csv", index=False)
    output = _run(
        tmp_path,
        "es",
        partner_country="US",
        start_year=2000,
        end_year=2030,
        reference_date="2021-01-01",
        lang="es",
        agreements_path=str(tmp_path / "agreements.csv"),
        interactions_path=str(tmp_path / "interactions.csv"),
        output_dir=str(tmp_path / "processed"),
        figures_dir=str(tmp_path / "figures"),
    )
    by_entity = pd.read_csv(tmp_path / "processed" / "counts_by_entity.csv", dtype=str)
    assert len(by_entity) == 32
    rows = by_entity.set_index("entity_code")
    assert rows.loc["14", ["agreements", "interactions", "total"]].tolist() == ["1", "0", "1"]
    assert rows.loc["19", "total"] == "1" and rows.loc["15", "total"] == "0"  # A2 is from 1990
    recorded = pd.read_csv(tmp_path / "processed" / "counts_overview.csv", dtype=str).iloc[0]
    assert recorded[["partner_country", "start_year", "end_year", "events"]].tolist() == [
        "US",
        "2000",
        "2030",
        "3",
    ]
    themes = pd.read_csv(tmp_path / "processed" / "counts_by_theme.csv").set_index("theme")
    assert themes.loc["none-stated", "total"] == 2  # A1 and I2 state no theme
    manifest = read_manifest(tmp_path / "figures")
    assert set(manifest["figures"]) == {
        f"{base}-es"
        for base in (
            "fig-entity-counts",
            "fig-map-engagement",
            "fig-themes",
            "fig-entity-theme",
            "fig-agreements-timeline",
            "fig-levels",
        )
    }
    html = _outputs_text(output)
    assert "Estados Unidos" in html and "años 2000–2030" in html
    assert "2 de las 32 entidades federativas" in html
    assert "Lugar no identificado" in html  # the unresolved place, shown as such
    assert "Verificación de afirmaciones" in html


def test_notebook_03_without_interactions_and_with_no_events_says_so(tmp_path):
    agreements, _ = frames([agreement(partner_country="US")])
    agreements.to_csv(tmp_path / "agreements.csv", index=False)
    output = _run(
        tmp_path,
        "empty",
        partner_country="JP",
        agreements_path=str(tmp_path / "agreements.csv"),
        interactions_path=str(tmp_path / "missing.csv"),
        output_dir=str(tmp_path / "processed"),
        figures_dir=str(tmp_path / "figures"),
    )
    html = _outputs_text(output)
    assert "report-warning" in html and "No interactions table was found" in html
    assert "0 of Mexico&#x27;s 32 federal entities" in html or "0 of Mexico's 32" in html
    assert "0 of 5 statements are supported by the data." in html
    entry = read_manifest(tmp_path / "figures")["figures"]
    assert "CEDL" not in entry["fig-themes"]["source"]  # a table not used is not cited
    assert len(entry) == 6


@pytest.fixture(scope="module")
def real_processed(tmp_path_factory):
    """data/processed as `make report` builds it, written by the cleaning helpers."""
    from helpers.agreements import clean_agreements_file

    bulletins = pytest.importorskip("helpers.bulletins", reason="bulletins cleaning (issue 3)")
    folder = tmp_path_factory.mktemp("processed")
    clean_agreements_file(RAW_DIR / "sre" / "agreements_mx_ru_cemeri.txt").write(folder)
    raw = sorted((RAW_DIR / "cedl").glob("*.csv"))
    assert len(raw) == 1, f"expected one bulletins file in data/raw/cedl, found {raw}"
    bulletins.clean_bulletins_file(raw[0]).write(folder)
    return folder


def test_notebook_03_on_the_real_data_in_both_languages_at_once(real_processed, tmp_path):
    """Two kernels started at the same moment, as the two report jobs are in the build."""

    def run(lang: str):
        output = tmp_path / f"03_{lang}.ipynb"
        parameters = {
            "lang": lang,
            "agreements_path": str(real_processed / "agreements.csv"),
            "interactions_path": str(real_processed / "interactions.csv"),
            "output_dir": str(tmp_path / "processed"),
            "figures_dir": str(tmp_path / "figures"),
        }
        run_notebook(NOTEBOOK, output, parameters, cwd=PROJECT_ROOT)
        return output

    with ThreadPoolExecutor(max_workers=2) as pool:
        english, spanish = pool.map(run, ["en", "es"])

    by_entity = pd.read_csv(tmp_path / "processed" / "counts_by_entity.csv", dtype={"total": int})
    active = by_entity[by_entity["total"] > 0]
    assert dict(zip(active["entity"], active["total"], strict=True)) == {
        "Colima": 4,
        "Puebla": 3,
        "Yucatán": 2,
        "Estado de México": 2,
        "Oaxaca": 1,
        "Ciudad de México": 1,
        "Nuevo León": 1,
        "Aguascalientes": 1,
        "Chihuahua": 1,
        "Coahuila": 1,
        "Zacatecas": 1,
        "Morelos": 1,
    }
    assert len(by_entity) == 32 and by_entity["total"].sum() == 19

    manifest = read_manifest(tmp_path / "figures")
    assert len(manifest["figures"]) == 12  # six figures in each language, none lost
    for entry in manifest["figures"].values():
        assert set(entry["files"]) == {"png", "svg", "pdf", "csv"}
        assert "CEMERI (2023); CEDL bulletins 2021" in entry["source"] or (
            "CEMERI (2023); boletines del CEDL 2021" in entry["source"]
        )

    html = _outputs_text(english)
    assert "19 events" in html and "12 of Mexico's 32 federal entities" in html
    assert "Colima leads with 4 events" in html
    assert "4 of 5 statements are supported by the data." in html
    assert "NOT SUPPORTED" in html and "Education (8)" in html
    assert "18 of 19 events (95%)" in html
    assert "in force, 2; ended, 8; validity not stated, 1" in html
    spanish_html = _outputs_text(spanish)
    assert "12 de las 32 entidades federativas" in spanish_html
    assert "4 de 5 afirmaciones están respaldadas" in spanish_html
    assert "11 de octubre de 1999" in spanish_html
