"""The published site: a front page per language, a page per figure and per table.

Written by the build after every report ran (``make report``), into ``reports/site/``,
from what the build recorded (helpers.report.site_data; what each page says is
helpers.report.site_pages) with the project's own Jinja templates, as the reports are.
The pages carry no script (a table page's schema.org description is data,
``application/ld+json``, which no browser runs) and load nothing from outside the
site's folder, so the site works from the file system, from any static host, and from
the archive (helpers.report.archive). Its layout is helpers.report.addresses; the
citation formats, helpers.report.citations; the data package, helpers.tables.datapackage.
Before it ends, every page's links and images are checked (helpers.report.links): a
broken one stops the build, naming it.

Two builds of the same data and code write the same bytes: nothing here reads a clock,
and every list is in a fixed order.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from helpers import PROJECT_NAME, __version__
from helpers.core.citation import citation_metadata
from helpers.core.languages import LANGUAGES
from helpers.core.outputs import write_atomic
from helpers.core.paths import PROJECT_ROOT
from helpers.report import TEMPLATES_DIR, template_environment
from helpers.report import addresses as at
from helpers.report.citations import CITATION_FORMATS, Citable, citation_text
from helpers.report.links import check_site
from helpers.report.site_data import SiteError, SiteRecords, read_records
from helpers.report.site_pages import (
    Page,
    figure_page,
    front_page,
    landing_values,
    table_page,
)
from helpers.tables.datapackage import data_package
from helpers.words.labels import text

__all__ = ["SiteError", "SiteSummary", "build_site", "data_package_text", "site_data_package"]
DATA_TERMS = {
    "path": "DATA_LICENSE.md",
    "title": "Terms of the data: each source's own terms, with attribution",
}
"""The data package's licence: the data are not ours to license (DATA_LICENSE.md)."""
STYLESHEETS = ("report.css", "site/site.css")
"""The site's one stylesheet: the reports' styles, then the site's own."""
# The site's words: a name each template uses, and its message.
_WORDS = {
    "site": "site.home",
    "home": "site.home",
    "reports": "site.reports",
    "reports_lead": "site.reports.lead",
    "figures": "site.figures",
    "figures_lead": "site.figures.lead",
    "tables": "site.tables",
    "tables_lead": "site.tables.lead",
    "in_numbers": "site.in_numbers",
    "data_package": "site.data_package",
    "how_to_cite": "citation",
    "citation_files": "site.citation_files",
    "downloads": "site.downloads",
    "format": "site.format",
    "file": "file",
    "bytes": "site.bytes",
    "sha256": "site.sha256",
    "figure_data": "site.figure.data",
    "figure_data_lead": "site.figure.data_lead",
    "figure_report": "site.figure.report",
    "first_rows": "site.table.first_rows",
    "columns": "site.table.columns",
    "columns_lead": "site.table.columns_lead",
    "provenance": "site.table.provenance",
    "written_by": "site.table.written_by",
    "derived": "site.table.derived",
    "sources": "site.table.sources",
    "reference": "site.table.reference",
    "producer": "site.source.producer",
    "address": "site.source.address",
    "terms": "site.source.terms",
    "source_file": "site.source.file",
}


@dataclass
class SiteSummary:
    """What a site build wrote: its pages and other files, by address, and the sha256 of
    every one (``written``), as the build's record keeps them."""

    root: Path
    pages: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)


def site_data_package(records: SiteRecords, prefix: str) -> dict:
    """The processed tables as a data package, with every source the site names; each
    resource's path is ``prefix`` + its file name."""
    sources = {source.file: source for table in records.tables for source in table.sources}
    sources |= {source.file: source for source in records.reference}
    return data_package(
        records.processed_dir,
        metadata=citation_metadata(),
        prefix=prefix,
        sources=[
            {"title": source.title, "path": source.url or source.file}
            for _, source in sorted(sources.items())
        ],
        licences=[DATA_TERMS],
    )


def data_package_text(records: SiteRecords, prefix: str) -> str:
    """site_data_package as the text of a datapackage.json (its fields in their order)."""
    return json.dumps(site_data_package(records, prefix), ensure_ascii=False, indent=2) + "\n"


