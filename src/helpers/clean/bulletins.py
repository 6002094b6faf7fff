"""Cleaning bulletin entries of local diplomacy into one row per interaction.

A monthly bulletin reports what Mexican states and municipalities did with foreign
partners. A transcriber copies each entry as the bulletin words it, in English or in
Spanish, into a CSV with the columns RAW_COLUMNS (the header may call them by their
English or Spanish names, COLUMN_NAMES), all free text; only the edition's month
(``bulletin_month``) is required, because an entry cannot be placed in time without it.
Each entry becomes one interaction:

* the date from ``date_text`` and the edition, kept to the precision the text states
  (day or month); a text without a date falls back to the edition's month;
* the place resolved to INEGI codes (``helpers.reference.places.resolve_place``); a place that is
  missing, unknown or ambiguous stays unresolved with the reason: the row is kept, never
  guessed. "X, <state>" where X is no single municipality keeps the state, and the
  municipality's reason (with its candidates) goes to the log for review;
* partner countries as ISO alpha-2 codes and themes as vocabulary keys, several of each
  when the text names several; what names no country or theme is logged, never forced.

Nothing is lost: rows in = clean + rejects, every repair or inference is in the log, and
exact repeats are kept and flagged. A value read with doubt is flagged by a log rule of
REVIEW_RULES naming the field: no value is wrong without a line saying so.

This module cleans the whole file (entries split across worker processes, duplicates
flagged, the result validated) and each entry (clean_entry). Reading the CSV as written is
bulletin_entries' work; reading one entry's date, place, countries and id, bulletin_fields'.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from helpers.clean.bulletin_entries import (
    ENTRY_COLUMNS,
    RAW_COLUMNS,
    csv_lines,
    raw_column,
    raw_entries,
)
from helpers.clean.bulletin_fields import (
    PLACE_COLUMNS,
    cached_place_fields,
    interaction_date,
    interaction_id,
    partner_countries,
    read_bulletin_month,
    tidy_entry,
)
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
from helpers.reference.entities import HOME_COUNTRY
from helpers.reference.themes import map_themes
from helpers.tables.checks import LIST_SEPARATOR
from helpers.tables.schemas import INTERACTION_COLUMNS, validate_interactions

_ROW_COLUMNS = [c for c in INTERACTION_COLUMNS if c != "is_duplicate"]


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
    entry = tidy_entry(raw, log)
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

    place = cached_place_fields(entry["place_text"])
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
        **{key: place[key] for key in PLACE_COLUMNS},
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
        entries["raw_text"] = csv_lines(entries[RAW_COLUMNS])
    if "field_problem" not in entries.columns:
        entries["field_problem"] = ""
    if "empty_surplus_fields" not in entries.columns:
        entries["empty_surplus_fields"] = 0
    return entries


@collector_paused()  # in a worker process too, however it was started
def _clean_entries(entries: list[tuple], _first_row: int) -> tuple[pd.DataFrame, CleaningLog]:
    """Clean a run of raw entries (they carry their own row numbers); rejects to the log.

    Returns the rows as a frame: a worker builds it in parallel, and it travels back
    faster than dicts.
    """
    log, rows = CleaningLog(), []
    for values in entries:
        raw = dict(zip(ENTRY_COLUMNS, values, strict=True))
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
            if isinstance(name, str) and name not in ENTRY_COLUMNS
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
    values = list(zip(*(entries[column].tolist() for column in ENTRY_COLUMNS), strict=True))
    return _clean_raw_entries(values, path, workers)


def _clean_raw_entries(
    entries: list[tuple], path: Path | str, workers: int | None
) -> CleaningResult:
    """The cleaning of raw entries (tuples as ``raw_entries`` gives them), whatever their source."""
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
    entries, warnings = raw_entries(text, path)
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
