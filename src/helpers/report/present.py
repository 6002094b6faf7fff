"""Showing data in notebooks and reports as the text it is.

Raw fields can carry anything a web page or a transcriber typed, markup included.
Everything shown here is HTML-escaped, so a report displays it and never runs it, and
control characters are shown as their visible Unicode pictures (␀, ␛) instead of being
passed to a browser or PDF renderer that may drop them or choke on them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from helpers.core.paths import PROJECT_ROOT

WIDE_TABLE_COLUMNS = 8
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _control_picture(match: re.Match) -> str:
    code = ord(match.group())
    return "\u2421" if code == 0x7F else chr(0x2400 + code)


def visible_text(value: object) -> str:
    """Text with control characters (but tab and newline) made visible."""
    return _CONTROL.sub(_control_picture, str(value))


def _visible_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.apply(
        lambda column: column.map(lambda v: visible_text(v) if isinstance(v, str) else v)
    )


def escaped_table(frame: pd.DataFrame, max_rows: int | None = None) -> str:
    """A table as escaped HTML (pandas escapes cell text; index hidden).

    A table with more than WIDE_TABLE_COLUMNS columns is marked wide: the print
    stylesheet gives it a landscape page and a smaller font, so no column is clipped.
    """
    shown = _visible_frame(frame if max_rows is None else frame.head(max_rows))
    classes = ["data-table"] + (["wide-table"] if shown.shape[1] > WIDE_TABLE_COLUMNS else [])
    return shown.to_html(index=False, escape=True, na_rep="", border=0, classes=classes)


_STRONG = re.compile(r"\*\*(.+?)\*\*")  # **strong words** in a message


def paragraph_html(template: str, **values) -> str:
    """A paragraph whose text comes partly from the data: every value is escaped.

    ``paragraph_html("{n} rows from {title}", n=3, title=raw_title)``; the template is
    the notebook's own text, the values are whatever the raw files hold.
    """
    escaped = {k: html.escape(visible_text(v)) for k, v in values.items()}
    return f"<p>{template.format(**escaped)}</p>"


def strong_html(template: str, **values) -> str:
    """A message of the catalogs as inline HTML: the message is text (escaped; ``**``
    around words makes them strong), every value is escaped."""
    marked = _STRONG.sub(r"<strong>\1</strong>", html.escape(template, quote=False))
    escaped = {k: html.escape(visible_text(v)) for k, v in values.items()}
    return marked.format(**escaped)


def message_html(template: str, **values) -> str:
    """A paragraph from a message of the catalogs (strong_html)."""
    return f"<p>{strong_html(template, **values)}</p>"


def warning_html(message: str, label: str) -> str:
    """A visible warning box with the message escaped, headed by ``label`` (the word
    "Warning:" in the report's language)."""
    return (
        f'<div class="report-warning" style="border-left:4px solid #b35806;'
        f'padding:0.5em 1em;background:#fee0b6"><strong>{html.escape(label)}</strong> '
        f"{html.escape(visible_text(message))}</div>"
    )


def preformatted_html(text: str) -> str:
    """Raw text shown verbatim, escaped, wrapped so long lines do not break the page."""
    return (
        '<pre style="white-space:pre-wrap;overflow-wrap:anywhere">'
        f"{html.escape(visible_text(text))}</pre>"
    )


def project_path(value: str) -> Path:
    """A notebook path parameter: absolute as given, relative to the project root."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path
