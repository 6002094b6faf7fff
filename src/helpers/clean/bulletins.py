"""Cleaning bulletin entries of local diplomacy into one row per interaction.

A monthly bulletin reports what Mexican states and municipalities did with foreign
partners. A transcriber copies each entry as the bulletin words it, in English or in
Spanish, into a CSV with the columns RAW_COLUMNS (the header may call them by their
English or Spanish names, COLUMN_NAMES), all free text; only the edition's month
(``bulletin_month``) is required, because an entry cannot be placed in time without it.
Each entry becomes one interaction:

* the date from ``date_text`` and the edition, kept to the precision the text states
  (day or month); a text without a date falls back to the edition's month;
* the place resolved to INEGI codes (``entities.resolve_place``); a place that is
  missing, unknown or ambiguous stays unresolved with the reason: the row is kept, never
  guessed. "X, <state>" where X is no single municipality keeps the state, and the
  municipality's reason (with its candidates) goes to the log for review;
* partner countries as ISO alpha-2 codes and themes as vocabulary keys, several of each
  when the text names several; what names no country or theme is logged, never forced.

Nothing is lost: rows in = clean + rejects, every repair or inference is in the log, and
exact repeats are kept and flagged. A value read with doubt is flagged by a log rule of
REVIEW_RULES naming the field: no value is wrong without a line saying so.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
from functools import lru_cache
from itertools import pairwise
from operator import itemgetter
from pathlib import Path

import pandas as pd

from helpers.clean.log import (
    PARALLEL_MIN_ROWS,
    CleaningLog,
    CleaningResult,
    RowRejected,
    collector_paused,
    flag_duplicates,
    map_in_chunks,
)
from helpers.core.sources import RawDataError, read_raw_text
from helpers.core.text import normalise_key, squeeze_spaces, strip_html_debris
from helpers.reference.countries import find_countries
from helpers.reference.dates import PartialDate, parse_date
from helpers.reference.entities import HOME_COUNTRY, entity_record, resolve_place
from helpers.reference.themes import map_themes
from helpers.tables.schemas import INTERACTION_COLUMNS, validate_interactions

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
LIST_SEPARATOR = ";"
_BULLETIN_MONTH_EXPECTED = "expected the edition's month as YYYY-MM, such as 2024-05"
_ENTRY_PRECISIONS = ("day", "month")
_MONTHS_PER_YEAR = 12
_BOOKKEEPING_COLUMNS = [
    "source_row",
    "raw_line",
    "raw_text",
    "field_problem",
    "empty_surplus_fields",
]
_ENTRY_COLUMNS = [*RAW_COLUMNS, *_BOOKKEEPING_COLUMNS]  # a raw entry, as the cleaning reads it
_ROW_COLUMNS = [c for c in INTERACTION_COLUMNS if c != "is_duplicate"]
_PLACE_COLUMNS = ["entity_code", "entity", "level", "municipality", "municipality_code"]
# Log rules that mark a value read with doubt, for a reader to review (CleaningLog.flag,
# with the reason in the log's review column): the row is kept, and the field the rule
# names is empty or less precise than the entry says. Each is rule -> field it concerns;
# every other rule records a repair or an inference that is certain (a normalised month,
# a year taken from the edition, a name found whole or by a unique short name).
REVIEW_RULES = {
    "unresolved_place": "entity",
    "municipality_unresolved": "municipality",
    "not_a_country": "partner_countries",
    "unmapped_theme_words": "themes",
    "date_text_not_a_day_or_month": "date",
}


# ---------------------------------------------------------------- reading the raw CSV


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

    Returns (entries, warnings): the entries of ``_raw_entries``, described there, as a frame.
    """
    entries, warnings = _raw_entries(text, path)
    return pd.DataFrame.from_records(entries, columns=_ENTRY_COLUMNS), warnings


