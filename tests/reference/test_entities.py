"""Federal entities and municipalities recognised in text."""

import pytest

from helpers.reference.entities import (
    find_municipality_in_text,
    load_entities,
    load_municipalities,
    match_entity_prefix,
    resolve_entity_name,
)
from helpers.reference.places import resolve_place


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
        ("Springfield, Ohio", "not a Mexican federal entity"),
        ("Juchitán", "candidates: 12080 Juchitán (Guerrero); 20043 Juchitán de Zaragoza"),
        ("Municipality of Guerrero", "is a municipality in Chihuahua, Coahuila, Tamaulipas"),
        ("México", "names the country, not a place in it"),
        ("Mexico", "names the country"),
        ("San", "unknown place 'San'"),  # a title word alone names no municipality
        ("Tijuanna", "close names in INEGI's catalogue: 02004 Tijuana (Baja California)"),
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


@pytest.mark.parametrize(
    "text, code",
    [
        ("State of Mexico", "15"),
        ("Estado de México", "15"),
        ("Edomex", "15"),
        ("Mexico City", "09"),
        ("Ciudad de México", "09"),
        ("CDMX", "09"),
        ("Nuevo Leon", "19"),
        ("Nuevo León", "19"),
        ("Estado de Nuevo León", "19"),
        ("Nuevo Leon State", "19"),
        ("Edo. de Jalisco", "14"),
        ("the State of Sonora", "26"),
        ("Estado Libre y Soberano de Sinaloa", "25"),
    ],
)
def test_states_in_english_and_spanish_resolve_to_the_state(text, code):
    place = resolve_place(text)
    assert (place.entity_code, place.level, place.municipality_code) == (code, "state", "")
    assert place.reason == place.municipality_reason == ""


def test_bare_country_name_is_not_the_state_that_shares_its_official_name():
    assert resolve_entity_name("México") is None  # the country
    assert resolve_entity_name("Estado de México") == "15"
    assert match_entity_prefix("MéxicoEstatalX") == ("15", len("México"))  # table cells: kept


@pytest.mark.parametrize(
    "text, code, name, rule",
    [
        # "X, <state>" in both languages, the state by any alias or INEGI abbreviation
        ("Metepec, Edomex", "15054", "Metepec", ""),
        ("Metepec, Edo. de México", "15054", "Metepec", ""),
        ("Guadalajara, Jal.", "14039", "Guadalajara", ""),
        ("Monterrey, NL", "19039", "Monterrey", ""),
        ("Coyoacán, CDMX", "09003", "Coyoacán", ""),
        ("Coyoacán, Mexico City", "09003", "Coyoacán", ""),
        ("Torreón (Coahuila)", "05035", "Torreón", ""),
        ("Hermosillo, Sonora, México", "26030", "Hermosillo", ""),  # the country is dropped
        ("Toluca, Mexico", "15106", "Toluca", ""),  # a unique name, the country dropped
        ("Municipio de Puebla", "21114", "Puebla", ""),  # the municipality, not the state
        ("Ayuntamiento de Zapopan, Jalisco", "14120", "Zapopan", ""),
        ("Ciudad del Maíz, San Luis Potosí", "24010", "Ciudad del Maíz", ""),  # whole name first
        ("Ciudad del Carmen, Campeche", "04003", "Carmen", ""),  # then after "Ciudad del"
        ("Ciudad Victoria, Tamaulipas", "28041", "Victoria", ""),
        ("Alcaldía Coyoacán", "09003", "Coyoacán", ""),
        # a town known by the first words of its official name, unique where looked for
        ("Juchitán, Oaxaca", "20043", "Juchitán de Zaragoza", "short_name"),
        ("Juchitán, Guerrero", "12080", "Juchitán", ""),
        ("Acapulco", "12001", "Acapulco de Juárez", "short_name"),
        ("San Pedro, Nuevo León", "19019", "San Pedro Garza García", "short_name"),
        ("Tlaxiaco", "20397", "Heroica Ciudad de Tlaxiaco", "short_name"),  # title left out
        ("Huajuapan, Oax.", "20039", "Heroica Ciudad de Huajuapan de León", "short_name"),
        # an official name that holds a comma, given whole
        (
            "Heroica Villa Tezoatlán de Segura y Luna, Cuna de la Independencia de Oaxaca",
            "20549",
            "Heroica Villa Tezoatlán de Segura y Luna, Cuna de la Independencia de Oaxaca",
            "",
        ),
    ],
)
def test_municipalities_in_both_languages_whole_or_by_a_unique_short_name(text, code, name, rule):
    place = resolve_place(text)
    assert (place.entity_code, place.municipality_code, place.municipality, place.level) == (
        code[:2],
        code,
        name,
        "municipal",
    )
    assert (place.rule, place.reason, place.municipality_reason) == (rule, "", "")


