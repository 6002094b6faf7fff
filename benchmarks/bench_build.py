"""The report build measured against the naive way, in one run on this machine.

1. full build from clean (``python -m helpers.build.cli report --force`` after removing outputs);
2. the same jobs the naive way: for each job, the ``papermill`` command, then
   ``jupyter nbconvert --to html``, then the PDF step, one after another;
3. a second build with nothing changed;
4. a build after one raw file changed (its sidecar updated with it), counting the jobs
   rebuilt; the raw file is restored afterwards and the reports rebuilt.

It prints seconds and ratios, and where the full build's time goes: each job's seconds per
stage (kernel start, execution, HTML, PDF) from the manifest, summed over the jobs. Targets on
2 cores: full build at most 0.12 of the naive time; nothing changed under 0.5 s; one raw file
changed rebuilds only the jobs that read it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from helpers.build.jobs import Job
from helpers.core.paths import PROJECT_ROOT, RAW_DIR, REPORTS_DIR
from helpers.core.sources import file_sha256, sidecar_path

PYTHON = sys.executable
BIN = Path(PYTHON).parent
CHANGED_RAW = RAW_DIR / "cedl" / "bulletins_2021_mx_ru.csv"


def _timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    return time.perf_counter() - start, result


def _build(*flags: str) -> tuple[float, str]:
    seconds, result = _timed([PYTHON, "-m", "helpers.build.cli", "report", "--quiet", *flags])
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stdout}\n{result.stderr}")
    return seconds, result.stdout.strip().splitlines()[-1]


def _clean_outputs() -> None:
    for folder in ("executed", "html", "pdf", "figures", "failed", "logs", ".cache"):
        shutil.rmtree(REPORTS_DIR / folder, ignore_errors=True)
    shutil.rmtree(PROJECT_ROOT / "data" / "processed", ignore_errors=True)


def naive(jobs) -> float:
    """Each job as three separate commands, one job after another."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for job in jobs:
            executed = Path(folder) / f"{job.id}.ipynb"
            arguments = [
                item
                for name, value in job.parameters.items()
                for item in ("-y", f"{name}: {json.dumps(value)}")
            ]
            steps = [
                [
                    str(BIN / "papermill"),
                    str(job.notebook),
                    str(executed),
                    "--cwd",
                    str(PROJECT_ROOT),
                    "-k",
                    "python3",
                    "--no-progress-bar",
                    *arguments,
                ],
                [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
                [
                    PYTHON,
                    "-c",
                    "import sys; from helpers.report.render import html_to_pdf; "
                    "open(sys.argv[2], 'wb').write(html_to_pdf(open(sys.argv[1]).read()))",
                    str(executed.with_suffix(".html")),
                    str(executed.with_suffix(".pdf")),
                ],
            ]
            for step in steps:
                _, result = _timed(step)
                if result.returncode != 0:
                    raise SystemExit(f"naive step failed: {step}\n{result.stderr[-2000:]}")
    return time.perf_counter() - start


def change_raw_file(path: Path) -> bytes:
    """Append a blank line to a raw file and update its sidecar; returns the old bytes."""
    original = path.read_bytes()
    path.write_bytes(original + b"\n")
    meta_path = sidecar_path(path)
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    meta["sha256"] = file_sha256(path)
    meta_path.write_text(
        yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return original


STAGES = ("kernel_start", "execution", "html", "pdf")


def stage_breakdown(jobs: dict) -> str:
    """Seconds per stage summed over the jobs, and the slowest jobs, from the manifest."""
    totals = {
        stage: sum(entry.get("stages", {}).get(stage, 0.0) for entry in jobs.values())
        for stage in STAGES
    }
    whole = sum(entry.get("seconds", 0.0) for entry in jobs.values()) or 1.0
    lines = ["  where the time goes (job-seconds, summed over jobs that ran in parallel):"]
    for stage, seconds in totals.items():
        lines.append(f"    {stage:13} {seconds:7.1f} s  ({seconds / whole:4.0%})")
    other = whole - sum(totals.values())
    lines.append(f"    {'other':13} {other:7.1f} s  ({other / whole:4.0%})  (outputs, checksums)")
    by_notebook: dict[str, list[float]] = {}
    for entry in jobs.values():
        by_notebook.setdefault(Path(entry["notebook"]).stem, []).append(entry.get("seconds", 0.0))
    for notebook, seconds in sorted(by_notebook.items()):
        lines.append(
            f"    {notebook:22} {len(seconds):3} jobs, {sum(seconds) / len(seconds):5.1f} s each"
        )
    return "\n".join(lines)


def main() -> None:
    sidecar_backup = sidecar_path(CHANGED_RAW).read_bytes()
    _clean_outputs()
    full, summary = _build("--force")
    print(f"full build from clean:        {full:7.1f} s  ({summary})")
    built = json.loads((REPORTS_DIR / "manifest.json").read_text())["jobs"]
    print(stage_breakdown(built))
    all_jobs = [
        Job(id=job_id, notebook=PROJECT_ROOT / entry["notebook"], parameters=entry["parameters"])
        for job_id, entry in built.items()
    ]
    naive_seconds = naive(all_jobs)
    print(f"naive (3 commands per job):   {naive_seconds:7.1f} s  ({len(all_jobs)} jobs)")
    print(f"  full build / naive:         {full / naive_seconds:7.2f}  (target: at most 0.12)")
    unchanged, summary = _build()
    print(f"second build, nothing changed:{unchanged:7.2f} s  ({summary})  (target: under 0.5 s)")
    original = change_raw_file(CHANGED_RAW)
    try:
        changed, summary = _build()
        print(
            f"after changing {CHANGED_RAW.relative_to(PROJECT_ROOT)}: {changed:6.1f} s  ({summary})"
        )
    finally:
        CHANGED_RAW.write_bytes(original)
        sidecar_path(CHANGED_RAW).write_bytes(sidecar_backup)
    _build()


if __name__ == "__main__":
    main()