def _raw_entries(text: str, path: Path | str = "<text>") -> tuple[list[tuple], list[str]]:
    """The raw entries as written, one tuple per CSV record (_ENTRY_COLUMNS), with where
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


# ---------------------------------------------------------------- one field at a time


def read_bulletin_month(text: str) -> str:
    """The edition as YYYY-MM, from "2024-05" or a month written out ("May 2024", "mayo de 2024").

    The only required field: an entry without its edition cannot be dated, so it is
    rejected with a reason naming what was expected.
    """
    if not text:
        raise RowRejected(f"no bulletin_month ({_BULLETIN_MONTH_EXPECTED})")
    parsed = parse_date(text)
    if parsed is None or parsed.precision != "month":
        raise RowRejected(f"bulletin_month '{text}' is not a month ({_BULLETIN_MONTH_EXPECTED})")
    return parsed.iso


def _months_between(earlier: PartialDate, later: PartialDate) -> int:
    return (later.year - earlier.year) * _MONTHS_PER_YEAR + (later.month - earlier.month)


def _is_calendar_date(year: int, month: int, day: int | None) -> bool:
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return False
    return True


def nearest_year(partial: PartialDate, edition: PartialDate) -> PartialDate:
    """A date written without its year, placed in the year nearest to the edition.

    Bulletins date entries "March 3" or "May": the year is the edition's, except
    across New Year, where the nearer year is meant ("December 28" in a January edition is
    the December before it). Ties go to the edition's year.
    """
    candidates = [
        PartialDate(year, partial.month, partial.day)
        for year in (edition.year, edition.year - 1, edition.year + 1)
        if _is_calendar_date(year, partial.month, partial.day)
    ]
    return min(candidates, key=lambda date: abs(_months_between(edition, date)))


@lru_cache(maxsize=65536)
def interaction_date(date_text: str, bulletin_month: str) -> tuple[PartialDate, str, str]:
    """The date of an entry to its precision, where it came from, and the rule applied.

    Returns (date, date_from, rule): date_from is "date_text" or "bulletin_month"; rule is
    empty when the text stated the date whole, else the name of the inference for the log:

    * ``year_from_bulletin_month`` / ``year_nearest_bulletin_month``: a day or month
      without its year ("March 3", "3 de marzo") takes the edition's year, or the adjacent
      one across New Year (see nearest_year);
    * ``date_from_bulletin_month``: no date_text, the edition's month stands for it;
    * ``date_text_not_a_day_or_month``: a text that is no date, or a year alone, is not
      precise enough for an entry: the edition's month stands for it, the text is kept in
      the date_text column.

    Cached: entries of one edition repeat the same few dates.
    """
    year, month = (int(part) for part in bulletin_month.split("-"))
    edition = PartialDate(year, month)
    if not date_text:
        return edition, "bulletin_month", "date_from_bulletin_month"
    stated = parse_date(date_text)
    if stated is not None and stated.precision in _ENTRY_PRECISIONS:
        return stated, "date_text", ""
    yearless = parse_date(date_text, default_year=year) if stated is None else None
    if yearless is not None and yearless.precision in _ENTRY_PRECISIONS:
        placed = nearest_year(yearless, edition)
        rule = "year_from_bulletin_month" if placed.year == year else "year_nearest_bulletin_month"
        return placed, "date_text", rule
    return edition, "bulletin_month", "date_text_not_a_day_or_month"


def place_fields(place_text: str) -> dict:
    """Entity and municipality columns of a place as written; empty with the reason if unresolved.

    Besides the columns, ``municipality_unresolved_reason`` is set when only the entity
    could be named although the text names something within it, and ``place_rule`` names
    how a municipality was found when not in full (for the log; neither is a column).
    """
    return dict(_place_fields(place_text))


@lru_cache(maxsize=65536)
def _place_fields(place_text: str) -> dict:
    """place_fields, cached (callers get a copy): bulletins name the same places again and again."""
    place = resolve_place(place_text)
    entity = entity_record(place.entity_code)["entity"] if place.is_resolved else ""
    return {
        "entity_code": place.entity_code,
        "entity": entity,
        "level": place.level,
        "municipality": place.municipality,
        "municipality_code": place.municipality_code,
        "place_unresolved_reason": place.reason if not place.is_resolved else "",
        "municipality_unresolved_reason": place.municipality_reason,
        "place_rule": place.rule,
    }


def partner_countries(country_text: str) -> tuple[list[str], list[str], bool]:
    """(ISO alpha-2 codes, parts naming no country, whether Mexico was named and dropped).

    Regions and international organisations ("Europe", "UNESCO") name no country: they
    give no code and are returned as unknown parts for the log.
    """
    codes, unknown, named_home = _partner_countries(country_text)
    return list(codes), list(unknown), named_home


@lru_cache(maxsize=65536)
def _partner_countries(country_text: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """partner_countries, cached: the same few countries are named in entry after entry."""
    codes, unknown = find_countries(country_text)
    return tuple(c for c in codes if c != HOME_COUNTRY), tuple(unknown), HOME_COUNTRY in codes


def interaction_id(entry: dict) -> str:
    """An id that depends on the entry's content only, never on its row number.

    Reordering or adding raw rows keeps every id. The content is every raw field as
    tidied (bulletin_month normalised), so two entries share an id exactly when they are
    exact repeats; "2024-05-3f2a9c8b1d".
    """
    content = "\x1f".join(entry[column] for column in RAW_COLUMNS)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:10]
    return f"{entry['bulletin_month']}-{digest}"


# ---------------------------------------------------------------- one entry


def _tidy_entry(raw: dict, log: CleaningLog) -> dict:
    """Every raw field without HTML debris (text copied from a web bulletin), and with runs
    of white space and control characters squeezed."""
    tidy = {}
    for column in RAW_COLUMNS:
        value = raw[column]
        without_tags, tidied = _tidy_value(value)
        if without_tags != value:
            log.repair(
                raw["source_row"], raw["raw_line"], "strip_html_debris", column, value, without_tags
            )
        if tidied != without_tags:
            log.repair(
                raw["source_row"], raw["raw_line"], "tidy_whitespace", column, without_tags, tidied
            )
        tidy[column] = tidied
    return tidy


@lru_cache(maxsize=65536)
def _tidy_value(value: str) -> tuple[str, str]:
    """(without HTML tags, and with white space squeezed too): cached, cells repeat."""
    without_tags = strip_html_debris(value)
    return without_tags, squeeze_spaces(without_tags)


def clean_entry(raw: dict, log: CleaningLog) -> dict:
    """One raw entry to its interaction row.

    Raises RowRejected when the entry cannot be dated (no valid bulletin_month) or its cells
    cannot be assigned to columns; everything else is kept, with what was inferred logged.
    """
    source_row, line = raw["source_row"], raw["raw_line"]
    if raw.get("field_problem"):
        raise RowRejected(raw["field_problem"])
    if raw.get("empty_surplus_fields"):
        log.repair(
            source_row,
            line,
            "empty_surplus_fields_dropped",
            "raw_text",
            f"{raw['empty_surplus_fields']} empty field(s) beyond the header",
            "",
        )
    entry = _tidy_entry(raw, log)
    bulletin_month = read_bulletin_month(entry["bulletin_month"])
    log.repair(
        source_row,
        line,
        "bulletin_month_normalised",
        "bulletin_month",
        entry["bulletin_month"],
        bulletin_month,
    )
    entry["bulletin_month"] = bulletin_month

    date, date_from, date_rule = interaction_date(entry["date_text"], bulletin_month)
    if date_rule in REVIEW_RULES:
        reason = (
            f"'{entry['date_text']}' is not a day or a month: the edition's month stands for it"
        )
        log.flag(source_row, line, date_rule, "date", entry["date_text"], date.iso, reason)
    elif date_rule:
        log.repair(source_row, line, date_rule, "date", entry["date_text"] or "(missing)", date.iso)

    place = _place_fields(entry["place_text"])
    if place["entity_code"]:
        resolved = ", ".join(filter(None, [place["municipality"], place["entity"]]))
        rule = "resolve_place_by_short_name" if place["place_rule"] else "resolve_place"
        log.repair(source_row, line, rule, "entity", entry["place_text"], resolved)
        if place["municipality_unresolved_reason"]:
            log.flag(
                source_row,
                line,
                "municipality_unresolved",
                "municipality",
                entry["place_text"],
                f"(unresolved: {place['municipality_unresolved_reason']})",
                f"only the entity is known: {place['municipality_unresolved_reason']}",
            )
    else:
        log.flag(
            source_row,
            line,
            "unresolved_place",
            "entity",
            entry["place_text"] or "(missing)",
            f"(unresolved: {place['place_unresolved_reason']})",
            place["place_unresolved_reason"],
        )

    codes, not_countries, named_home = partner_countries(entry["country_text"])
    for part in not_countries:
        log.flag(
            source_row,
            line,
            "not_a_country",
            "partner_countries",
            part,
            "",
            f"'{part}' names no country (a region, an organisation, or a name to add?)",
        )
    if named_home:
        log.repair(source_row, line, "home_country_dropped", "partner_countries", HOME_COUNTRY, "")
    if not entry["country_text"]:
        log.repair(source_row, line, "no_country_stated", "partner_countries", "(missing)", "")

    themes, unmapped = map_themes(entry["theme_text"])
    for phrase in unmapped:
        log.flag(
            source_row,
            line,
            "unmapped_theme_words",
            "themes",
            phrase,
            "",
            f"'{phrase}' matches no theme of the vocabulary (a synonym to add?)",
        )
    if not entry["theme_text"]:
        log.repair(source_row, line, "no_theme_stated", "themes", "(missing)", "")

    return {
        "interaction_id": interaction_id(entry),
        "source_row": source_row,
        "bulletin_month": bulletin_month,
        "date": date.iso,
        "date_precision": date.precision,
        **{key: place[key] for key in _PLACE_COLUMNS},
        "partner_countries": LIST_SEPARATOR.join(codes),
        "themes": LIST_SEPARATOR.join(themes),
        "actor": entry["actor_text"],
        "counterpart": entry["counterpart_text"],
        "summary": entry["summary"],
        "source": entry["source"],
        "date_text": entry["date_text"],
        "date_from": date_from,
        "place_text": entry["place_text"],
        "place_unresolved_reason": place["place_unresolved_reason"],
        "country_text": entry["country_text"],
        "theme_text": entry["theme_text"],
        "raw_line": line,
    }


# ---------------------------------------------------------------- the whole table


def _complete_entries(entries: pd.DataFrame) -> pd.DataFrame:
    """Entries given as a frame (not read from a file) get the bookkeeping columns."""
    entries = entries.copy()
    for column in RAW_COLUMNS:
        if column not in entries.columns:
            entries[column] = ""
    entries[RAW_COLUMNS] = entries[RAW_COLUMNS].fillna("").astype(str)
    if "source_row" not in entries.columns:
        entries["source_row"] = range(1, len(entries) + 1)
    if "raw_line" not in entries.columns:
        entries["raw_line"] = entries["source_row"] + 1  # one line per row below a header
    if "raw_text" not in entries.columns:
        entries["raw_text"] = _csv_lines(entries[RAW_COLUMNS])
    if "field_problem" not in entries.columns:
        entries["field_problem"] = ""
    if "empty_surplus_fields" not in entries.columns:
        entries["empty_surplus_fields"] = 0
    return entries


def _csv_lines(frame: pd.DataFrame) -> list[str]:
    """Each row as the CSV line that would hold it (one writer for all rows)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="")
    ends = [0]
    for values in zip(*(frame[column].tolist() for column in frame.columns), strict=True):
        writer.writerow(values)
        ends.append(buffer.tell())  # a StringIO's position counts characters
    text = buffer.getvalue()
    return [text[start:end] for start, end in pairwise(ends)]


