"""What each page of the site says: the values its template shows, from the build's records.

Kept apart from writing the site (helpers.report.site): each function here takes the
records (helpers.report.site_data) and returns a ``Page``, its template, address,
language and values, every address relative to the page, every word a message of
helpers.words in the page's language, every number counted from the records. A page's
citation block comes from ``cite``, which also writes the citation files.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from markdown_it import MarkdownIt

from helpers import PROJECT_NAME
from helpers.core.citation import citation_metadata, person_name
from helpers.core.languages import LANGUAGES
from helpers.core.paths import project_relative
from helpers.figures.index import figure_id
from helpers.report import addresses as at
from helpers.report.citations import Citable, highwire
from helpers.report.present import strong_html
from helpers.report.site_data import Figure, ProcessedTable, Report, SiteRecords, read_csv_rows
from helpers.tables.dictionary import table_dictionary
from helpers.words.labels import (
    country_text,
    language_name,
    number_text,
    plural_template,
    plural_text,
    text,
    year_span,
)

FIRST_ROWS = 10
"""Rows of a table shown on its page (the whole table is a download)."""

Cite = Callable[[Citable, str], dict]
"""Makes a page's citation block (text, files, BibTeX) for an item on a page."""


@dataclass(frozen=True)
class Page:
    """A page to render: its template, its address in the site, its language, its values."""

    template: str
    address: str
    lang: str
    values: dict


def language_name_in(code: str, lang: str) -> str:
    """A language named in another ("inglés" in Spanish): Babel's CLDR data."""
    return Locale.parse(code).get_display_name(lang)


def other_languages(address_in: Callable[[str], str | None], lang: str, page: str) -> list:
    """Links to the same page in each other language that has it, named in that language."""
    links = []
    for other in LANGUAGES:
        target = address_in(other) if other != lang else None
        if target:
            links.append(at.Link(at.relative(target, page), language_name(other), other))
    return links


def report_links(reports: list[Report], page: str) -> list[dict]:
    """Each report's title, language and the addresses of its HTML and PDF, from ``page``."""
    return [
        {
            "title": report.title,
            "lang": report.lang,
            "html": at.relative(at.report_address(report.id), page),
            "pdf": at.relative(at.report_address(report.id, "pdf"), page),
        }
        for report in reports
    ]


def site_title(records: SiteRecords, lang: str) -> str:
    """The front page's title, naming the partner country the counts select."""
    if records.overview is None:
        return PROJECT_NAME
    country = country_text(records.overview["partner_country"], lang)
    return text("site.title", lang, country=country)


def headlines(records: SiteRecords, lang: str) -> list[str]:
    """The headline numbers, as inline HTML, from the counts' overview (none without it)."""
    facts = records.overview
    if facts is None:
        return []

    def years(kind: str) -> str:
        first, last = facts[f"first_{kind}"], facts[f"last_{kind}"]
        return year_span(int(first) if first else None, int(last) if last else None, lang)

    lines = []
    for key, count, values in (
        ("site.headline.agreements", facts["agreements"], {"years": years("signed")}),
        ("site.headline.interactions", facts["interactions"], {"years": years("interaction")}),
        (
            "site.headline.entities",
            facts["entities_with_activity"],
            {"entities": facts["entities_total"]},
        ),
    ):
        number = int(count)
        template = plural_template(key, number, lang)
        lines.append(strong_html(template, count=number_text(number, lang, digits=0), **values))
    return lines


def landing_values(records: SiteRecords) -> list[dict]:
    """The language choice at the site's root: each front page, named in its language."""
    return [
        {
            "href": at.front_address(lang),
            "lang": lang,
            "label": language_name(lang),
            "title": site_title(records, lang),
        }
        for lang in LANGUAGES
    ]


def front_page(records: SiteRecords, lang: str, cite: Cite) -> Page:
    """The front page: what the compendium answers, its numbers, reports, figures, tables.

    A report is listed in its own language, and also in each language it has no version
    in (marked with the language it is written in).
    """
    page = at.front_address(lang)
    shown = [r for r in records.reports if r.lang == lang or lang not in r.translations]
    reports = report_links(shown, page)
    for link, report in zip(reports, shown, strict=True):
        in_language = text("site.in_language", lang, language=language_name_in(report.lang, lang))
        link["note"] = in_language if report.lang != lang else ""
    figures = [
        {
            "title": figure.title,
            "page": at.relative(at.figure_address(figure.id, lang), page),
            "image": at.relative(at.figure_file(figure.files["png"]["path"]), page),
        }
        for figure in records.figures
        if figure.lang == lang
    ]
    tables = [
        {
            "title": text(f"table.{table.stem}", lang),
            "name": table.name,
            "rows": plural_text("site.rows", table.rows, lang),
            "page": at.relative(at.table_address(table.stem, lang), page),
        }
        for table in records.tables
    ]
    partner = records.overview["partner_country"] if records.overview else ""
    # one per language, as a table's: each file says the language it was written for
    item = Citable(f"compendium-{lang}", PROJECT_NAME, "compendium", "CITATION.cff", lang)
    return Page(
        "site/front.html.j2",
        page,
        lang,
        {
            "title": site_title(records, lang),
            "lead": text("site.lead", lang, country=country_text(partner, lang)),
            "headlines": headlines(records, lang),
            "reports": reports,
            "figures": figures,
            "tables": tables,
            "data_package": at.relative(at.DATA_PACKAGE, page),
            "cite": cite(item, page),
            "languages": other_languages(at.front_address, lang, page),
        },
    )


