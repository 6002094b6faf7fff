"""What the cleaning steps share: the collector pause, chunked work, duplicate flags."""

import gc
import multiprocessing
from itertools import pairwise

import pandas as pd
import pytest

from helpers.clean import log as cleaning
from helpers.clean.log import (
    WORKER_SHARE,
    CleaningLog,
    _chunk_bounds,
    collector_paused,
    flag_duplicates,
    map_in_chunks,
)


def test_the_collector_is_paused_inside_and_restored_after_even_on_error():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a step failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a caller that had paused it keeps it paused
    finally:
        gc.enable()


def _numbered(items: list[str], first: int, suffix: str) -> list[str]:
    return [f"{number}:{item}{suffix}" for number, item in enumerate(items, start=first)]


@pytest.mark.slow
@pytest.mark.parametrize(
    "rows, workers, min_items, chunks_expected",
    [(7, 1, 1, 1), (7, 2, 100, 1), (7, 2, 1, 2), (7, 3, 1, 3), (1, 2, 1, 1), (0, 2, 0, 1)],
)
@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_chunks_come_back_in_order_numbered_as_one_run(
    rows, workers, min_items, chunks_expected, start_method, monkeypatch
):
    # Under "spawn" (macOS, Windows) the chunks are sent to fresh workers, not inherited.
    context = multiprocessing.get_context(start_method)
    monkeypatch.setattr(cleaning.multiprocessing, "get_context", lambda: context)
    items = [f"row{n}" for n in range(rows)]
    chunks = map_in_chunks(_numbered, items, workers, min_items, suffix="!")
    flat = [value for chunk in chunks for value in chunk]
    assert flat == [f"{n + 1}:row{n}!" for n in range(rows)]
    assert len(chunks) == chunks_expected
    assert not cleaning._FORK_INPUTS  # the inherited input is not kept alive


@pytest.mark.parametrize("items", [2, 3, 10, 1_001, 100_000])
@pytest.mark.parametrize("workers", [2, 3, 8])
def test_chunks_cover_the_items_once_this_process_taking_the_largest(items, workers):
    bounds = _chunk_bounds(items, workers)
    assert bounds[0][0] == 0 and bounds[-1][1] == items
    assert all(stop == start for (_, stop), (start, _) in pairwise(bounds))
    sizes = [stop - start for start, stop in bounds]
    assert min(sizes) >= 1 and len(bounds) <= workers
    assert sizes[0] == max(sizes)
    if items >= 10_000:  # the workers' share, as declared (small inputs round it)
        assert max(sizes[1:]) / sizes[0] == pytest.approx(WORKER_SHARE, abs=0.01)


def test_duplicates_are_kept_flagged_renamed_and_logged():
    clean = pd.DataFrame(
        {
            "id": ["a", "b", "a", "c", "a", "b"],
            "source_row": [1, 2, 3, 4, 5, 6],
            "raw_line": [2, 3, 4, 5, 6, 7],
        }
    )
    log = CleaningLog()
    flagged = flag_duplicates(clean, "id", log)
    assert list(flagged["id"]) == ["a", "b", "a-dup2", "c", "a-dup3", "b-dup2"]
    assert list(flagged["is_duplicate"]) == [False, False, True, False, True, True]
    frame = log.log_frame()[["source_row", "before", "after"]]
    assert list(frame.itertuples(index=False, name=None)) == [
        (3, "a", "a-dup2"),
        (5, "a", "a-dup3"),
        (6, "b", "b-dup2"),
    ]
    assert list(clean["id"]) == ["a", "b", "a", "c", "a", "b"]  # the input is left as it was


def test_no_duplicates_no_log():
    log = CleaningLog()
    flagged = flag_duplicates(
        pd.DataFrame({"id": ["x", "y"], "source_row": [1, 2], "raw_line": [2, 3]}), "id", log
    )
    assert not flagged["is_duplicate"].any() and log.repairs == []


def test_log_and_rejects_come_out_in_file_order():
    log = CleaningLog()
    log.repair(5, 7, "rule_b", "f", "x", "y")
    log.reject(None, 1, "orphan", "cell outside any row")
    log.repair(2, 4, "rule_a", "f", "x", "y")
    log.repair(None, 1, "rule_orphan", "f", "x", "y")
    log.repair(2, 4, "rule_c", "f", "x", "y")
    log.reject(3, 5, "bad row", "no date")
    assert list(log.log_frame()["rule"]) == ["rule_a", "rule_c", "rule_b", "rule_orphan"]
    assert list(log.rejects_frame()["raw_line"]) == [1, 5]


def _log_of(entries: list[tuple]) -> CleaningLog:
    log = CleaningLog()
    for row, rule in entries:
        log.repair(row, None if row is None else row + 1, rule, "field", "b", f"after {rule}")
    return log


def test_framed_repairs_read_as_if_logged_as_tuples():
    # A chunk cleaned in a worker frames its log there (frame_repairs); extending a log
    # with it, before and after plain entries, reads the same as one plain log, rows
    # logged out of order (an orphan reattached at the end) sorted to their place.
    first = [(1, "a"), (2, "b"), (2, "c")]
    chunk = [(3, "d"), (4, "e")]
    later = [(2, "orphan"), (5, "f"), (None, "no row")]
    plain = _log_of(first + chunk + later)
    pieced = _log_of(first)
    pieced.frame_repairs()
    framed_chunk = _log_of(chunk)
    framed_chunk.frame_repairs()
    assert framed_chunk.repairs == []
    pieced.extend(framed_chunk)
    pieced.extend(_log_of(later))
    pd.testing.assert_frame_equal(pieced.log_frame(), plain.log_frame())
    assert list(plain.log_frame()["rule"]) == ["a", "b", "c", "orphan", "d", "e", "f", "no row"]
    in_order = _log_of(first + chunk)
    in_order.frame_repairs()
    pd.testing.assert_frame_equal(in_order.log_frame(), _log_of(first + chunk).log_frame())
    pd.testing.assert_frame_equal(CleaningLog().log_frame(), _log_of([]).log_frame())


def _result(rows_in: int) -> cleaning.CleaningResult:
    clean = pd.DataFrame({"x": ["a", "b"]})
    rejects = pd.DataFrame({"reason": ["unreadable"]})
    return cleaning.CleaningResult("t", clean, rejects, pd.DataFrame(), rows_in=rows_in)


def test_rows_that_do_not_add_up_stop_the_cleaning_with_the_counts():
    _result(3).check_accounting()  # 2 clean + 1 rejected = 3 in
    with pytest.raises(cleaning.RowsLostError, match=r"4 raw rows in, but 2 clean \+ 1 rejected"):
        _result(4).check_accounting()


def test_the_accounting_check_holds_under_python_dash_o():
    """Asserts vanish under python -O: the checks that guard the data are raised instead."""
    import subprocess
    import sys

    code = (
        "import pandas as pd\n"
        "from helpers.clean.log import CleaningResult, RowsLostError\n"
        "r = CleaningResult('t', pd.DataFrame({'x': [1]}), pd.DataFrame(), pd.DataFrame(), 2)\n"
        "try:\n"
        "    r.check_accounting()\n"
        "except RowsLostError as error:\n"
        "    print('stopped:', error)\n"
    )
    out = subprocess.run([sys.executable, "-O", "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "stopped: t: 2 raw rows in, but 1 clean" in out.stdout


def test_a_review_flag_without_its_reason_is_refused():
    log = CleaningLog()
    with pytest.raises(ValueError, match="ambiguous_party_split"):
        log.flag(1, 3, "ambiguous_party_split", "mexican_party", "a y b", "a | b", "")
    assert log.repairs == []