@collector_paused()  # in a worker process too, however it was started
def _clean_entries(entries: list[tuple], _first_row: int) -> tuple[pd.DataFrame, CleaningLog]:
    """Clean a run of raw entries (they carry their own row numbers); rejects to the log.

    Returns the rows as a frame: a worker builds it in parallel, and it travels back
    faster than dicts.
    """
    log, rows = CleaningLog(), []
    for values in entries:
        raw = dict(zip(_ENTRY_COLUMNS, values, strict=True))
        try:
            rows.append(clean_entry(raw, log))
        except RowRejected as reason:
            log.reject(raw["source_row"], raw["raw_line"], raw["raw_text"], str(reason))
    return pd.DataFrame(rows, columns=_ROW_COLUMNS), log


@collector_paused()
def clean_bulletins_frame(
    entries: pd.DataFrame, path: Path | str = "<frame>", workers: int | None = None
) -> CleaningResult:
    """Raw entries (RAW_COLUMNS as text) to the interactions table, its rejects and log.

    Entries are cleaned independently, so a large table is split across ``workers``
    processes (default: one per core); the result does not depend on their number.
    """
    entries = entries.rename(
        columns=lambda name: (
            raw_column(name) or name
            if isinstance(name, str) and name not in _ENTRY_COLUMNS
            else name
        )
    )
    if entries.columns.duplicated().any():
        repeated = sorted(set(entries.columns[entries.columns.duplicated()]))
        raise RawDataError(
            path, f"two columns for {', '.join(repeated)}", expected="one column per raw column"
        )
    if "bulletin_month" not in entries.columns:
        raise RawDataError(
            path, "no bulletin_month column", expected=f"columns {', '.join(RAW_COLUMNS)}"
        )
    entries = _complete_entries(entries)
    values = list(zip(*(entries[column].tolist() for column in _ENTRY_COLUMNS), strict=True))
    return _clean_raw_entries(values, path, workers)


