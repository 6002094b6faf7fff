"""Showing data in notebooks and reports as the text it is.

Raw fields can carry anything a web page or a transcriber typed, markup included.
Everything shown here is HTML-escaped, so a report displays it and never runs it.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from helpers.paths import PROJECT_ROOT


def escaped_table(frame: pd.DataFrame, max_rows: int | None = None) -> str:
    """A table as escaped HTML (pandas escapes cell text; index hidden)."""
    shown = frame if max_rows is None else frame.head(max_rows)
    return shown.to_html(index=False, escape=True, na_rep="", border=0, classes="data-table")


def paragraph_html(template: str, **values) -> str:
    """A paragraph whose text comes partly from the data: every value is escaped.

    ``paragraph_html("{n} rows from {title}", n=3, title=raw_title)``; the template is
    the notebook's own text, the values are whatever the raw files hold.
    """
    return f"<p>{template.format(**{k: html.escape(str(v)) for k, v in values.items()})}</p>"


def warning_html(message: str) -> str:
    """A visible warning box with the message escaped."""
    return (
        f'<div class="report-warning" style="border-left:4px solid #b35806;'
        f'padding:0.5em 1em;background:#fee0b6"><strong>Warning:</strong> '
        f"{html.escape(message)}</div>"
    )


def preformatted_html(text: str) -> str:
    """Raw text shown verbatim, escaped, wrapped so long lines do not break the page."""
    return f'<pre style="white-space:pre-wrap;overflow-wrap:anywhere">{html.escape(text)}</pre>'


def project_path(value: str) -> Path:
    """A notebook path parameter: absolute as given, relative to the project root."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path
