"""What every cleaning step shares: the log of repairs, the rejects, the row accounting.

A cleaning step turns raw rows into a clean table. Nothing may be lost: each raw row
ends in the clean table or in the rejects with a reason, every repair is written to a
log (row, rule, field, before, after), and the counts are checked before anything is
written. With ``strict=True`` any reject is an error naming the row and the reason.

No silent errors: every raw row ends as a clean row whose every field is what the
source says, or as a clean row carrying a review flag, or as a reject with its reason.
A rule that reads a row with doubt (an ambiguous split, an unknown word) says so with a
review flag: a log entry whose ``review`` column gives the reason, so that a reader can
filter the rows to check. A plain repair has an empty ``review``.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pandas as pd

from helpers.core.outputs import write_csv, write_json
from helpers.core.paths import project_relative
from helpers.tables.schemas import LOG_COLUMNS, REJECT_COLUMNS, validate_cleaning_outputs


class RejectedRowsError(ValueError):
    """Raised in strict mode when any raw row could not be cleaned."""


class RowRejected(Exception):
    """Raised by a row parser: the row goes to the rejects with this reason."""


class RowsLostError(RuntimeError):
    """The cleaning's accounting does not add up: raw rows in is not clean rows plus
    rejects plus merged cells. A bug in a cleaning step; nothing is written."""


@dataclass
class CleaningLog:
    """Collects repairs and rejects while a step runs."""

    # Entries are tuples in LOG_COLUMNS and REJECT_COLUMNS order: a large table logs a
    # repair or more per row, and tuples are made, pickled and framed faster than dicts.
    repairs: list[tuple] = field(default_factory=list)
    rejects: list[tuple] = field(default_factory=list)
    # Repairs already made into frames (frame_repairs), in order, all before ``repairs``.
    framed: list[pd.DataFrame] = field(default_factory=list)

    def repair(self, source_row, raw_line, rule: str, field_name: str, before, after) -> None:
        """Record one repair; a repair that changes nothing is not recorded."""
        if before != after:
            self.repairs.append((source_row, raw_line, rule, field_name, before, after, ""))

    def note(self, source_row, raw_line, rule: str, field_name: str, value) -> None:
        """Record a notice that changes nothing (before and after are the same value):
        something the user should know, such as a name no reference table has."""
        self.repairs.append((source_row, raw_line, rule, field_name, value, value, ""))

    def flag(
        self, source_row, raw_line, rule: str, field_name: str, before, after, reason: str
    ) -> None:
        """Record a review flag: the row is kept with ``after`` read from ``before``, but
        the rule is unsure, for ``reason`` (never empty: it is what the reader checks)."""
        if not reason:  # a flag without its reason tells the reader nothing to check
            raise ValueError(f"a review flag needs its reason ({rule})")
        self.repairs.append((source_row, raw_line, rule, field_name, before, after, reason))

    def reject(self, source_row, raw_line, raw_text: str, reason: str) -> None:
        """Record a raw row that could not be cleaned, with the reason."""
        self.rejects.append((source_row, raw_line, raw_text, reason))

    def extend(self, other: CleaningLog) -> None:
        """Append another log's entries (a chunk of rows cleaned elsewhere), in order."""
        if other.framed:
            self.frame_repairs()  # this log's repairs come first
            self.framed += other.framed
        self.repairs += other.repairs
        self.rejects += other.rejects

    def frame_repairs(self) -> None:
        """Make the repairs logged so far into a frame, kept before any logged later.

        For a chunk of rows cleaned in a worker process: the worker frames its own log,
        in parallel with the others, and a frame travels back faster than tuples; the
        log's frame is then those frames put together (log_frame). Its text columns must
        hold text, as a cleaning step's do, so that every frame has the same types."""
        if self.repairs:
            self.framed.append(_repairs_frame(self.repairs))
            self.repairs = []

    def log_frame(self) -> pd.DataFrame:
        """The repairs in the raw table's order: by row, then in the order they were made
        (so the log reads the same however the rows were split across workers)."""
        frames = [frame for frame in [*self.framed, _repairs_frame(self.repairs)] if len(frame)]
        if not frames:
            return _repairs_frame([])
        frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
        return _in_file_order(frame, "source_row")

    def rejects_frame(self) -> pd.DataFrame:
        """The rejects in the raw file's order (by line)."""
        frame = pd.DataFrame.from_records(self.rejects, columns=REJECT_COLUMNS)
        frame = frame.astype({"source_row": "Int64", "raw_line": "Int64"})
        return _in_file_order(frame, "raw_line")