class _SiteWriter:
    """One writing of the site: its files written, the addresses it wrote remembered."""

    def __init__(self, records: SiteRecords):
        self.records = records
        self.root = records.reports_dir / at.SITE_FOLDER
        self.summary = SiteSummary(self.root)

    def write(self, address: str, content: str | bytes, page: bool = False) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        write_atomic(self.root / address, data)
        (self.summary.pages if page else self.summary.files).append(address)
        self.summary.written[address] = hashlib.sha256(data).hexdigest()

    def copy(self, source: Path, address: str) -> None:
        self.write(address, source.read_bytes())

    def render(self, page: Page) -> None:
        """A page in the site's frame: header links, its words, the build's versions."""
        data, code = self.records.versions
        context = {
            "project": PROJECT_NAME,
            "version": __version__,
            "lang": page.lang,
            "root": "../" * page.address.count("/"),
            "home": at.relative(at.front_address(page.lang), page.address),
            "words": {name: text(key, page.lang) for name, key in _WORDS.items()},
            "built": text("site.built", page.lang, data=data, code=code),
            "meta": [],
            "json_ld": "",
            "languages": [],
            **page.values,
        }
        html = template_environment().get_template(page.template).render(**context)
        self.write(page.address, html, page=True)

    def cite(self, item: Citable, page: str) -> dict:
        """A page's citation block; the item's citation files are written under cite/."""
        files, written = [], {}
        for form in CITATION_FORMATS:
            address = at.citation_file(item.key, form.suffix)
            written[form.name] = form.write(item)
            self.write(address, written[form.name])
            files.append({"href": at.relative(address, page), "label": form.name})
        return {"text": citation_text(item), "files": files, "bibtex": written["BibTeX"]}

    def remove_stale(self) -> None:
        """Delete what an earlier site had and this one does not (a report or table gone);
        the report pages the jobs wrote in the site are kept."""
        kept = set(self.summary.pages) | set(self.summary.files)
        kept |= {at.report_address(report.id) for report in self.records.reports}
        for path in sorted(self.root.rglob("*"), reverse=True):
            address = path.relative_to(self.root).as_posix()
            if path.is_file() and address not in kept:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def build_site(reports_dir: Path, processed_dir: Path) -> SiteSummary:
    """Write the site from the build's records into ``reports_dir/site``; a record that
    contradicts its file, or a broken link, is a SiteError naming it."""
    records = read_records(Path(reports_dir), Path(processed_dir))
    site = _SiteWriter(records)
    for report in records.reports:
        pdf = records.reports_dir / "pdf" / f"{report.id}.pdf"
        site.copy(pdf, at.report_address(report.id, "pdf"))
    for figure in records.figures:
        for described in figure.files.values():
            source = records.reports_dir / "figures" / described["path"]
            site.copy(source, at.figure_file(described["path"]))
        site.render(figure_page(records, figure, site.cite))
    for table in records.tables:
        site.copy(table.path, at.table_file(table.name))
        for lang in LANGUAGES:
            site.render(table_page(records, table, lang, site.cite))
    for lang in LANGUAGES:
        site.render(front_page(records, lang, site.cite))
    landing = template_environment().get_template("site/landing.html.j2")
    site.write(
        "index.html",
        landing.render(
            project=PROJECT_NAME,
            version=__version__,
            lang=LANGUAGES[0],
            languages=landing_values(records),
        ),
        page=True,
    )
    for name in at.ROOT_FILES:
        site.copy(PROJECT_ROOT / name, name)
    site.write(
        at.STYLESHEET,
        "\n".join((TEMPLATES_DIR / name).read_text(encoding="utf-8") for name in STYLESHEETS),
    )
    site.write(at.DATA_PACKAGE, data_package_text(records, at.TABLES_FOLDER))
    site.remove_stale()
    broken = check_site(site.root)
    if broken:
        listed = "\n".join(f"  {problem}" for problem in broken)
        raise SiteError(f"{site.root}: {len(broken)} broken link(s) or image(s):\n{listed}")
    return site.summary
