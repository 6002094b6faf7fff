"""The parts of an agreements table's page text: title, orphaned cells, header, rows, source note.

A table copied from a web page arrives as lines: its title and cells orphaned from their
rows above the header, one row per line below it, and a "Source:" / "Fuente:" note. This
sorts the lines before any row is read, and cleans a cell's text of HTML debris and of
quote marks left without their partner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from helpers.core.sources import RawDataError
from helpers.core.text import (
    normalise_key,
    squeeze_spaces,
    strip_html_debris,
)

# Column names of the header, in English and Spanish: a line naming four or more is it.
_HEADER_WORDS = [
    "federative entity",
    "entidad federativa",
    "type",
    "tipo",
    "between",
    "entre",
    "description",
    "descripcion",
    "subject",
    "objeto",
    "materia",
    "asunto",
    "date signed",
    "signature date",
    "date of signature",
    "fecha de firma",
    "fecha de suscripcion",
    "fecha de celebracion",
    "validity",
    "vigencia",
]


_SOURCE_NOTE = re.compile(r"^\s*(source|fuente)\s*:", re.IGNORECASE)


_QUOTE_CHARS = '"“”„«»'


class RawLine(NamedTuple):
    """A line of the raw file: a (number, text) pair, so that rows can be made at C speed
    by enumerate and handed to workers as they are."""

    number: int  # 1-based line of the raw file
    text: str


@dataclass
class TableLayout:
    """The parts of the raw page text: title, orphaned cells, header, rows, source note."""

    title: str
    header_line: int
    orphans: list[RawLine]
    rows: list[tuple[int, str]]  # (line number, text), as RawLine is
    stated_source: str


def is_header(line: str) -> bool:
    """Whether a line is the table's header (it names four or more of the columns)."""
    key = normalise_key(line)
    return sum(word in key for word in _HEADER_WORDS) >= 4


def split_layout(text: str, path: Path | str = "<text>") -> TableLayout:
    """Find the header and sort the other lines into title, orphans, rows and source note.

    Lines before the header: the first one without HTML debris is the table's title, the
    others are cells orphaned from their rows. After it: blank lines are skipped, a line
    starting "Source:" / "Fuente:" is the table's stated source, the rest are rows.
    """
    lines = list(enumerate(text.split("\n"), start=1))  # (number, text), made in C
    header_index = next((i for i, (_, line) in enumerate(lines) if is_header(line)), None)
    if header_index is None:
        raise RawDataError(
            path,
            "no table header found",
            expected="a line naming the columns Federative Entity, Type, "
            "Between, Description, Subject, Date signed, Validity",
        )
    title, orphans = "", []
    for number, line in lines[:header_index]:
        if not line.strip():
            continue
        if not title and strip_html_debris(line) == line:
            title = squeeze_spaces(line)
        else:
            orphans.append(RawLine(number, line))
    rows, stated_source = [], ""
    for numbered in lines[header_index + 1 :]:
        line = numbered[1]
        if not line or line.isspace():  # blank (isspace: no stripped copy of each row)
            continue
        if ":" in line and _SOURCE_NOTE.match(line):  # the test in C first
            stated_source = squeeze_spaces(_SOURCE_NOTE.sub("", line))
        else:
            rows.append(numbered)
    return TableLayout(title, lines[header_index][0], orphans, rows, stated_source)


def clean_cell_text(text: str) -> str:
    return squeeze_spaces(strip_html_debris(text))


def drop_unbalanced_quotes(cell: str) -> str:
    """Remove quote marks at a cell's ends that have no partner inside the cell."""
    cell = cell.strip()
    while cell and cell[-1] in _QUOTE_CHARS and _unbalanced(cell):
        cell = cell[:-1].rstrip()
    while cell and cell[0] in _QUOTE_CHARS and _unbalanced(cell):
        cell = cell[1:].lstrip()
    return cell


def _unbalanced(cell: str) -> bool:
    curly_open, curly_close = cell.count("“"), cell.count("”")
    return curly_open != curly_close or cell.count('"') % 2 == 1
