"""Reading a bulletins CSV as its entries were written: header, delimiter, records, lines.

Transcribers write the CSV by hand or with a spreadsheet, in English or Spanish: the
header may name the columns in either language, a Spanish spreadsheet separates cells with
";", a quoted field may span lines, a record may have cells too many or too few. Each
record keeps the lines it came from, so that every error and every log entry names them.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from itertools import pairwise
from operator import itemgetter
from pathlib import Path

import pandas as pd

from helpers.core.sources import RawDataError
from helpers.core.text import normalise_key, squeeze_spaces

# The raw format, in the order a transcriber fills it.
RAW_COLUMNS = [
    "bulletin_month",
    "date_text",
    "place_text",
    "actor_text",
    "counterpart_text",
    "country_text",
    "theme_text",
    "summary",
    "source",
]


REQUIRED_COLUMNS = ["bulletin_month"]


# What a header may call each raw column besides its own name: transcribers write the
# header in English or in Spanish. Compared as comparison keys (case, accents,
# underscores and punctuation ignored); each name means one column only.
COLUMN_NAMES = {
    "bulletin_month": (
        "bulletin month",
        "bulletin",
        "edition",
        "issue",
        "mes del boletín",
        "mes de boletín",
        "mes boletín",
        "boletín",
        "edición",
        "mes de edición",
    ),
    "date_text": ("date", "fecha", "fecha texto", "fecha del evento", "event date"),
    "place_text": ("place", "location", "lugar", "lugar texto", "ubicación", "localidad"),
    "actor_text": ("actor", "mexican actor", "actor texto", "actor mexicano"),
    "counterpart_text": (
        "counterpart",
        "foreign counterpart",
        "contraparte",
        "contraparte texto",
        "contraparte extranjera",
    ),
    "country_text": (
        "country",
        "countries",
        "partner country",
        "partner countries",
        "país",
        "países",
        "país texto",
        "país socio",
        "países socios",
    ),
    "theme_text": ("theme", "themes", "subject", "tema", "temas", "tema texto", "asunto"),
    "summary": ("description", "resumen", "descripción", "síntesis"),
    "source": ("citation", "fuente", "cita", "referencia"),
}


_BOOKKEEPING_COLUMNS = [
    "source_row",
    "raw_line",
    "raw_text",
    "field_problem",
    "empty_surplus_fields",
]


ENTRY_COLUMNS = [*RAW_COLUMNS, *_BOOKKEEPING_COLUMNS]  # a raw entry, as the cleaning reads it


def _delimiter(text: str) -> str:
    """ "," unless the header is a header only when split at ";".

    Spreadsheets set to Spanish (and other languages that write decimals with a comma)
    save "CSV" with ";" between cells. Only the first line decides, and only when it
    names bulletin_month (in any accepted language) split at ";" and not at ",": a file
    is never read with a delimiter its header does not show.
    """
    first = next((line for line in text.split("\n", 20)[:20] if line.strip()), "")

    def names_required(delimiter: str) -> bool:
        cells = next(csv.reader([first], delimiter=delimiter), [])
        return any(raw_column(cell) in REQUIRED_COLUMNS for cell in cells)

    return ";" if ";" in first and not names_required(",") and names_required(";") else ","


def _records_with_lines(text: str, path: Path | str) -> list[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of every CSV record; blank lines are no record.

    The csv module is used rather than pandas because a quoted field may span lines, and
    the log, the rejects and a reader checking the raw file need each record's real line.
    """
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    records = []
    last_line = 0
    try:
        for cells in reader:
            first_line, last_line = last_line + 1, reader.line_num
            if len(cells) <= 1 and not "".join(cells).strip():
                continue
            records.append((first_line, last_line, cells))
    except csv.Error as error:
        raise RawDataError(
            path, f"not readable as CSV: {error}", line=reader.line_num, expected="RFC 4180 CSV"
        ) from error
    return records


@lru_cache(maxsize=1)
def _column_keys() -> dict[str, str]:
    """Comparison key of every accepted header name -> its raw column."""
    keys: dict[str, str] = {}
    for column, names in COLUMN_NAMES.items():
        for name in (column, *names):
            key = normalise_key(name)
            if keys.setdefault(key, column) != column:
                raise ValueError(f"header name {name!r} would mean {keys[key]} and {column}")
    return keys


def raw_column(name: str) -> str | None:
    """The raw column a header cell names, in English or Spanish ("Fecha" is date_text,
    "País" is country_text), or None when it names none of them."""
    return _column_keys().get(normalise_key(name))


