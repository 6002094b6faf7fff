"""An entity's profile: its rows, and its rank with ties said as ties."""

import pandas as pd
import pytest
from factories import message_fragments

from helpers.analysis.profiles import entity_events, entity_rank, rank_of
from helpers.tables.schemas import AGREEMENT_COLUMNS, INTERACTION_COLUMNS


def _agreements(rows):
    base = {column: "" for column in AGREEMENT_COLUMNS}
    frame = pd.DataFrame(
        [
            {
                **base,
                "agreement_id": f"A{i}",
                "validity": "indefinite",
                "is_duplicate": False,
                **row,
            }
            for i, row in enumerate(rows)
        ]
    )
    return frame


def _interactions(rows):
    base = {column: "" for column in INTERACTION_COLUMNS}
    return pd.DataFrame(
        [
            {
                **base,
                "interaction_id": f"I{i}",
                "bulletin_month": "2021-05",
                "date": "2021-05",
                "is_duplicate": False,
                **row,
            }
            for i, row in enumerate(rows)
        ]
    )


AGREEMENTS = _agreements(
    [
        {"entity_code": "06", "entity": "Colima", "partner_country": "RU", "signed_on": "2010"},
        {"entity_code": "06", "entity": "Colima", "partner_country": "JP", "signed_on": "2011"},
        {"entity_code": "21", "entity": "Puebla", "partner_country": "RU", "signed_on": "2012"},
    ]
)
INTERACTIONS = _interactions(
    [
        {"entity_code": "21", "entity": "Puebla", "partner_countries": "RU;BY", "level": "state"},
        {
            "entity_code": "05",
            "entity": "Coahuila",
            "partner_countries": "RU",
            "level": "municipal",
            "municipality_code": "05035",
            "municipality": "Torreón",
        },
        {"entity_code": "", "partner_countries": "RU"},  # unresolved place: no entity's
    ]
)


def test_entity_events_filters_by_partner():
    agreements, interactions = entity_events(AGREEMENTS, INTERACTIONS, "06", "RU")
    assert agreements["agreement_id"].tolist() == ["A0"]
    assert interactions.empty
    agreements, interactions = entity_events(AGREEMENTS, INTERACTIONS, "05", "RU")
    assert interactions["municipality"].tolist() == ["Torreón"]


def test_rank_with_ties():
    rank = rank_of(AGREEMENTS, INTERACTIONS, "06", "RU")
    assert (rank.rank, rank.tied_with, rank.total) == (2, 1, 1)  # Puebla 2; Colima and Coahuila 1
    assert (rank.entities_with_activity, rank.entities) == (3, 32)
    assert rank_of(AGREEMENTS, INTERACTIONS, "21", "RU").rank == 1
    none = rank_of(AGREEMENTS, INTERACTIONS, "32", "RU")
    assert (none.rank, none.total, none.tied_with) == (4, 0, 28)


def test_unknown_entity_code():
    by_entity = pd.DataFrame({"entity_code": ["06"], "total": [1]})
    with pytest.raises(KeyError, match="'99'"):
        entity_rank(by_entity, "99")


@pytest.mark.slow
def test_notebook_04_profiles_an_entity(tmp_path):
    import nbformat

    from helpers.build.execute import run_notebook
    from helpers.clean.agreements import clean_agreements_file
    from helpers.clean.bulletins import clean_bulletins_file
    from helpers.core.paths import NOTEBOOKS_DIR, PROJECT_ROOT, RAW_DIR

    clean_agreements_file(RAW_DIR / "sre" / "agreements_mx_ru_cemeri.txt").write(tmp_path)
    clean_bulletins_file(RAW_DIR / "cedl" / "bulletins_2021_mx_ru.csv").write(tmp_path)
    output = tmp_path / "profile.ipynb"
    run_notebook(
        NOTEBOOKS_DIR / "04_entity_profile.ipynb",
        output,
        {"entity_code": "21", "lang": "es", "processed_dir": str(tmp_path)},
        cwd=PROJECT_ROOT,
    )
    html = " ".join(
        str(o.get("data", {}).get("text/html", ""))
        for c in nbformat.read(str(output), as_version=4).cells
        for o in c.get("outputs", [])
    )
    assert "Puebla: diplomacia local con Rusia" in html
    # Real plural forms, one for one interaction: never "acuerdo(s)".
    assert "Puebla tiene 2 acuerdos registrados y 1 interacción documentada con Rusia" in html
    assert "0 otras entidades comparten su total" in html and "(s)" not in html
    assert "Gopar, Pérez y Estrada, 2021" in html  # the authors joined as Spanish joins a list
    english_words, spanish_words = message_fragments("en"), message_fragments("es")
    for key in english_words.keys() & spanish_words.keys():  # the report stays in Spanish
        if english_words[key] != spanish_words[key]:
            assert english_words[key] not in html, key
    assert "ocupa el lugar 2 entre las 12 entidades con actividad (de 32)" in html
    assert "Lomonosov Moscow State University" in html and "Diplomacia" in html