def _download(name: str, address: str, page: str, size: int, sha256: str, kind: str) -> dict:
    return {
        "format": kind.upper(),
        "name": name,
        "href": at.relative(address, page),
        "bytes": size,
        "sha256": sha256,
    }


def figure_page(records: SiteRecords, figure: Figure, cite: Cite) -> Page:
    """A figure's page: the figure and its text alternative, caption and source, the data
    drawn (its CSV as a table), its four files with their sha256, and its citation."""
    lang, page = figure.lang, at.figure_address(figure.id, figure.lang)
    known = {other.id for other in records.figures}

    def same_figure(other: str) -> str | None:
        other_id = figure_id(figure.base, other)
        return at.figure_address(other_id, other) if other_id in known else None

    png = figure.files["png"]["path"]
    csv_path = records.reports_dir / "figures" / figure.files["csv"]["path"]
    header, rows, _ = read_csv_rows(csv_path)
    item = Citable(figure.id, figure.title, "figure", f"reports/figures/{png}", lang)
    pdf = at.relative(at.figure_file(figure.files["pdf"]["path"]), page)
    return Page(
        "site/figure.html.j2",
        page,
        lang,
        {
            "title": figure.title,
            "image": at.relative(at.figure_file(png), page),
            "alt": f"{figure.title}. {figure.caption}",
            "caption": figure.caption,
            "source": figure.source,
            "reports": report_links([r for r in records.reports if png in r.produced], page),
            "data_header": header,
            "data_rows": rows,
            "files": [
                _download(
                    described["path"],
                    at.figure_file(described["path"]),
                    page,
                    described["bytes"],
                    described["sha256"],
                    kind,
                )
                for kind, described in sorted(figure.files.items())
            ],
            "cite": cite(item, page),
            "meta": highwire(item, pdf),
            "languages": other_languages(same_figure, lang, page),
        },
    )


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def table_page(records: SiteRecords, table: ProcessedTable, lang: str, cite: Cite) -> Page:
    """A processed table's page: its download, first rows and row count, its section of
    the data dictionary, its provenance (the report that wrote it, its sources, the
    reference data) and its citation, with a schema.org Dataset description."""
    page = at.table_address(table.stem, lang)
    title = text(f"table.{table.stem}", lang)
    header, rows, _ = read_csv_rows(table.path, FIRST_ROWS)
    item = Citable(f"{table.stem}-{lang}", title, "table", project_relative(table.path), lang)
    citation = cite(item, page)
    download = at.relative(at.table_file(table.name), page)
    writer = None
    if table.written_by is not None:
        writer = {
            **report_links([table.written_by], page)[0],
            "notebook": table.written_by.notebook,
        }
    dictionary = table_dictionary(table.name, table.table.schema(), heading=False)
    licence = at.relative("DATA_LICENSE.md", page)
    return Page(
        "site/table.html.j2",
        page,
        lang,
        {
            "title": title,
            "name": table.name,
            "rows": plural_text("site.rows", table.rows, lang),
            "files": [
                _download(
                    table.name,
                    at.table_file(table.name),
                    page,
                    table.path.stat().st_size,
                    table.sha256,
                    "csv",
                )
            ],
            "header": header,
            "first_rows": rows,
            "dictionary": _markdown().render(dictionary),
            "written_by": writer,
            "derived": table.derived,
            "sources": table.sources,
            "reference": records.reference,
            "cite": citation,
            "json_ld": table_json_ld(table, title, lang, download, citation["text"], licence),
            "languages": other_languages(
                lambda other: at.table_address(table.stem, other), lang, page
            ),
        },
    )


def table_json_ld(
    table: ProcessedTable, title: str, lang: str, download: str, citation: str, licence: str
) -> str:
    """The table as a schema.org Dataset, as dataset search engines read it; "<" escaped,
    so that no value can end the element it sits in."""
    meta = citation_metadata()
    rows = plural_text("site.rows", table.rows, lang)
    described = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": title,
        "description": f"{title}: {table.name}, {rows}. {meta['abstract']}",
        "inLanguage": lang,
        "version": meta["version"],
        "keywords": meta["keywords"],
        "creator": [
            {
                "@type": "Organization" if "literal" in person else "Person",
                "name": person_name(person),
            }
            for person in meta["people"]
        ],
        "citation": citation,
        "isAccessibleForFree": True,
        "license": licence,
        "isBasedOn": [source.url for source in table.sources if source.url],
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": download}
        ],
        "variableMeasured": [
            {"@type": "PropertyValue", "name": name, "description": column.description or ""}
            for name, column in table.table.schema().columns.items()
        ],
    }
    if meta["released"]:
        described["datePublished"] = meta["released"]
    return json.dumps(described, ensure_ascii=False, indent=1).replace("<", "\\u003c")
