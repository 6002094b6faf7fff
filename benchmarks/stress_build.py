"""The build on a loaded machine: `make report --force --jobs 4`, five times, cores kept busy.

Why: CI runs on a busy two-core machine, and kernels started at the same moment used to
race for TCP ports (a kernel that loses dies before it replies, and its notebook fails).
Kernels now talk over IPC sockets in folders of their own (helpers.build.execute), so this run
must succeed every time. It is a stress run, not a test: it takes minutes, so it lives
here, not in the timed test suite.

    .venv/bin/python benchmarks/stress_build.py            # five runs, both cores loaded
    .venv/bin/python benchmarks/stress_build.py --kernels  # also: kernels alone, TCP vs IPC

``--kernels`` measures the cause itself: many notebooks started at once from separate
processes, with TCP and with IPC transport, counting failed runs and kernels that
reported a port already in use.
"""

from __future__ import annotations

import argparse
import multiprocessing
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from helpers.core.paths import PROJECT_ROOT


def _burn() -> None:  # pragma: no cover - runs until terminated
    while True:
        pass


class Load:
    """One busy process per core, for as long as the block runs."""

    def __enter__(self):
        count = multiprocessing.cpu_count()
        self.burners = [multiprocessing.Process(target=_burn, daemon=True) for _ in range(count)]
        for burner in self.burners:
            burner.start()
        return self

    def __exit__(self, *exc):
        for burner in self.burners:
            burner.terminate()
        for burner in self.burners:
            burner.join()


def build_runs(runs: int, jobs: int) -> int:
    failures = 0
    with Load():
        for number in range(1, runs + 1):
            start = time.perf_counter()
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "helpers.build.cli",
                    "report",
                    "--force",
                    "--quiet",
                    "--jobs",
                    str(jobs),
                ],
                cwd=PROJECT_ROOT,
                capture_output=True,
                text=True,
            )
            seconds = time.perf_counter() - start
            last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
            ok = result.returncode == 0
            failures += not ok
            print(f"run {number}/{runs}: {'ok' if ok else 'FAILED'} in {seconds:.0f} s  {last}")
            if not ok:
                print(result.stdout[-3000:], result.stderr[-3000:], sep="\n")
    print(f"{runs - failures} of {runs} builds succeeded with both cores busy (--jobs {jobs})")
    return failures


def _one_kernel(arguments) -> tuple[bool, str]:
    transport, notebook, output, log = arguments
    from helpers.build.execute import NotebookRunError, run_notebook

    if transport == "ipc":
        try:
            run_notebook(notebook, output, cwd=PROJECT_ROOT, log_path=Path(log), start_attempts=1)
            return True, Path(log).read_text() if Path(log).exists() else ""
        except NotebookRunError as error:
            return False, str(error)
    command = [
        sys.executable,
        "-m",
        "papermill",
        str(notebook),
        str(output),
        "-k",
        "python3",
        "--no-progress-bar",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    return result.returncode == 0, result.stderr


def kernel_race(transport: str, at_once: int, rounds: int) -> None:
    """Start ``at_once`` notebooks together, ``rounds`` times, under load; count the damage."""
    import nbformat

    folder = Path(tempfile.mkdtemp(prefix="kernel-race-"))
    notebook = folder / "tiny.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell("import pandas\nvalue = 1")]
    nbformat.write(nb, str(notebook))
    failed = in_use = total = 0
    start = time.perf_counter()
    with Load(), multiprocessing.get_context("spawn").Pool(at_once) as pool:
        for round_number in range(rounds):
            arguments = [
                (
                    transport,
                    notebook,
                    folder / f"{round_number}-{n}.ipynb",
                    folder / f"{round_number}-{n}.log",
                )
                for n in range(at_once)
            ]
            for ok, text in pool.map(_one_kernel, arguments):
                total += 1
                failed += not ok
                in_use += "Address already in use" in text
    print(
        f"{transport}: {failed} of {total} runs failed, {in_use} kernels reported a port "
        f"already in use ({at_once} at once, {rounds} rounds, "
        f"{time.perf_counter() - start:.0f} s)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=4)
    parser.add_argument("--kernels", action="store_true", help="also race kernels, TCP vs IPC")
    parser.add_argument("--kernels-only", action="store_true", help="only race kernels")
    parser.add_argument("--at-once", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=6)
    arguments = parser.parse_args()
    if arguments.kernels or arguments.kernels_only:
        for transport in ("tcp", "ipc"):
            kernel_race(transport, arguments.at_once, arguments.rounds)
    if arguments.kernels_only:
        return 0
    return 1 if build_runs(arguments.runs, arguments.jobs) else 0


if __name__ == "__main__":
    sys.exit(main())
