"""Small inputs that several test modules build: tiny parameterised notebooks."""

import nbformat
from nbformat.v4 import new_code_cell, new_notebook


def make_notebook(path, body: str, parameters: str = "value: int = 1  # a number\n") -> None:
    """A notebook with a tagged parameters cell and one code cell."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    params = new_code_cell(parameters)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, new_code_cell(body)]
    nbformat.write(nb, str(path))


def pdf_text(data: bytes) -> str:
    """All text of a PDF, as pypdf reads it back.

    WeasyPrint writes fonts with many glyphs in a two-byte custom encoding that pypdf
    returns with a NUL before each character; reports never contain a NUL of their own
    (control characters are shown as ␀), so dropping NULs recovers the text.
    """
    import io

    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data)).pages
    return "\n".join(page.extract_text() for page in pages).replace("\x00", "")


def message_fragments(lang: str, min_words: int = 4) -> dict[str, str]:
    """The project's own words in ``lang``: for each message, its longest stretch of text
    between placeholders (``min_words`` words or more), by key. A report in another
    language must contain none of them (where the two languages differ)."""
    import re

    from helpers.words.labels import plural_template, template
    from helpers.words.messages import MESSAGES

    found = {}
    for key, message in MESSAGES.items():
        texts = (
            [plural_template(key, n, lang) for n in (1, 7)]
            if message.english_plural
            else [template(key, lang)]
        )
        pieces = [
            p.replace("**", "").strip(" .,;:()") for t in texts for p in re.split(r"{\w+}", t)
        ]
        pieces = [p for p in pieces if len(p.split()) >= min_words]
        if pieces:
            found[key] = max(pieces, key=len)
    return found


REAL_TOTALS_BY_ENTITY = {
    "Colima": 4,
    "Puebla": 3,
    "Yucatán": 2,
    "Estado de México": 2,
    "Oaxaca": 1,
    "Ciudad de México": 1,
    "Nuevo León": 1,
    "Aguascalientes": 1,
    "Chihuahua": 1,
    "Coahuila": 1,
    "Zacatecas": 1,
    "Morelos": 1,
}
"""Agreements and interactions by entity on the real data (the source article's table and
bulletins): the values every report of them must give."""


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Debian's Chromium, headless, asking nothing of the network by itself."""


def chromium_path() -> str | None:
    """Debian's Chromium (make system-deps installs it), or None."""
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser")
