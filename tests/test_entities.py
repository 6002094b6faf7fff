"""Federal entities and municipalities recognised in text."""

import pytest

from helpers.entities import (
    find_municipality_in_text,
    load_entities,
    load_municipalities,
    match_entity_prefix,
    resolve_entity_name,
    resolve_place,
)


def test_reference_tables_are_complete():
    entities = load_entities()
    assert entities["entity_code"].tolist() == [f"{n:02d}" for n in range(1, 33)]
    municipalities = load_municipalities()
    assert len(municipalities) == 2469
    assert municipalities.set_index("municipality_code").at["05035", "municipality"] == "Torreón"


@pytest.mark.parametrize(
    "text, code, length",
    [
        ("State of MexicoState State Government", "15", len("State of Mexico")),
        ("Mexico CityStateMexico City – Moscow", "09", len("Mexico City")),
        ("YucatánStateAgreement", "31", len("Yucatán")),
        ("YucatanStateAgreement", "31", len("Yucatan")),
        ("Nuevo LeónMunicipalMunicipality of Monterrey", "19", len("Nuevo León")),
        ("Baja California SurStateX", "03", len("Baja California Sur")),
        ("Baja CaliforniaStateX", "02", len("Baja California")),
        ("Estado de MéxicoEstatalX", "15", len("Estado de México")),
        ("CDMXStateX", "09", 4),
    ],
)
def test_entity_prefix_takes_the_longest_name(text, code, length):
    assert match_entity_prefix(text) == (code, length)


def test_no_entity_prefix():
    assert match_entity_prefix("Moscow RegionState…") is None
    assert match_entity_prefix("MexicoState") is None  # the country, not the State of Mexico


@pytest.mark.parametrize(
    "name, code",
    [
        ("Nuevo Leon", "19"),
        ("nuevo león", "19"),
        ("State of Mexico", "15"),
        ("Estado de México", "15"),
        ("Michoacán de Ocampo", "16"),
        ("Veracruz", "30"),
        ("Distrito Federal", "09"),
        ("Querétaro", "22"),
    ],
)
def test_entity_names_in_spanish_and_english(name, code):
    assert resolve_entity_name(name) == code


@pytest.mark.parametrize(
    "text, entity_code, municipality_code, level",
    [
        ("Torreón, Coahuila", "05", "05035", "municipal"),
        ("Torreon, Coahuila de Zaragoza", "05", "05035", "municipal"),
        ("Tijuana", "02", "02004", "municipal"),
        ("Municipality of Zapopan", "14", "14120", "municipal"),
        ("Metepec, State of Mexico", "15", "15054", "municipal"),
        ("Yucatan", "31", "", "state"),
        ("Puebla", "21", "", "state"),  # the state, although a municipality shares the name
        ("State of Yucatán", "31", "", "state"),
        ("Estado de Jalisco", "14", "", "state"),
        ("the state of Nuevo Leon", "19", "", "state"),
        ("Estado Libre y Soberano de Oaxaca", "20", "", "state"),
    ],
)
def test_resolve_place(text, entity_code, municipality_code, level):
    place = resolve_place(text)
    assert (place.entity_code, place.municipality_code, place.level) == (
        entity_code,
        municipality_code,
        level,
    )


@pytest.mark.parametrize(
    "text, reason",
    [
        ("Metepec", "ambiguous"),
        ("Allende", "ambiguous"),
        ("Atlantis", "unknown place"),
        ("", "no place given"),
        ("Torreón, Jalisco", "not a municipality of Jalisco"),
        ("Springfield, Ohio", "not a Mexican federal entity"),
    ],
)
def test_unresolved_places_are_never_guessed(text, reason):
    place = resolve_place(text)
    assert not place.is_resolved and place.entity_code == ""
    assert reason in place.reason


def test_municipality_found_inside_a_party_name():
    assert find_municipality_in_text("H. Ayuntamiento de San Pedro Garza García", "19") == (
        "19019",
        "San Pedro Garza García",
    )
    assert find_municipality_in_text("University of Colima", "06") == ("06002", "Colima")
    assert find_municipality_in_text("Government of Jalisco", "14") is None
