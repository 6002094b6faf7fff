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
