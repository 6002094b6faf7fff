"""CITATION.cff is valid Citation File Format 1.2.0, and reports cite from it."""

import json
from pathlib import Path

import jsonschema
import yaml

from helpers import __version__
from helpers.core.citation import citation_metadata, cite
from helpers.core.paths import PROJECT_ROOT

SCHEMA = Path(__file__).parents[1] / "data" / "citation-file-format-1.2.0.schema.json"


def test_citation_cff_is_valid():
    cff = yaml.safe_load((PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    cff["date-released"] = str(cff["date-released"])
    jsonschema.validate(cff, json.loads(SCHEMA.read_text()))


def test_citation_cff_version_matches_the_package():
    assert citation_metadata()["version"] == __version__


def test_broken_citation_fails_validation():
    cff = yaml.safe_load((PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    del cff["authors"]
    try:
        jsonschema.validate(cff, json.loads(SCHEMA.read_text()))
    except jsonschema.ValidationError as error:
        assert "authors" in str(error)
    else:
        raise AssertionError("a CITATION.cff without authors validated")


def test_cite_text():
    text = cite("Engagement by entity", "figure", "reports/figures/fig-entity-counts.png")
    assert text == (
        f"Mexico Local Diplomacy Compendium contributors (2026). Engagement by entity "
        f"[figure]. Mexico Local Diplomacy Compendium {__version__}. "
        "reports/figures/fig-entity-counts.png"
    )
