"""Partner countries to ISO 3166-1 alpha-2."""

import pytest

from helpers.countries import find_countries, mentioned_countries, resolve_country


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
