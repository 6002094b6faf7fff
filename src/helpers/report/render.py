"""Executed notebooks to self-contained HTML pages and to PDF.

The HTML page is nbconvert's ``basic`` body (code cells hidden, figures embedded as data
URIs) inside the project's own page template and stylesheet: it loads nothing from any
other address and carries no script, so it opens offline and cannot run anything. The
PDF is that page rendered by WeasyPrint with the print rules of the stylesheet (A4,
page numbers, wrapping tables), fonts embedded: no LaTeX involved.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from helpers import PROJECT_NAME, __version__
from helpers.core.citation import cite
from helpers.core.languages import LANGUAGES, check_language
from helpers.core.outputs import REPRODUCIBLE_EPOCH
from helpers.report import TEMPLATES_DIR, template_environment
from helpers.report.addresses import Link
from helpers.report.citations import Citable, highwire
from helpers.words.labels import language_name, text

# The page's own words (around the notebook's outputs): messages of helpers.words.
_PAGE_WORDS = {
    "parameters": "report.parameters",
    "defaults": "report.defaults",
    "data_version": "report.data_version",
    "code_version": "report.code_version",
    "how_to_cite": "citation",
}
NOTEBOOK_ONLY_TAG = "notebook-only"
"""A cell for the person who opens the notebook (how to run it), left out of the report."""
LANGUAGE_TAG = "lang-"
"""A cell tagged ``lang-<code>`` is shown only in the report written in that language: a
notebook's narrative is written once per language, and each report keeps its own."""
# Defence in depth: what no report of ours contains, removed if an output ever carried it.
_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.IGNORECASE | re.DOTALL)
_EVENT_ATTRIBUTE = re.compile(r"\s+on[a-z]+\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)
_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_JS_URL = re.compile(r"(href|src|action)\s*=\s*([\"']?)\s*javascript:", re.IGNORECASE)


def _exporter() -> HTMLExporter:
    return HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        anchor_link_text="",  # no pilcrow after each heading of a notebook's narrative
    )


def neutralise_active_content(body: str) -> str:
    """Strip scripts, event-handler attributes and javascript: addresses from real tags.

    Only markup is touched: text from the data is escaped ("&lt;img onerror=…&gt;"), has
    no "<", and is left exactly as it is.
    """
    body = _SCRIPT.sub("", body)

    def clean_tag(match: re.Match) -> str:
        return _JS_URL.sub(r"\1=\2#blocked:", _EVENT_ATTRIBUTE.sub("", match.group()))

    return _TAG.sub(clean_tag, body)


def in_language(cell, lang: str) -> bool:
    """Whether a notebook cell belongs in the report written in ``lang``: untagged cells
    belong in every report, a cell tagged ``lang-<code>`` only in that language's, a cell
    tagged ``notebook-only`` in none."""
    tags = cell.get("metadata", {}).get("tags", [])
    if NOTEBOOK_ONLY_TAG in tags:
        return False
    languages = [tag[len(LANGUAGE_TAG) :] for tag in tags if tag.startswith(LANGUAGE_TAG)]
    unknown = [code for code in languages if code not in LANGUAGES]
    if unknown:
        raise ValueError(f"a cell is tagged for {unknown}; languages: {', '.join(LANGUAGES)}")
    return not languages or lang in languages


def report_body(notebook: Path | str, lang: str) -> str:
    """An executed notebook's outputs as HTML: the cells of its language, code hidden,
    active content removed. Made once per report; each copy of the page wraps it."""
    check_language(lang)
    nb = nbformat.read(str(notebook), as_version=4)
    nb.cells = [cell for cell in nb.cells if in_language(cell, lang)]
    body, _ = _exporter().from_notebook_node(nb)
    return neutralise_active_content(body)


def navigation_words(lang: str) -> dict[str, str]:
    """The words of a report's header links: home and PDF in ``lang``, and each language
    named in itself (a reader looks for "Español", not "Spanish")."""
    return {
        "home": text("site.home", lang),
        "pdf": text("site.pdf", lang),
        **{code: language_name(code) for code in LANGUAGES},
    }


def report_page(
    body: str,
    *,
    title: str,
    lang: str,
    parameters: dict,
    data_version: str,
    code_version: str,
    file_name: str,
    navigation: list[Link] | tuple = (),
    pdf: str = "",
) -> str:
    """A report's body inside the page template: its header links, its facts, its
    citation, and the Highwire ``citation_*`` tags (``pdf``: its PDF's address)."""
    item = Citable(Path(file_name).stem, title, "report", file_name, lang)
    stylesheet = (TEMPLATES_DIR / "report.css").read_text(encoding="utf-8")
    return (
        template_environment()
        .get_template("report.html.j2")
        .render(
            title=title,
            project=PROJECT_NAME,
            version=__version__,
            lang=lang,
            labels={name: text(key, lang) for name, key in _PAGE_WORDS.items()},
            parameters=parameters,
            data_version=data_version,
            code_version=code_version,
            stylesheet=stylesheet,
            body=body,
            navigation=navigation,
            meta=highwire(item, pdf),
            citation=cite(title, "report", file_name),
        )
    )


def html_to_pdf(html: str) -> bytes:
    """Render a report page to PDF bytes; nothing outside the page is fetched."""
    from weasyprint import HTML, URLFetcher

    # Font subsets carry a timestamp; fontTools and HarfBuzz take it from here, so that two
    # builds of the same page give the same bytes.
    os.environ.setdefault("SOURCE_DATE_EPOCH", REPRODUCIBLE_EPOCH)

    # Only data: URLs (figures embedded in the page itself); anything else is refused.
    fetcher = URLFetcher(allowed_protocols=("data",))
    return HTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf()
