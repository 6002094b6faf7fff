"""Cleaning at scale: synthetic raw tables of 1,000, 10,000 and 100,000 rows.

Each size runs in a fresh process (so caches and memory start empty) that generates the
table as raw text (the page text of the agreements, the CSV of the bulletins), then times
the cleaning from that text and the schema validation, and reports its peak memory.
What a process pays once, whatever the table's size (reference tables loaded on first
use, the schema library's checks registered on first validation), is timed apart, on a
20-row table cleaned and validated first, and reported beside the cleaning time.
Each size is measured REPEATS times and the median reported, with the range: a shared
machine's speed varies by a fifth from one minute to the next.
Targets on a 2-core machine: 100,000 rows in under 5 s and 1 GB, and time growing no
faster than the rows (100,000 rows within 12 times the 10,000-row time).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SIZES = (1_000, 10_000, 100_000)
REPEATS = 3
TARGET_SECONDS, TARGET_MB, TARGET_GROWTH = 5.0, 1024, 12.0
HERE = Path(__file__).resolve().parent

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {here!r})
import bench_cleaning
kind, n = sys.argv[1], int(sys.argv[2])
table, clean, validate = bench_cleaning.steps(kind)
start = time.perf_counter()
validate(clean(table(20, seed=1)).clean)  # the process's one-time start-up
startup = time.perf_counter() - start
text = table(n)
start = time.perf_counter()
result = clean(text)
validate(result.clean)
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"kind": kind, "rows": n, "seconds": seconds, "startup": startup,
                  "peak_mb": peak_mb, "clean": len(result.clean),
                  "rejects": len(result.rejects)}}))
"""


def steps(kind: str):
    """(table generator, cleaning, validation) for a kind of raw table: what every
    measurement of the cleaning runs (here and in benchmarks/instructions.py)."""
    import synthetic

    from helpers.clean.agreements import clean_agreements_text
    from helpers.clean.bulletins import clean_bulletins_text
    from helpers.tables.schemas import validate_agreements, validate_interactions

    return {
        "agreements": (synthetic.agreements_table, clean_agreements_text, validate_agreements),
        "bulletins": (synthetic.bulletins_table, clean_bulletins_text, validate_interactions),
    }[kind]


def measure(kind: str, rows: int) -> dict:
    """Clean ``rows`` synthetic rows of ``kind`` in a fresh process."""
    output = subprocess.run(
        [sys.executable, "-c", _CHILD.format(here=str(HERE)), kind, str(rows)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure_repeated(kind: str, rows: int, repeats: int = REPEATS) -> dict:
    """The median run of ``repeats`` (by time), with the range of the times."""
    runs = sorted((measure(kind, rows) for _ in range(repeats)), key=lambda r: r["seconds"])
    return {
        **runs[len(runs) // 2],
        "fastest": runs[0]["seconds"],
        "slowest": runs[-1]["seconds"],
        "peak_mb": max(r["peak_mb"] for r in runs),
    }


def main(kinds=("agreements", "bulletins")) -> list[dict]:
    results = []
    for kind in kinds:
        for rows in SIZES:
            try:
                result = measure_repeated(kind, rows)
            except subprocess.CalledProcessError as error:
                print(f"{kind:<11} {rows:>7} rows: failed\n{error.stderr[-2000:]}")
                continue
            results.append(result)
            print(
                f"{kind:<11} {rows:>7} rows: {result['seconds']:6.2f} s median of {REPEATS} "
                f"({result['fastest']:.2f}–{result['slowest']:.2f}), peak {result['peak_mb']:5.0f} MB, "
                f"start-up {result['startup']:.2f} s, "
                f"{result['clean']} clean, {result['rejects']} rejected"
            )
        by_rows = {r["rows"]: r for r in results if r["kind"] == kind}
        if 10_000 in by_rows and 100_000 in by_rows:
            large = by_rows[100_000]
            growth = large["seconds"] / by_rows[10_000]["seconds"]
            verdicts = [
                (
                    "100,000 rows",
                    f"{large['seconds']:.2f} s",
                    large["seconds"] < TARGET_SECONDS,
                    f"< {TARGET_SECONDS:.0f} s",
                ),
                (
                    "peak memory",
                    f"{large['peak_mb']:.0f} MB",
                    large["peak_mb"] < TARGET_MB,
                    f"< {TARGET_MB} MB",
                ),
                (
                    "growth 10k -> 100k",
                    f"{growth:.1f}x",
                    growth <= TARGET_GROWTH,
                    f"<= {TARGET_GROWTH:.0f}x",
                ),
            ]
            for label, value, met, target in verdicts:
                print(
                    f"{kind:<11} {label}: {value} (target {target}: {'met' if met else 'NOT met'})"
                )
    return results


if __name__ == "__main__":
    main(tuple(sys.argv[1:]) or ("agreements", "bulletins"))
