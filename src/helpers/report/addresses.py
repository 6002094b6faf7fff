"""Where every page and file of the published site lives, and the links between them.

One place says the site's layout, so that the site's pages, the report pages (which
link back to the site) and the tests agree on it. Addresses are relative, so the site
works from the file system and from any static host, wherever it is put:

    site/
      index.html                  the choice of language
      <lang>/index.html           the front page in each language
      <lang>/figures/<id>.html    a page per figure (the figure's id is its address)
      <lang>/tables/<stem>.html   a page per processed table
      reports/<job>.html, .pdf    the reports, with the site's header
      figures/<id>.png .svg .pdf .csv    the figures' files
      data/<table>.csv            the processed tables
      cite/<key>.bib .ris .csl.json      citation files
      datapackage.json, style.css, CITATION.cff, LICENSE, DATA_LICENSE.md

A report page is written twice from one body: in ``reports/html/`` (where the build has
always put it, its citation's address) and in the site; ``report_navigation`` gives each
its own links.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

SITE_FOLDER = "site"
"""The site's folder, inside the reports folder."""
STYLESHEET = "style.css"
DATA_PACKAGE = "datapackage.json"
ROOT_FILES = ("CITATION.cff", "LICENSE", "DATA_LICENSE.md")
"""The project's files copied to the site's root: how to cite it, and the terms."""
TABLES_FOLDER = "data/"
"""Where the processed tables are, from the site's root (the data package's paths)."""


@dataclass(frozen=True)
class Link:
    """A link in a page's navigation: where to, its words, and their language when it is
    not the page's (a link to the other language's page is named in that language)."""

    href: str
    label: str
    lang: str = ""


def front_address(lang: str) -> str:
    return f"{lang}/index.html"


def figure_address(figure_id: str, lang: str) -> str:
    return f"{lang}/figures/{figure_id}.html"


def table_address(stem: str, lang: str) -> str:
    return f"{lang}/tables/{stem}.html"


def report_address(job_id: str, kind: str = "html") -> str:
    return f"reports/{job_id}.{kind}"


def figure_file(name: str) -> str:
    return f"figures/{name}"


def table_file(name: str) -> str:
    return f"{TABLES_FOLDER}{name}"


def citation_file(key: str, suffix: str) -> str:
    return f"cite/{key}{suffix}"


def relative(target: str, page: str) -> str:
    """The address of ``target`` as written in ``page`` (both site-relative)."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def report_navigation(
    job_id: str,
    lang: str,
    translations: dict[str, str],
    words: dict[str, str],
    *,
    in_site: bool,
) -> list[Link]:
    """A report page's header links: the site's front page in its language, the same
    report in each other language, and its PDF.

    ``words`` holds the labels (``home``, ``pdf`` and each language's own name, by code);
    ``in_site`` says which copy the page is: the site's (``site/reports/``) or the one in
    ``reports/html/``, beside ``reports/site/`` and ``reports/pdf/``.
    """
    site_root = "../" if in_site else f"../{SITE_FOLDER}/"
    links = [Link(site_root + front_address(lang), words["home"])]
    for other_lang, other_id in sorted(translations.items()):
        links.append(Link(f"{other_id}.html", words[other_lang], other_lang))
    links.append(Link(report_pdf(job_id, in_site=in_site), words["pdf"]))
    return links


def report_pdf(job_id: str, *, in_site: bool) -> str:
    """A report's PDF, from its page: beside it in the site, in ``../pdf/`` otherwise."""
    return f"{job_id}.pdf" if in_site else f"../pdf/{job_id}.pdf"