@pytest.mark.parametrize(
    "text, code, reason_words, candidates",
    [
        # a metropolitan area or a region: the state is known, no municipality is named
        (
            "Zona Metropolitana de Valle Verde, Jalisco",
            "14",
            ["'Zona Metropolitana de Valle Verde' is not a municipality of Jalisco"],
            [],
        ),
        ("Región Sierra Alta, Hidalgo", "13", ["is not a municipality of Hidalgo"], []),
        ("Metropolitan Area of Laguna Azul, Sonora", "26", ["not a municipality of Sonora"], []),
        # a municipality of another state: the stated state is kept, the conflict is told
        (
            "Torreón, Jalisco",
            "14",
            ["'Torreón' is not a municipality of Jalisco", "it is one elsewhere: 05035 Torreón"],
            [],
        ),
        # misspelled: never taken, the close names are offered
        (
            "Monterey, Nuevo León",
            "19",
            ["'Monterey' is not a municipality", "close names", "19039 Monterrey (Nuevo León)"],
            [],
        ),
        # ambiguous within the state: the full name and a longer one that begins with it
        (
            "Cuautitlán, Estado de México",
            "15",
            ["ambiguous: 'Cuautitlán' is or begins the names of 2 municipalities"],
            ["15024", "15121"],
        ),
        # a name of the state that begins several other names there too
        (
            "Santa Ana, Oaxaca",
            "20",
            ["ambiguous: 'Santa Ana' is or begins the names of", "and"],
            None,  # many: checked below to be all of Oaxaca's "Santa Ana" and "Santa Ana …"
        ),
        # two municipalities and a conjunction: none of them alone
        ("Saltillo y Ramos Arizpe, Coahuila", "05", ["is not a municipality of Coahuila"], []),
    ],
)
def test_x_comma_state_keeps_the_state_and_tells_why_the_municipality_is_not_named(
    text, code, reason_words, candidates
):
    place = resolve_place(text)
    assert place.is_resolved and place.reason == ""
    assert (place.entity_code, place.level, place.municipality_code, place.municipality) == (
        code,
        "state",
        "",
        "",
    )
    assert all(word in place.municipality_reason for word in reason_words), place
    found = [municipality_code for _, municipality_code, _ in place.candidates]
    if candidates is None:
        catalogue = load_municipalities()
        expected = catalogue[
            (catalogue["entity_code"] == code)
            & catalogue["municipality"].str.match(r"Santa Ana( |$)")
        ]
        assert found == sorted(expected["municipality_code"]) and len(found) > 1
    else:
        assert found == candidates


def test_an_ambiguous_name_in_two_states_lists_every_candidate():
    catalogue = load_municipalities()
    counts = catalogue.groupby("municipality")["entity_code"].nunique()
    for name in counts[counts == 2].index[:25]:  # names the catalogue has in two states
        place = resolve_place(name)
        if place.entity_code:  # a state's own name
            assert place.level == "state"
            continue
        expected = catalogue[catalogue["municipality"] == name]["municipality_code"].tolist()
        assert {code for _, code, _ in place.candidates} >= set(expected)
        assert place.reason.startswith("ambiguous") and all(c in place.reason for c in expected)


def test_short_names_never_end_in_a_joining_word_or_are_title_words_alone():
    assert resolve_place("Santa").reason.startswith("unknown place")
    assert resolve_place("Villa de").reason.startswith("unknown place")
    assert resolve_place("Santa María").reason.startswith("ambiguous")  # a name: many have it
    assert resolve_place("Juchitán de, Oaxaca").municipality_code == ""


def test_a_catalogue_whose_codes_repeat_is_refused_with_the_file_lines(tmp_path):
    """The lines are the file's own: two title lines and the header come first, and a row
    without a name (dropped) still counts."""
    from helpers.core.sources import RawDataError

    rows = [
        "Municipios;;;",
        "MARCO GEOESTADÍSTICO;;;",
        "Clave de Entidad;Nombre de Entidad;Clave de Municipio;Nombre de Municipio",
        "05;Coahuila;035;Torreón",
        "05;Coahuila;036;",
        "05;Coahuila;030;Saltillo",
        "05;Coahuila;035;Torreon",
    ]
    path = tmp_path / "municipios.csv"
    path.write_bytes("\n".join(rows).encode("latin-1"))
    with pytest.raises(RawDataError, match=r"municipio.*'05035' on lines 4, 7"):
        load_municipalities(path)
    path.write_bytes("\n".join(rows[:-1]).encode("latin-1"))
    assert load_municipalities(path)["municipality_code"].tolist() == ["05035", "05030"]


def test_an_entities_table_without_all_32_is_refused(tmp_path):
    from helpers.core.sources import RawDataError

    entities = load_entities()
    path = tmp_path / "entities.csv"
    entities.iloc[:31].to_csv(path, index=False)
    with pytest.raises(RawDataError, match=r"entities\.csv: 31 rows \(expected 32 rows"):
        load_entities(path)
