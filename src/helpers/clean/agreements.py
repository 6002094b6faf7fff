"""Cleaning the SRE table of inter-institutional agreements from its page text.

The table arrives as a web page gives it when copied: one line per row with its seven
cells (Federative Entity, Type, Between, Description, Subject, Date signed, Validity)
run together without separators, HTML debris in and between cells, a cell orphaned
above the header, the table's title and its source note around it. Each row is read by
general rules, from both ends:

* the start is the federal entity (recognised from INEGI's names in Spanish and
  English), then the type (State / Estatal, Municipal);
* the end is the signing date, then the validity ("Not specified" / "No especificada",
  "Indefinite" / "Indefinida", an end date with a reported status such as
  "-Completed-" / "-Concluido-", or a status alone such as "Vigente");
* what is left starts with the Between cell (the parties, closed by ", <country>.",
  the country named in English or Spanish, short or official) and ends with the Subject
  cell (a short phrase, usually a theme); the Description is in between.

A row whose Between cell is missing takes an orphaned cell whose parties its
description names. Numeric dates are read in the table's stated order (its sidecar's
``date_order``; day first by default, as Mexican sources write them).

No silent errors: every raw row ends as a clean row whose every field is what the
source says, or as a clean row carrying a review flag (its ``review`` column names the
rules, the cleaning log gives each reason), or as a reject with its reason. Where a rule
is unsure (a Between cell that splits more than one way, a status word it does not
know, digits run into the signing date) it flags the row; it never guesses silently.

This module cleans the whole table (rows split across worker processes, orphans given to
the rows missing a cell, duplicates flagged, the result validated). The steps it calls
each have their module, in the order a row meets them: agreement_layout (the page's
parts), agreement_cells (a row into its cells, with agreement_tail for the date and
validity at its end), agreement_parties (the Between cell into two parties) and
agreement_rows (canonical names, municipality, theme, id, and every doubt logged).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from helpers.clean.agreement_cells import attach_orphans, parse_cleaned_row
from helpers.clean.agreement_layout import split_layout
from helpers.clean.agreement_rows import finish_into, rows_frame
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
from helpers.core.text import (
    split_html_debris,
    squeeze_spaces,
)
from helpers.reference.dates import (
    DATE_ORDERS,
    DEFAULT_DATE_ORDER,
)
from helpers.tables.schemas import AGREEMENT_COLUMNS, validate_agreements


@collector_paused()  # in a worker process too, however it was started
def _clean_chunk(
    lines: list[tuple[int, str]],
    first_row: int,
    hold_open: bool,
    date_order: str = DEFAULT_DATE_ORDER,
) -> tuple[pd.DataFrame, list[dict], CleaningLog]:
    """Parse and finish a run of numbered raw rows, in one pass.

    Returns (finished rows as a frame, open rows, the chunk's log); a frame, because a
    worker builds it in parallel and it travels between processes faster than dicts.
    With ``hold_open`` (the table has orphaned cells), rows missing their Between cell
    are returned parsed but not finished: an orphan may still complete them, which needs
    the whole table. Numeric dates are read in ``date_order``.
    """
    log, finished, open_rows, splits = CleaningLog(), [], [], {}
    for source_row, (line_number, text) in enumerate(lines, start=first_row):
        without_tags, tags = split_html_debris(text)  # one scan gives both
        cleaned = squeeze_spaces(without_tags)  # = clean_cell_text(text)
        if tags:  # The log names the tags removed, not the row twice.
            log.repair(source_row, line_number, "strip_html_debris", "raw_text", "".join(tags), "")
        try:
            row = parse_cleaned_row(cleaned, date_order)
        except RowRejected as reason:
            log.reject(source_row, line_number, text, str(reason))
            continue
        row.update(source_row=source_row, raw_line=line_number, raw_text=text)
        if hold_open and not row["between"]:
            open_rows.append(row)
        else:
            finish_into(row, finished, log, splits)
    log.frame_repairs()  # here, in parallel with the other chunks (see map_in_chunks)
    return rows_frame(finished), open_rows, log


def numeric_date_order(sidecar: dict | None, path: Path | str = "<text>") -> tuple[str, str]:
    """(order, where it comes from) of a table's numeric dates: its sidecar's
    ``date_order`` (DMY or MDY) when stated, else day first, as Mexican sources write."""
    stated = (sidecar or {}).get("date_order")
    if stated is None:
        return DEFAULT_DATE_ORDER, "default: Mexican sources write the day first"
    order = str(stated).strip().upper()
    if order not in DATE_ORDERS:
        raise RawDataError(
            path,
            f"sidecar states date_order {stated!r}",
            expected=f"one of {', '.join(DATE_ORDERS)}",
        )
    return order, "stated in the sidecar"


@collector_paused()
def clean_agreements_text(
    text: str,
    path: Path | str = "<text>",
    workers: int | None = None,
    date_order: str | None = None,
) -> CleaningResult:
    """The whole cleaning, from page text to the clean table, rejects and log.

    Rows are read independently, so a large table is split across ``workers`` processes
    (default: one per core). Only rows missing their Between cell wait for the whole
    table, when it has orphaned cells to offer them. The result does not depend on the
    number of workers: rows, rejects and log entries are put in the raw file's order.
    Numeric dates are read in ``date_order`` (DMY or MDY; by default day first), one
    order for the whole table, recorded in the result's metadata.
    """
    workers = (os.cpu_count() or 1) if workers is None else workers
    stated = None if date_order is None else {"date_order": date_order}
    date_order, order_source = numeric_date_order(stated, path)
    if stated:
        order_source = "stated by the caller"
    layout = split_layout(text, path)
    chunks = map_in_chunks(
        _clean_chunk,
        layout.rows,
        workers,
        PARALLEL_MIN_ROWS,
        hold_open=bool(layout.orphans),
        date_order=date_order,
    )
    log, frames, open_rows = CleaningLog(), [], []
    for finished, waiting, chunk_log in chunks:
        frames.append(finished)
        open_rows += waiting
        log.extend(chunk_log)
    unclaimed = attach_orphans(open_rows, list(layout.orphans), log)
    for orphan in unclaimed:
        log.reject(
            None,
            orphan.number,
            orphan.text,
            "cell outside any row that no row missing its Between cell could take",
        )
    completed: list[tuple] = []
    for row in open_rows:
        finish_into(row, completed, log)
    frames = [frame for frame in [*frames, rows_frame(completed)] if len(frame)]
    clean = pd.concat(frames, ignore_index=True) if frames else rows_frame([])
    if completed:  # rows completed by orphans go back to their place
        clean = clean.sort_values("source_row", kind="stable", ignore_index=True)
    clean = flag_duplicates(clean, "agreement_id", log)
    clean = clean.astype({"source_row": "int64", "raw_line": "int64"})
    result = CleaningResult(
        name="agreements",
        clean=clean[AGREEMENT_COLUMNS],
        rejects=log.rejects_frame(),
        log=log.log_frame(),
        rows_in=len(layout.rows) + len(layout.orphans),
        merged_rows=len(layout.orphans) - len(unclaimed),
        metadata={
            "table_title": layout.title,
            "stated_source": layout.stated_source,
            "raw_file": str(path),
            "header_line": layout.header_line,
            "numeric_date_order": date_order,
            "numeric_date_order_from": order_source,
            "rows_flagged_for_review": int((clean["review"] != "").sum()),
        },
    )
    result.check_accounting()
    return result


def clean_agreements_file(raw_path: Path | str, *, strict: bool = False) -> CleaningResult:
    """Read a raw agreements table (provenance checked), clean it, validate the schema."""
    raw = read_raw_text(raw_path)
    date_order, order_source = numeric_date_order(raw.sidecar, raw_path)
    result = clean_agreements_text(raw.text, raw_path, date_order=date_order)
    result.metadata["numeric_date_order_from"] = order_source
    result.note_source(raw)
    if strict:
        result.raise_if_rejects(raw_path)
    result.clean = validate_agreements(result.clean)
    return result
