"""One canonical name per institution."""

import pytest

from helpers.institutions import canonical_institution, load_institutions, tidy_name


@pytest.mark.parametrize(
    "variants, canonical",
    [
        (
            [
                "F.M Dostoyevski University of Omsk",
                "Universidad F.M.Dostoevsky of Omsk",
                "University of Omsk F.M. Dostoevsky",
            ],
            "Dostoevsky Omsk State University",
        ),
        (
            [
                "Meritorious Autonomous University of Puebla",
                "Benemeritus Autonomous University of Puebla",
                "BENEMÉRITA UNIVERSIDAD AUTÓNOMA DE PUEBLA",
            ],
            "Meritorious Autonomous University of Puebla",
        ),
        (["Kazan State University", "the State University of Kazan"], "Kazan State University"),
    ],
)
def test_variants_share_one_canonical_name(variants, canonical):
    assert {canonical_institution(v) for v in variants} == {canonical}


def test_unknown_names_are_kept_tidied_not_merged():
    assert canonical_institution("the University of Guadalajara.") == "University of Guadalajara"
    assert tidy_name(" “Benito Juárez” University ") == "Benito Juárez University"


def test_every_canonical_name_is_one_of_its_own_variants_or_noted():
    table = load_institutions()
    assert table["canonical_name"].str.strip().ne("").all()
    assert table["variant"].is_unique
