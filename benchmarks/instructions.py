"""Instructions per cleaned row: a measure of the cleaning's cost that does not drift.

On a shared machine the wall-clock time of one chunk of rows varies by a quarter from one
run to the next, more than most changes to the cleaning gain or lose, so timings cannot
tell whether a change helped. Instructions executed repeat to within half a percent for
the same code and input (valgrind's callgrind counts them; the CPU's own counters are not
available on every virtual machine). Each kind of table is cleaned and validated, as
benchmarks/bench_cleaning.py does, in three processes under callgrind: one that only
starts (imports, the 20-row start-up, generating the table), one that cleans the table
once, and one that cleans it twice. Their differences, per row, are the instructions of a
first cleaning (cold: every reference lookup computed) and of a second one (warm: every
distinct name, place and date already looked up). The three run two at a time.

Not part of ``make bench`` (callgrind runs Python fifty times slower: about six minutes a
kind of table at 5,000 rows); run it with ``make bench-instructions``, or
``benchmarks/instructions.py agreements`` for one kind (needs valgrind: ``apt-get install
valgrind``), before and after a change to the cleaning, and compare.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROWS = 5_000
HERE = Path(__file__).resolve().parent

_CHILD = """
import sys
sys.path.insert(0, {here!r})
import bench_cleaning
kind, n, times = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
table, clean, validate = bench_cleaning.steps(kind)
validate(clean(table(20, seed=1)).clean)  # the process's one-time start-up
text = table(n)
for _ in range(times):
    validate(clean(text).clean)
"""
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def instructions(kind: str, rows: int, times: int) -> int:
    """Instructions callgrind counts in a process that cleans ``rows`` rows ``times`` times."""
    completed = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            _CHILD.format(here=str(HERE)),
            kind,
            str(rows),
            str(times),
        ],
        capture_output=True,
        text=True,
        check=True,
        # One string hash for every run: set and dict orders, and so the work, repeat.
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    found = _COLLECTED.search(completed.stderr)
    if found is None:
        raise RuntimeError(f"callgrind printed no instruction count:\n{completed.stderr[-2000:]}")
    return int(found.group(1))


def per_row(kind: str, rows: int = ROWS) -> dict:
    """Instructions per row of a first (cold) and a second (warm) cleaning of ``rows`` rows."""
    with ThreadPoolExecutor(max_workers=2) as pool:  # each thread waits on one valgrind
        none, once, twice = pool.map(lambda times: instructions(kind, rows, times), (0, 1, 2))
    return {"kind": kind, "rows": rows, "cold": (once - none) / rows, "warm": (twice - once) / rows}


def main(kinds=("agreements", "bulletins")) -> list[dict]:
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    results = []
    for kind in kinds:
        result = per_row(kind)
        results.append(result)
        print(
            f"{kind:<11} {result['rows']} rows: {result['cold']:,.0f} instructions per row "
            f"cold, {result['warm']:,.0f} warm (callgrind)"
        )
    return results


if __name__ == "__main__":
    main(tuple(sys.argv[1:]) or ("agreements", "bulletins"))
