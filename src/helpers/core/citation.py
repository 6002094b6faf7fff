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


@lru_cache(maxsize=2)
def citation_metadata(path: Path = CITATION_FILE) -> dict:
    """Authors (as one string), title, version and year of the compendium."""
    cff = load_yaml(path.read_text(encoding="utf-8")) if path.exists() else {}
    authors = []
    for author in cff.get("authors", []):
        authors.append(
            author.get("name")
            or f"{author.get('family-names', '')}, {author.get('given-names', '')}".strip(", ")
        )
    released = str(cff.get("date-released", ""))
    return {
        "authors": "; ".join(authors) or f"{PROJECT_NAME} contributors",
        "title": cff.get("title", PROJECT_NAME),
        "version": str(cff.get("version", __version__)),
        "year": released[:4] or "n.d.",
    }


def cite(title: str, kind: str, file: str) -> str:
    """ "<authors> (<year>). <title> [<kind>]. <project> <version>. <file>"."""
    meta = citation_metadata()
    return f"{meta['authors']} ({meta['year']}). {title} [{kind}]. {meta['title']} {meta['version']}. {file}"