def _clean_raw_entries(
    entries: list[tuple], path: Path | str, workers: int | None
) -> CleaningResult:
    """The cleaning of raw entries (tuples as ``_raw_entries`` gives them), whatever their source."""
    workers = (os.cpu_count() or 1) if workers is None else workers
    log, frames = CleaningLog(), []
    for chunk_rows, chunk_log in map_in_chunks(_clean_entries, entries, workers, PARALLEL_MIN_ROWS):
        frames.append(chunk_rows)
        log.extend(chunk_log)
    clean = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    clean = flag_duplicates(clean, "interaction_id", log)
    text_columns = [c for c in INTERACTION_COLUMNS if c not in ("source_row", "raw_line")]
    clean = clean.astype(
        {"source_row": "int64", "raw_line": "int64", "is_duplicate": bool}
        | {c: str for c in text_columns if c != "is_duplicate"}
    )
    result = CleaningResult(
        name="interactions",
        clean=clean[INTERACTION_COLUMNS].reset_index(drop=True),
        rejects=log.rejects_frame(),
        log=log.log_frame(),
        rows_in=len(entries),
        metadata={"raw_file": str(path)},
    )
    result.check_accounting()
    return result


@collector_paused()
def clean_bulletins_text(text: str, path: Path | str = "<text>") -> CleaningResult:
    """The whole cleaning of a raw bulletin CSV given as text."""
    entries, warnings = _raw_entries(text, path)
    result = _clean_raw_entries(entries, path, None)
    result.warnings.extend(warnings)
    return result


def clean_bulletins_file(raw_path: Path | str, *, strict: bool = False) -> CleaningResult:
    """Read a raw bulletin CSV (provenance checked), clean it, validate the schema.

    ``strict=True`` turns any rejected row into an error naming the row and the reason;
    an unresolved place is not a reject (the row is kept), so it never stops a run.
    """
    raw = read_raw_text(raw_path)
    result = clean_bulletins_text(raw.text, raw_path)
    result.note_source(raw)
    if strict:
        result.raise_if_rejects(raw_path)
    result.clean = validate_interactions(result.clean)
    return result
