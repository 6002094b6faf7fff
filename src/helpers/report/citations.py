"""One citable thing (a report, a figure, a table) in every form a reader may want.

Every form is made from one CSL-JSON item, itself made from ``CITATION.cff``
(helpers.core.citation): the text is that item formatted by citeproc-py with a bundled
CSL style in the page's language, BibTeX is written by pybtex and RIS by rispy, and
the Highwire ``citation_*`` meta tags that Google Scholar reads come from the same
item. So the formats cannot disagree with each other or with the file that GitHub,
Zenodo and reference managers read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from helpers.core.citation import citation_metadata, person_name
from helpers.core.languages import check_language

CSL_STYLE = "harvard-cite-them-right"
"""The CSL style citeproc-py ships with: author (year) title, container."""
CSL_LOCALES = {"en": "en-US", "es": "es-MX"}
"""The CSL locale of each report language (Mexican Spanish for Spanish)."""

# What each kind of citable thing is called in CSL, BibTeX and RIS.
_CSL_TYPES = {"report": "report", "figure": "figure", "table": "dataset", "compendium": "software"}
_BIBTEX_TYPES = {"report": "techreport", "figure": "misc", "table": "misc", "compendium": "misc"}
_RIS_TYPES = {"report": "RPRT", "figure": "FIGURE", "table": "DATA", "compendium": "COMP"}


@dataclass(frozen=True)
class Citable:
    """A report, figure or table of the compendium, as its citation names it.

    ``key`` is its stable id (a report's job id, a figure's id, a table's file stem);
    ``file`` the compendium file it cites (its path within the compendium).
    """

    key: str
    title: str
    kind: str  # report | figure | table | compendium
    file: str
    lang: str

    def __post_init__(self) -> None:
        if self.kind not in _CSL_TYPES:
            raise ValueError(
                f"{self.key}: kind {self.kind!r}; expected one of {sorted(_CSL_TYPES)}"
            )
        check_language(self.lang)

    @property
    def citation_key(self) -> str:
        """The BibTeX key and CSL id: the project's and the item's ids, ASCII."""
        meta = citation_metadata()
        slug = re.sub(r"[^a-z0-9]+", "-", f"{meta['title']} {self.key}".lower()).strip("-")
        return f"{slug}-{meta['version']}"


def _date_parts(released: str, year: str) -> list[int]:
    parts = [int(part) for part in released.split("-") if part.isdigit()]
    return parts or ([int(year)] if year.isdigit() else [])


def csl_item(item: Citable) -> dict:
    """The CSL-JSON item (the format of citeproc-js, Zotero and pandoc)."""
    meta = citation_metadata()
    record = {
        "id": item.citation_key,
        "type": _CSL_TYPES[item.kind],
        "title": item.title,
        "author": meta["people"],
        "issued": {"date-parts": [_date_parts(meta["released"], meta["year"])]},
        "container-title": f"{meta['title']} {meta['version']}",
        "version": meta["version"],
        "language": item.lang,
        "note": item.file,
    }
    if item.kind == "compendium":  # the whole compendium: named with its version, in nothing
        record["title"] = f"{item.title} {meta['version']}"
        del record["container-title"]
    if meta["doi"]:
        record["DOI"] = meta["doi"]
    if meta["url"]:
        record["URL"] = meta["url"]
    return record


def csl_json(item: Citable) -> str:
    """The CSL-JSON file: a list with the one item."""
    return json.dumps([csl_item(item)], ensure_ascii=False, indent=2) + "\n"


def citation_text(item: Citable, lang: str | None = None) -> str:
    """The citation as text, formatted by citeproc-py in ``lang`` (the item's by default)."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    lang = lang or item.lang
    check_language(lang)
    style = CitationStylesStyle(CSL_STYLE, locale=CSL_LOCALES[lang], validate=False)
    bibliography = CitationStylesBibliography(
        style, CiteProcJSON([csl_item(item)]), formatter.plain
    )
    bibliography.register(Citation([CitationItem(item.citation_key)]))
    (entry,) = bibliography.bibliography()
    return " ".join(str(entry).split())


def bibtex(item: Citable) -> str:
    """The BibTeX entry, written by pybtex (an entity's name braced, kept whole)."""
    from pybtex.database import BibliographyData, Entry, Person

    record = csl_item(item)
    fields = {
        "title": record["title"],
        "year": str(record["issued"]["date-parts"][0][0]),
        "version": record["version"],
        "language": item.lang,
        "note": item.file,
        "howpublished": record.get("container-title", ""),
    }
    if item.kind == "report":
        fields["institution"] = citation_metadata()["title"]
        fields["howpublished"] = ""
    fields = {name: value for name, value in fields.items() if value}
    for csl, field in (("DOI", "doi"), ("URL", "url")):
        if csl in record:
            fields[field] = record[csl]
    people = [
        Person("{" + person["literal"] + "}")
        if "literal" in person
        else Person(last=person.get("family", ""), first=person.get("given", ""))
        for person in record["author"]
    ]
    entry = Entry(_BIBTEX_TYPES[item.kind], fields=fields, persons={"author": people})
    return _bibtex_writer().to_string(BibliographyData({item.citation_key: entry}))


@lru_cache(maxsize=1)
def _bibtex_writer():
    """pybtex's BibTeX writer, found once: each lookup reads every package's entry points."""
    from pybtex.plugin import find_plugin

    return find_plugin("pybtex.database.output", "bibtex")()


def ris(item: Citable) -> str:
    """The RIS record, written by rispy."""
    import rispy

    class _Writer(rispy.RisWriter):
        def set_header(self, count: int) -> str:
            return ""  # one record: no "1." counter line before it

    record = csl_item(item)
    reference = {
        "type_of_reference": _RIS_TYPES[item.kind],
        "authors": [person_name(person) for person in record["author"]],
        "title": record["title"],
        "year": str(record["issued"]["date-parts"][0][0]),
        "secondary_title": record.get("container-title", ""),
        "edition": record["version"],
        "language": item.lang,
        "notes": [item.file],
    }
    reference = {name: value for name, value in reference.items() if value}
    for csl, field in (("DOI", "doi"), ("URL", "urls")):
        if csl in record:
            reference[field] = [record[csl]] if field == "urls" else record[csl]
    return rispy.dumps([reference], implementation=_Writer)


def highwire(item: Citable, pdf: str = "") -> list[tuple[str, str]]:
    """The Highwire Press ``citation_*`` meta tags (name, content), as Google Scholar reads
    them; ``pdf`` is the address of the item's PDF, if it has one."""
    record = csl_item(item)
    date = "/".join(f"{part:02d}" for part in record["issued"]["date-parts"][0])
    tags = [("citation_title", item.title)]
    tags += [("citation_author", person_name(person)) for person in record["author"]]
    tags += [("citation_publication_date", date), ("citation_language", item.lang)]
    if item.kind == "report":
        tags.append(("citation_technical_report_institution", citation_metadata()["title"]))
    else:
        tags.append(("citation_publisher", record["container-title"]))
    if "DOI" in record:
        tags.append(("citation_doi", record["DOI"]))
    if pdf:
        tags.append(("citation_pdf_url", pdf))
    return tags


@dataclass(frozen=True)
class CitationFormat:
    """A citation file offered beside a report, figure or table: its name, its file
    name's suffix, and what writes it."""

    name: str
    suffix: str
    write: Callable[[Citable], str]


CITATION_FORMATS = (
    CitationFormat("BibTeX", ".bib", bibtex),
    CitationFormat("RIS", ".ris", ris),
    CitationFormat("CSL-JSON", ".csl.json", csl_json),
)
