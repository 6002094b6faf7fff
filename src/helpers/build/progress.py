"""What the terminal shows: the progress line while a build runs, and the shortened
failure details of the closing summary.

Kept apart from the build (helpers.build.runner): it only displays, on a terminal or in a
log, the outcomes the build hands it, and decides nothing.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from helpers.build.job_run import JobOutcome
from helpers.core.paths import project_relative


class Progress:
    """What the terminal shows while building: one line naming the running jobs.

    On a terminal the line is rewritten in place; elsewhere (CI, a log) one line is
    printed per finished job. ``quiet`` shows nothing; the summary table comes after.
    """

    def __init__(self, quiet: bool = False, stream=None):
        self.stream = stream or sys.stdout
        self.quiet = quiet
        self.live = not quiet and self.stream.isatty()
        self.running: list[str] = []
        self.done = 0
        self.known = 0

    def _show(self) -> None:
        if self.live:
            names = ", ".join(self.running) or "…"
            line = f"[{self.done}/{self.known}] running {names}"
            width = shutil.get_terminal_size((100, 20)).columns - 1
            self.stream.write("\r\x1b[K" + line[:width])
            self.stream.flush()

    def add(self, count: int) -> None:
        self.known += count
        self._show()

    def start(self, job_id: str) -> None:
        self.running.append(job_id)
        self._show()

    def finish(self, outcome: JobOutcome) -> None:
        if outcome.job_id in self.running:
            self.running.remove(outcome.job_id)
        self.done += 1
        if not self.quiet and not self.live and outcome.status != "cached":
            print(
                f"[{self.done}/{self.known}] {outcome.status:7} {outcome.job_id}"
                + (f" ({outcome.seconds:.1f} s)" if outcome.seconds else ""),
                file=self.stream,
                flush=True,
            )
        self._show()

    def close(self) -> None:
        if self.live:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def summary(outcomes, seconds: float, verbose: bool = False) -> int:
    """The closing table: jobs, seconds, outcome; for a failure its log and cell. Returns 1
    when a job failed or was skipped, else 0."""
    shown = [o for o in outcomes if o.status != "unselected"]
    counts = {
        status: sum(o.status == status for o in shown)
        for status in ("built", "cached", "failed", "skipped")
    }
    rows = [o for o in shown if verbose or o.status != "cached"]
    if rows:
        width = max(len("job"), *(len(o.job_id) for o in rows))
        print(f"{'job':<{width}}  {'seconds':>7}  outcome")
        for o in rows:
            took = f"{o.seconds:7.1f}" if o.seconds else f"{'':7}"
            stages = ""
            if verbose and o.stages:
                stages = "  (" + ", ".join(f"{k} {v:.1f}" for k, v in o.stages.items()) + ")"
            print(f"{o.job_id:<{width}}  {took}  {o.status}{stages}")
    listed = ", ".join(f"{n} {status}" for status, n in counts.items())
    print(f"reports: {listed} ({sum(counts.values())} jobs) in {seconds:.1f} s")
    for o in shown:
        if o.status in ("failed", "skipped"):
            print(f"{o.status.upper()} {o.job_id}: {o.error}")
            if o.log:
                print(f"  log: {project_relative(Path(o.log))}")
            if o.outputs.get("failed"):
                print(f"  partial notebook: {project_relative(Path(o.outputs['failed']))}")
            if o.detail:
                print(_indented(o.detail if verbose else _first_lines(o.detail)))
        if verbose and o.status == "built" and o.log and Path(o.log).exists():
            print(f"--- {project_relative(Path(o.log))}")
            print(Path(o.log).read_text(encoding="utf-8", errors="replace").rstrip())
    return 1 if counts["failed"] or counts["skipped"] else 0


def _first_lines(text: str, count: int = 14) -> str:
    lines = text.rstrip().splitlines()
    return "\n".join(
        lines[:count] + (["… (the whole traceback is in the log)"] if len(lines) > count else [])
    )


def _indented(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())
