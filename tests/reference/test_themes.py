"""The theme vocabulary and mapping free-text subjects onto it."""

import pandas as pd
import pytest

from helpers.reference.themes import load_themes, map_themes, single_theme, theme_label


def test_vocabulary_has_the_design_keys():
    assert set(load_themes()["theme"]) == {
        "economy",
        "tourism",
        "culture",
        "education",
        "science",
        "health",
        "environment",
        "migration",
        "security",
        "gender",
        "human-rights",
        "urban-development",
        "diplomacy",
        "multi-thematic",
    }


@pytest.mark.parametrize(
    "text, keys",
    [
        ("Education.", ["education"]),
        ("Cultural.", ["culture"]),
        ("Multi-thematic.", ["multi-thematic"]),
        ("health issues and foreign investment", ["health", "economy"]),
        ("Salud y comercio", ["health", "economy"]),
        ("circular economy", ["environment"]),
        ("migrantes; refugiados", ["migration"]),
        ("Educación", ["education"]),
    ],
)
def test_map_themes(text, keys):
    assert map_themes(text) == (keys, [])


def test_unmapped_words_are_returned_not_forced():
    assert map_themes("space exploration and culture") == (["culture"], ["space exploration"])
    assert single_theme("Sports.") == ("", ("Sports",))


def test_several_themes_in_one_subject_cell_is_multi_thematic():
    assert single_theme("Education and culture") == ("multi-thematic", ())


def test_labels():
    assert theme_label("health", "es") == "Salud"
    assert theme_label("human-rights", "en") == "Human rights"
    with pytest.raises(ValueError, match="unknown language"):
        theme_label("health", "fr")


@pytest.mark.parametrize(
    "text, key",
    [
        ("Formación", "education"),
        ("Intercambio académico", "education"),
        ("Ciencia y tecnología", "science"),
        ("Desarrollo sostenible", "environment"),
        ("Viajes", "tourism"),
        ("Exportación", "economy"),
        ("Multitemática", "multi-thematic"),
        ("Derechos humanos", "human-rights"),
    ],
)
def test_spanish_subjects_name_their_theme(text, key):
    assert single_theme(text) == (key, ())


def test_every_theme_has_spanish_synonyms():
    assert (load_themes()["synonyms_es"].str.len() > 0).all()


def test_a_vocabulary_whose_theme_keys_repeat_is_refused_with_the_lines(tmp_path):
    from helpers.core.sources import RawDataError

    path = tmp_path / "themes.csv"
    load_themes().pipe(lambda t: pd.concat([t, t.iloc[[1]]])).to_csv(path, index=False)
    repeated = load_themes()["theme"].iloc[1]
    with pytest.raises(RawDataError, match=rf"theme repeats: '{repeated}' on lines 3, \d+"):
        load_themes(path)
