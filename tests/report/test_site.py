"""The site a build writes: its pages, numbers, downloads, citations and data package."""

import csv
import hashlib
import json
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rispy
from pybtex.database import parse_string

from helpers.report.archive import archive_members, build_archive
from helpers.report.links import check_site
from helpers.tables.dictionary import processed_tables

pytestmark = pytest.mark.slow


class _Page(HTMLParser):
    """A page's links, images, meta tags, JSON-LD and visible text."""

    def __init__(self, path: Path):
        super().__init__()
        self.links, self.images, self.meta, self.json_ld, self.text = [], [], {}, [], []
        self._in_json = False
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a":
            self.links.append(values.get("href", ""))
        if tag == "img":
            self.images.append(values)
        if tag == "meta" and values.get("name"):
            self.meta.setdefault(values["name"], []).append(values.get("content"))
        self._in_json = tag == "script" and values.get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        self._in_json = False

    def handle_data(self, data):
        (self.json_ld if self._in_json else self.text).append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def _site(root):
    return root / "reports" / "site"


def _csv_rows(path):
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_the_site_has_every_page_and_no_broken_link(built_site):
    site = _site(built_site)
    figures = json.loads((built_site / "reports" / "figures" / "figures.json").read_text())
    tables = [p.name for p in sorted((built_site / "processed").glob("*.csv"))]
    expected = {"index.html", "en/index.html", "es/index.html"}
    expected |= {f"{e['lang']}/figures/{i}.html" for i, e in figures["figures"].items()}
    expected |= {f"{lang}/tables/{Path(t).stem}.html" for t in tables for lang in ("en", "es")}
    expected |= {
        f"reports/{job}.html"
        for job in ("01_clean_agreements", "02_clean_bulletins", "03_counts_en", "03_counts_es")
    } | {"reports/04_profile_en.html", "reports/04_profile_es.html"}
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert pages == expected
    assert len(figures["figures"]) == 12  # six figures, two languages
    assert check_site(site) == []


def test_the_front_page_numbers_are_the_overviews(built_site):
    overview = _csv_rows(built_site / "processed" / "counts_overview.csv")[0]
    english = _Page(_site(built_site) / "en" / "index.html").words
    spanish = _Page(_site(built_site) / "es" / "index.html").words
    a, i = overview["agreements"], overview["interactions"]
    years = f"{overview['first_signed']}–{overview['last_signed']}"
    assert f"{a} inter-institutional agreements registered with the SRE, signed {years}" in english
    assert (
        f"{i} interactions recorded in the CEDL bulletins, {overview['first_interaction']}"
        in english
    )
    active, total = overview["entities_with_activity"], overview["entities_total"]
    assert f"{active} of {total} federal entities" in english
    assert f"{a} acuerdos interinstitucionales registrados ante la SRE, firmados {years}" in spanish
    # today's values on the real data
    assert (a, i, active, total) == ("11", "8", "12", "32")
    assert "Mexico's local diplomacy with Russia" in english
    assert "La diplomacia local de México con Rusia" in spanish


def test_a_front_page_lists_its_reports_and_the_ones_only_in_another_language(built_site):
    spanish = _Page(_site(built_site) / "es" / "index.html")
    reports = [link for link in spanish.links if link.startswith("../reports/")]
    assert (
        "../reports/03_counts_es.html" in reports and "../reports/03_counts_en.html" not in reports
    )
    assert "../reports/01_clean_agreements.html" in reports  # no Spanish version: listed, marked
    assert "(en inglés)" in spanish.words


def test_every_figure_page_has_its_four_downloads_and_three_citation_formats(built_site):
    site = _site(built_site)
    figures = json.loads((built_site / "reports" / "figures" / "figures.json").read_text())
    for figure_id, entry in figures["figures"].items():
        path = site / entry["lang"] / "figures" / f"{figure_id}.html"
        page = _Page(path)
        for kind in ("png", "svg", "pdf", "csv"):
            href = f"../../figures/{figure_id}.{kind}"
            assert href in page.links, (figure_id, kind)
            digest = hashlib.sha256((path.parent / href).read_bytes()).hexdigest()
            assert digest == entry["files"][kind]["sha256"] and digest in page.words
        cite = {
            href.rsplit(".", 1)[-1]: path.parent / href for href in page.links if "/cite/" in href
        }
        assert set(cite) == {"bib", "ris", "json"}
        (entry_bib,) = parse_string(cite["bib"].read_text(), "bibtex").entries.values()
        (entry_ris,) = rispy.loads(cite["ris"].read_text())
        (entry_csl,) = json.loads(cite["json"].read_text())
        assert entry_ris["title"] == entry_csl["title"] == entry["title"]
        assert entry_bib.fields["year"] == str(entry_csl["issued"]["date-parts"][0][0])
        (image,) = page.images
        assert image["alt"].startswith(entry["title"]) and entry["caption"] in image["alt"]
        assert page.meta["citation_title"] == [entry["title"]]
        # the data drawn, as the page's table: every row of the CSV
        rows = _csv_rows(path.parent / f"../../figures/{figure_id}.csv")
        assert all(str(row[next(iter(row))]) in page.words for row in rows)


