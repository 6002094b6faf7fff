"""How to cite the compendium, a report, a figure or a table: one text, one place.

The authors, title and year come from ``CITATION.cff`` at the repository root, so the
citation printed in reports and figure manifests never drifts from the file that
GitHub, Zenodo and reference managers read.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from helpers import PROJECT_NAME, __version__
from helpers.core.paths import PROJECT_ROOT
from helpers.core.sources import load_yaml

CITATION_FILE = PROJECT_ROOT / "CITATION.cff"


def _person(author: dict) -> dict:
    """One CFF author as a CSL name: an entity's ``name`` stays whole (``literal``), a
    person's family and given names stay apart, so that each citation format writes them
    its own way."""
    if author.get("name"):
        return {"literal": author["name"]}
    person = {"family": author.get("family-names", ""), "given": author.get("given-names", "")}
    return {key: value for key, value in person.items() if value}


def person_name(person: dict) -> str:
    """A CSL name as one string: an entity's whole name, a person's "family, given"."""
    return person.get("literal") or ", ".join(
        part for part in (person.get("family"), person.get("given")) if part
    )


@lru_cache(maxsize=2)
def citation_metadata(path: Path = CITATION_FILE) -> dict:
    """The compendium's citation metadata, read from CITATION.cff.

    ``authors`` (one string), ``title``, ``version`` and ``year`` are what the printed
    citation uses; ``people`` (CSL names), ``released`` (ISO date or ""), ``keywords``,
    ``abstract``, ``licence``, ``url`` and ``doi`` (or "") are what the citation formats
    and the site's metadata need.
    """
    cff = load_yaml(path.read_text(encoding="utf-8")) if path.exists() else {}
    people = [_person(author) for author in cff.get("authors", [])]
    people = [person for person in people if person] or [
        {"literal": f"{PROJECT_NAME} contributors"}
    ]
    released = str(cff.get("date-released", ""))
    return {
        "authors": "; ".join(person_name(person) for person in people),
        "people": people,
        "title": cff.get("title", PROJECT_NAME),
        "version": str(cff.get("version", __version__)),
        "year": released[:4] or "n.d.",
        "released": released,
        "keywords": list(cff.get("keywords", [])),
        "abstract": " ".join(str(cff.get("abstract", "")).split()),
        "licence": str(cff.get("license", "")),
        "url": str(cff.get("url") or cff.get("repository-code") or ""),
        "doi": str(cff.get("doi", "")),
    }


def cite(title: str, kind: str, file: str) -> str:
    """ "<authors> (<year>). <title> [<kind>]. <project> <version>. <file>"."""
    meta = citation_metadata()
    return f"{meta['authors']} ({meta['year']}). {title} [{kind}]. {meta['title']} {meta['version']}. {file}"
