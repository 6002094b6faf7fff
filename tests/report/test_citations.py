"""Every citation format of a figure, table or report says the same thing, from CITATION.cff."""

import codecs
import json

import latexcodec  # noqa: F401  (registers the "ulatex" codec pybtex's escapes decode with)
import pytest
import rispy
from pybtex.database import parse_string

from helpers import __version__
from helpers.core.citation import citation_metadata
from helpers.report.citations import (
    Citable,
    bibtex,
    citation_text,
    csl_item,
    csl_json,
    highwire,
    ris,
)

FIGURE = Citable("fig-x-es", "Acuerdos por entidad", "figure", "reports/figures/fig-x-es.png", "es")
TABLE = Citable(
    "agreements-en", "Agreements, cleaned", "table", "data/processed/agreements.csv", "en"
)
REPORT = Citable(
    "03_counts_en", "Counts & themes", "report", "reports/html/03_counts_en.html", "en"
)


def test_csl_item_is_made_from_citation_cff():
    meta = citation_metadata()
    item = csl_item(FIGURE)
    assert item["type"] == "figure" and item["title"] == "Acuerdos por entidad"
    assert item["author"] == meta["people"]
    assert item["issued"]["date-parts"][0][0] == int(meta["year"])
    assert item["version"] == __version__ and item["language"] == "es"
    assert item["note"] == "reports/figures/fig-x-es.png"
    assert json.loads(csl_json(FIGURE)) == [item]
    assert csl_item(TABLE)["type"] == "dataset" and csl_item(REPORT)["type"] == "report"


def test_bibtex_parses_back_with_the_same_fields():
    for item in (FIGURE, TABLE, REPORT):
        parsed = parse_string(bibtex(item), "bibtex")
        ((key, entry),) = parsed.entries.items()
        assert key == item.citation_key
        # pybtex escapes LaTeX's special characters ("&" is written "\\&")
        assert codecs.decode(entry.fields["title"], "ulatex") == item.title
        assert entry.fields["year"] == citation_metadata()["year"]
        # an organisation's name stays one name, not "family, given"
        (author,) = entry.persons["author"]
        assert str(author) == "{" + citation_metadata()["people"][0]["literal"] + "}"
    assert parse_string(bibtex(REPORT), "bibtex").entries[REPORT.citation_key].type == "techreport"


def test_ris_parses_back_with_the_same_fields():
    for item, kind in ((FIGURE, "FIGURE"), (TABLE, "DATA"), (REPORT, "RPRT")):
        text = ris(item)
        assert text.startswith("TY  - ")  # one record, no counter line before it
        (record,) = rispy.loads(text)
        assert record["type_of_reference"] == kind
        assert record["title"] == item.title
        assert record["year"] == citation_metadata()["year"]
        assert record["notes"] == [item.file]


def test_text_citation_names_authors_year_title_and_version():
    text = citation_text(TABLE)
    meta = citation_metadata()
    assert text.startswith(f"{meta['authors']} ({meta['year']})")
    assert "Agreements, cleaned" in text and __version__ in text
    # the same item in Spanish: citeproc's Spanish locale, same facts
    assert citation_text(TABLE, "es").startswith(f"{meta['authors']} ({meta['year']})")


def test_highwire_tags_for_google_scholar():
    tags = dict(highwire(REPORT, "../pdf/03_counts_en.pdf"))
    assert tags["citation_title"] == "Counts & themes"
    assert tags["citation_pdf_url"] == "../pdf/03_counts_en.pdf"
    assert tags["citation_publication_date"].count("/") == 2  # YYYY/MM/DD
    assert "citation_technical_report_institution" in tags
    assert "citation_pdf_url" not in dict(highwire(FIGURE))


def test_a_citation_key_is_stable_and_ascii():
    assert FIGURE.citation_key == f"mexico-local-diplomacy-compendium-fig-x-es-{__version__}"
    assert Citable("Año 1", "t", "table", "f", "es").citation_key.isascii()


def test_unknown_kind_or_language_is_refused():
    with pytest.raises(ValueError, match="kind 'chart'"):
        Citable("x", "t", "chart", "f", "en")
    with pytest.raises(ValueError, match="unknown language"):
        Citable("x", "t", "figure", "f", "fr")