def _header_names(
    cells: list[str], path: Path | str = "<text>", line: int | None = None
) -> list[str]:
    """Each header cell as the raw column it names, or as written (lower case) when it
    names none. Two cells naming one column stop the reading: which one holds the
    column's values cannot be known."""
    names = []
    for cell in cells:
        written = squeeze_spaces(cell).lower()
        column = raw_column(written)
        if column in names:
            raise RawDataError(
                path,
                f"header has two columns for {column}: "
                f"'{cells[names.index(column)].strip()}' and '{cell.strip()}'",
                line=line,
                expected="one header cell per column",
            )
        names.append(column or written)
    return names


def read_bulletin_entries(text: str, path: Path | str = "<text>") -> tuple[pd.DataFrame, list[str]]:
    """The raw entries as written, one row per CSV record, with where each came from.

    Returns (entries, warnings): the entries of ``raw_entries``, described there, as a frame.
    """
    entries, warnings = raw_entries(text, path)
    return pd.DataFrame.from_records(entries, columns=ENTRY_COLUMNS), warnings


def raw_entries(text: str, path: Path | str = "<text>") -> tuple[list[tuple], list[str]]:
    """The raw entries as written, one tuple per CSV record (ENTRY_COLUMNS), with where
    each came from: tuples, because they cross to worker processes faster than dicts.

    Returns (entries, warnings). Each entry has RAW_COLUMNS (a column the header lacks is
    empty: only bulletin_month is required), source_row (1-based data row, header
    excluded), raw_line (first line of the record), raw_text (the record's lines),
    field_problem (set when a record has more fields than the header and the surplus
    holds text: its cells cannot be assigned to columns) and empty_surplus_fields (blank
    cells beyond the header, as spreadsheets export them: dropped, and logged by the
    cleaning). Columns outside the raw format are ignored, with a warning.
    """
    raw_records = _records_with_lines(text, path)
    if not raw_records:
        raise RawDataError(path, "no header", expected=f"a header naming {', '.join(RAW_COLUMNS)}")
    header_line, _, header_cells = raw_records[0]
    header = _header_names(header_cells, path, header_line)
    missing_required = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing_required:
        raise RawDataError(
            path,
            f"header lacks column(s) {', '.join(missing_required)}; found {', '.join(header)}",
            line=header_line,
            expected=f"a header with {', '.join(REQUIRED_COLUMNS)} (or a name of "
            f"COLUMN_NAMES such as '{COLUMN_NAMES['bulletin_month'][4]}') and any of "
            f"{', '.join(c for c in RAW_COLUMNS if c not in REQUIRED_COLUMNS)}",
        )
    warnings = []
    absent = [c for c in RAW_COLUMNS if c not in header]
    if absent:
        warnings.append(f"{path}: no column(s) {', '.join(absent)}: read as empty")
    unknown = [c for c in header if c not in RAW_COLUMNS]
    if unknown:
        warnings.append(
            f"{path}: column(s) {', '.join(unknown)} are not in the raw format: ignored"
        )
    lines = text.split("\n")
    position = [header.index(name) if name in header else None for name in RAW_COLUMNS]
    width = len(header)
    # The usual record (one line, as many cells as the header, every column present) has
    # its cells picked in RAW_COLUMNS order by one itemgetter call.
    pick = itemgetter(*position) if None not in position and len(position) > 1 else None
    entries = []
    for source_row, (first_line, last_line, cells) in enumerate(raw_records[1:], start=1):
        if pick is not None and first_line == last_line and len(cells) == width:
            entries.append((*pick(cells), source_row, first_line, lines[first_line - 1], "", 0))
            continue
        padded = cells + [""] * (width - len(cells))
        surplus = cells[width:]
        surplus_has_text = any(cell.strip() for cell in surplus)
        entries.append(
            (
                *(padded[index] if index is not None else "" for index in position),
                source_row,
                first_line,
                "\n".join(lines[first_line - 1 : last_line]),
                (
                    f"the row has {len(cells)} fields but the header has {len(header)} "
                    "(expected a field holding a comma to be quoted)"
                    if surplus_has_text
                    else ""
                ),
                0 if surplus_has_text else len(surplus),
            )
        )
    return entries, warnings


def csv_lines(frame: pd.DataFrame) -> list[str]:
    """Each row as the CSV line that would hold it (one writer for all rows)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="")
    ends = [0]
    for values in zip(*(frame[column].tolist() for column in frame.columns), strict=True):
        writer.writerow(values)
        ends.append(buffer.tell())  # a StringIO's position counts characters
    text = buffer.getvalue()
    return [text[start:end] for start, end in pairwise(ends)]
