"""Partner countries to ISO 3166-1 alpha-2."""

import pytest

from helpers.reference.countries import find_countries, mentioned_countries, resolve_country


@pytest.mark.parametrize(
    "name, code",
    [
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("Rusia", "RU"),
        ("the United States", "US"),
        ("Estados Unidos", "US"),
        ("Alemania", "DE"),
        ("South Korea", "KR"),
        ("UK", "GB"),
        ("JPN", "JP"),
    ],
)
def test_resolve_country(name, code):
    assert resolve_country(name) == code


def test_several_countries_and_non_countries():
    assert find_countries("Russia, Belarus and Kazakhstan") == (["RU", "BY", "KZ"], [])
    assert find_countries("Rusia y China") == (["RU", "CN"], [])
    assert find_countries("Korea, Republic of") == (["KR"], [])
    assert find_countries("Europe") == ([], ["Europe"])
    assert find_countries("") == ([], [])


def test_countries_mentioned_in_running_text():
    assert mentioned_countries("State University of Human Sciences of the Russian Federation") == [
        "RU"
    ]
    assert mentioned_countries("University of Colima (Mexico) and Kyoto University, Japan") == [
        "JP"
    ]


@pytest.mark.parametrize(
    "name, code",
    [
        ("Federación de Rusia", "RU"),  # the official long form, derived from library data
        ("la Federación de Rusia", "RU"),
        ("Estados Unidos de América", "US"),
        ("Japón", "JP"),
        ("República Popular China", "CN"),
        ("República de Corea", "KR"),
        ("Corea del Sur", "KR"),
        ("República Francesa", "FR"),
        ("República de Francia", "FR"),
        ("Republic of Italy", "IT"),
        ("Reino de España", "ES"),
        ("Países Bajos", "NL"),
        ("República Federal de Alemania", "DE"),
        ("Reino Unido", "GB"),
        ("Estados Unidos Mexicanos", "MX"),
    ],
)
def test_english_and_spanish_official_names(name, code):
    assert resolve_country(name) == code


def test_a_long_name_takes_its_words_even_when_its_country_is_excluded():
    # "Estados Unidos Mexicanos" must not leave "Estados Unidos" to be found inside it
    text = "entre el Gobierno de los Estados Unidos Mexicanos y la Federación de Rusia"
    assert mentioned_countries(text) == ["RU"]
    assert mentioned_countries("the United Mexican States and the French Republic") == ["FR"]


def test_every_name_comes_from_library_data_but_the_abbreviations():
    from helpers.reference.countries import _EXTRA_NAMES

    assert set(_EXTRA_NAMES.values()) <= {"GB", "US"}
