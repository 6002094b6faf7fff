"""What the cleaning steps share: the collector pause, chunked work, duplicate flags."""

import gc

import pandas as pd
import pytest

from helpers.cleaning import CleaningLog, collector_paused, flag_duplicates, map_in_chunks


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


@pytest.mark.parametrize(
    "rows, workers, min_items, chunks_expected",
    [(7, 1, 1, 1), (7, 2, 100, 1), (7, 2, 1, 2), (7, 3, 1, 3), (1, 2, 1, 1), (0, 2, 0, 1)],
)
def test_chunks_come_back_in_order_numbered_as_one_run(rows, workers, min_items, chunks_expected):
    items = [f"row{n}" for n in range(rows)]
    chunks = map_in_chunks(_numbered, items, workers, min_items, suffix="!")
    flat = [value for chunk in chunks for value in chunk]
    assert flat == [f"{n + 1}:row{n}!" for n in range(rows)]
    assert len(chunks) == chunks_expected


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
    assert [(r["source_row"], r["before"], r["after"]) for r in log.repairs] == [
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