def _repairs_frame(records: list[tuple]) -> pd.DataFrame:
    """Log entries (tuples in LOG_COLUMNS order; an entry may lack its review) as a frame."""
    if records and min(map(len, records)) < len(LOG_COLUMNS):  # entries without review
        records = [(*entry, "")[: len(LOG_COLUMNS)] for entry in records]
    frame = pd.DataFrame.from_records(records, columns=LOG_COLUMNS)
    return frame.astype({"source_row": "Int64", "raw_line": "Int64"})


def _in_file_order(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Stable sort by a row or line number; entries without one keep their place last.
    Entries already in order (a step logs row after row) are left as they are: the
    stable sort would not move one."""
    numbers = frame[column]
    if not numbers.hasnans and numbers.is_monotonic_increasing:
        return frame.reset_index(drop=True)
    return frame.sort_values(column, kind="stable", na_position="last").reset_index(drop=True)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a cleaning step runs.

    A step allocates a few dicts and strings per row and keeps most of them, so the
    collector keeps starting full passes over every live object: time that grows with the
    table and buys nothing, since rows make no reference cycles (reference counting still
    frees what is dropped). The collector's state is restored when the step ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Rows from which a cleaning step splits its work across processes: below this,
# starting worker processes costs more than it saves. Declared here, once, for every
# step that calls map_in_chunks (a step imports it; a test may patch the step's copy).
PARALLEL_MIN_ROWS = 20_000

# Inputs of map_in_chunks calls in progress, by call: a forked worker finds its chunk in
# its copy of this process's memory instead of receiving it pickled through a pipe.
_FORK_INPUTS: dict[int, list] = {}

# A worker's share of the items, relative to this process's share: a worker's results
# must be pickled and copied back (about a tenth of its time on 50,000 agreements rows),
# so it is given fewer items and both finish together. 0.92 gave the best median of
# 1.0, 0.92, 0.86 and 0.80 on 100,000 agreements rows, two cores, five runs each.
WORKER_SHARE = 0.92


def _chunk_bounds(n_items: int, workers: int) -> list[tuple[int, int]]:
    """(start, stop) of each chunk: this process's first and largest (see WORKER_SHARE),
    then one per worker, as many as there are items for."""
    size = max(1, int(n_items * WORKER_SHARE / (1 + WORKER_SHARE * (workers - 1))))
    others = min(workers - 1, (n_items - 1) // size)  # this process keeps at least one item
    starts = [0, *range(n_items - size * others, n_items, size)]
    return list(pairwise([*starts, n_items]))


def _run_on_forked_input(function, key: int, start: int, stop: int, options: dict):
    """In a forked worker: ``function`` on its chunk of the inherited input."""
    return function(_FORK_INPUTS[key][start:stop], start + 1, **options)


def map_in_chunks(function, items: list, workers: int, min_items: int, **options) -> list:
    """``function(chunk, first_number, **options)`` over consecutive chunks of ``items``.

    Large inputs (``min_items`` or more) are split into one chunk per worker; this process
    is one of the workers, so its chunk's results are never copied between processes.
    Smaller inputs run as one chunk here. Chunk results come back in the items' order, and
    ``first_number`` is the 1-based position of the chunk's first item, so a cleaning step
    numbers its rows the same whatever the number of workers.
    Where workers are forked (Linux), they read their chunks from the memory they inherit;
    elsewhere each chunk is sent to its worker.
    """
    if workers <= 1 or len(items) < max(min_items, 2):
        return [function(items, 1, **options)]
    from concurrent.futures import ProcessPoolExecutor

    bounds = _chunk_bounds(len(items), workers)
    context = multiprocessing.get_context()  # the one the pool would take by default
    forked = context.get_start_method() == "fork"
    key = id(items)
    if forked:
        _FORK_INPUTS[key] = items  # before the first submit, which forks the workers
    try:
        with ProcessPoolExecutor(max_workers=len(bounds) - 1, mp_context=context) as pool:
            elsewhere = [
                pool.submit(_run_on_forked_input, function, key, start, stop, options)
                if forked
                else pool.submit(function, items[start:stop], start + 1, **options)
                for start, stop in bounds[1:]
            ]
            start, stop = bounds[0]
            here = function(items[start:stop], start + 1, **options)
            return [here, *(future.result() for future in elsewhere)]
    finally:
        _FORK_INPUTS.pop(key, None)


def flag_duplicates(clean: pd.DataFrame, id_column: str, log: CleaningLog) -> pd.DataFrame:
    """Exact repeats are kept and flagged, never dropped behind the reader's back (a source
    may report one thing twice); their ids get a -dupN suffix so that ids stay unique."""
    duplicated = clean[id_column].duplicated()
    # assign, not copy: with copy-on-write the columns are shared until one is written.
    clean = clean.assign(is_duplicate=duplicated)
    if not duplicated.any():  # the usual case: no per-group pass needed
        return clean
    repeated = clean[clean[id_column].duplicated(keep=False)]  # only ids seen twice or more
    occurrence = repeated.groupby(id_column).cumcount()
    for index in repeated.index[repeated["is_duplicate"]]:
        new_id = f"{clean.at[index, id_column]}-dup{occurrence[index] + 1}"
        log.repair(
            clean.at[index, "source_row"],
            clean.at[index, "raw_line"],
            "duplicate_row",
            id_column,
            clean.at[index, id_column],
            new_id,
        )
        clean.at[index, id_column] = new_id
    return clean


@dataclass
class CleaningResult:
    """A cleaned table with its rejects, its log and what is known of its source."""

    name: str
    clean: pd.DataFrame
    rejects: pd.DataFrame
    log: pd.DataFrame
    rows_in: int
    merged_rows: int = 0
    metadata: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def note_source(self, raw) -> None:
        """Record the raw file's checksum and sidecar (a sources.RawText), and its
        provenance warning first among the warnings."""
        self.metadata.update(
            raw_file=project_relative(raw.path),  # the same in every clone of the project
            raw_sha256=raw.sha256,
            sidecar=raw.sidecar or {},
            provenance_recorded=raw.sidecar is not None,
        )
        if raw.provenance_warning:
            self.warnings.insert(0, raw.provenance_warning)

    def check_accounting(self) -> None:
        """Rows in = clean rows + rejects (+ cells merged into other rows), or an error."""
        rows_out = len(self.clean) + len(self.rejects) + self.merged_rows
        if rows_out != self.rows_in:  # raised, not asserted: python -O keeps this check
            raise RowsLostError(
                f"{self.name}: {self.rows_in} raw rows in, but {len(self.clean)} clean + "
                f"{len(self.rejects)} rejected + {self.merged_rows} merged = {rows_out} out"
            )

    def raise_if_rejects(self, source: Path | str) -> None:
        """Strict mode: any reject is an error that names each row and its reason."""
        if len(self.rejects):
            lines = [
                f"  row {row.source_row if pd.notna(row.source_row) else '-'} "
                f"(line {row.raw_line}): {row.reason}"
                for row in self.rejects.itertuples()
            ]
            raise RejectedRowsError(
                f"{source}: {len(self.rejects)} row(s) rejected in strict "
                "mode:\n" + "\n".join(lines)
            )

    def write(self, output_dir: Path | str) -> dict[str, Path]:
        """Write <name>.csv, <name>_rejects.csv, <name>_cleaning_log.csv and provenance."""
        output_dir = Path(output_dir)
        log, rejects = validate_cleaning_outputs(self.log, self.rejects)
        paths = {
            "clean": write_csv(self.clean, output_dir / f"{self.name}.csv"),
            "rejects": write_csv(rejects, output_dir / f"{self.name}_rejects.csv"),
            "log": write_csv(log, output_dir / f"{self.name}_cleaning_log.csv"),
        }
        summary = {
            **self.metadata,
            "rows_in": self.rows_in,
            "rows_clean": len(self.clean),
            "rows_rejected": len(self.rejects),
            "rows_merged": self.merged_rows,
            "warnings": self.warnings,
        }
        paths["provenance"] = write_json(summary, output_dir / f"{self.name}_provenance.json")
        return paths