def test_every_table_page_says_its_rows_columns_provenance_and_dataset(built_site):
    site = _site(built_site)
    declared = {name: table for table in processed_tables() for name in table.files}
    for csv_path in sorted((built_site / "processed").glob("*.csv")):
        page = _Page(site / "en" / "tables" / f"{csv_path.stem}.html")
        rows = len(_csv_rows(csv_path))
        assert f"{rows} row" in page.words
        (described,) = [json.loads("".join(page.json_ld))]
        assert described["@type"] == "Dataset"
        columns = [v["name"] for v in described["variableMeasured"]]
        assert columns == list(declared[csv_path.name].columns)
        assert described["distribution"][0]["contentUrl"] == f"../../data/{csv_path.name}"
        assert hashlib.sha256(csv_path.read_bytes()).hexdigest() in page.words
        assert all(column in page.words for column in columns)  # the dictionary section
    agreements = _Page(site / "en" / "tables" / "agreements.html").words
    raw = "data/raw/sre/agreements_mx_ru_cemeri.txt"
    assert raw in agreements and "01_clean_agreements.ipynb" in agreements
    counts = _Page(site / "es" / "tables" / "counts_by_entity.html").words
    assert "Calculada a partir de las tablas limpias" in counts and raw in counts


def test_report_pages_link_to_the_site_and_their_other_language(built_site):
    site_copy = _Page(_site(built_site) / "reports" / "03_counts_en.html")
    assert {"../en/index.html", "03_counts_es.html", "03_counts_en.pdf"} <= set(site_copy.links)
    in_reports = _Page(built_site / "reports" / "html" / "03_counts_en.html")
    assert {"../site/en/index.html", "03_counts_es.html", "../pdf/03_counts_en.pdf"} <= set(
        in_reports.links
    )
    assert in_reports.meta["citation_title"] == [
        "Mexico's local diplomacy with Russia: counts by federal entity and theme"
    ]
    assert in_reports.meta["citation_pdf_url"] == ["../pdf/03_counts_en.pdf"]
    # the two copies differ in their header links only
    strip = re.compile(r'<nav class="site-nav".*?</nav>|<meta name="citation_pdf_url"[^>]*>', re.S)
    copies = [
        strip.sub("", path.read_text(encoding="utf-8"))
        for path in (
            _site(built_site) / "reports" / "03_counts_en.html",
            built_site / "reports" / "html" / "03_counts_en.html",
        )
    ]
    assert copies[0] == copies[1]


def test_frictionless_validates_the_data_package(built_site):
    site = _site(built_site)
    result = subprocess.run(
        # as a reader runs it, from the project's root
        [
            Path(sys.executable).with_name("frictionless"),
            "validate",
            "reports/site/datapackage.json",
        ],
        cwd=built_site,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    package = json.loads((site / "datapackage.json").read_text())
    assert {r["path"] for r in package["resources"]} == {
        f"data/{p.name}" for p in (built_site / "processed").glob("*.csv")
    }


def test_the_archive_holds_the_site_tables_package_and_terms(built_site, tmp_path):
    reports, processed = built_site / "reports", built_site / "processed"
    first = build_archive(reports, processed, tmp_path / "a")
    second = build_archive(reports, processed, tmp_path / "b")
    assert first.name == second.name and first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
        top = first.stem
        assert all(name.startswith(f"{top}/") for name in names)
        for name in (
            "site/index.html",
            "datapackage.json",
            "CITATION.cff",
            "LICENSE",
            "DATA_LICENSE.md",
        ):
            assert f"{top}/{name}" in names
        assert f"{top}/data/processed/agreements.csv" in names
        sums = archive.read(f"{top}/SHA256SUMS").decode().splitlines()
        for line in sums:
            digest, name = line.split("  ", 1)
            assert hashlib.sha256(archive.read(f"{top}/{name}")).hexdigest() == digest
        assert len(sums) == len(names) - 1
    assert set(archive_members(reports, processed)) == {name.split("/", 1)[1] for name in names}
