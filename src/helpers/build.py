"""Running the report jobs: papermill executes each notebook, nbconvert makes its HTML.

``notebooks/reports.yml`` lists the jobs in the order the data require. Each job's
parameters are checked against the notebook's ``parameters`` cell before any cell runs.
Outputs are written under ``reports/`` through temporary files, so a failed job never
leaves a half-written report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import papermill
import yaml
from nbconvert import HTMLExporter

from helpers.outputs import write_atomic
from helpers.parameters import check_notebook_parameters
from helpers.paths import NOTEBOOKS_DIR, PROJECT_ROOT, REPORTS_DIR

JOBS_FILE = NOTEBOOKS_DIR / "reports.yml"
KERNEL_NAME = "python3"


@dataclass(frozen=True)
class Job:
    """One report: a notebook run with parameters."""

    id: str
    notebook: Path
    title: str = ""
    parameters: dict = field(default_factory=dict)


def load_jobs(path: Path = JOBS_FILE) -> list[Job]:
    """The jobs of a reports.yml file, notebooks resolved beside it."""
    spec = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    jobs = [
        Job(
            id=str(item["id"]),
            notebook=Path(path).parent / item["notebook"],
            title=item.get("title", ""),
            parameters=dict(item.get("parameters") or {}),
        )
        for item in spec.get("jobs", [])
    ]
    ids = [job.id for job in jobs]
    assert len(ids) == len(set(ids)), f"{path}: job ids repeat: {ids}"
    return jobs


def run_job(job: Job, reports_dir: Path = REPORTS_DIR) -> dict[str, Path]:
    """Execute one job and convert it; returns the files written."""
    check_notebook_parameters(job.notebook, job.parameters)
    executed_path = reports_dir / "executed" / f"{job.id}.ipynb"
    executed_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = executed_path.with_name(f".{job.id}.running.ipynb")
    papermill.execute_notebook(
        str(job.notebook),
        str(temporary),
        parameters=job.parameters,
        cwd=str(PROJECT_ROOT),
        kernel_name=KERNEL_NAME,
        progress_bar=False,
    )
    temporary.replace(executed_path)
    html_path = reports_dir / "html" / f"{job.id}.html"
    body, _ = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    ).from_notebook_node(nbformat.read(str(executed_path), as_version=4))
    write_atomic(html_path, body)
    return {"executed": executed_path, "html": html_path}


def build_all(jobs: list[Job] | None = None, reports_dir: Path = REPORTS_DIR) -> list[dict]:
    """Run every job in order."""
    return [run_job(job, reports_dir) for job in (jobs if jobs is not None else load_jobs())]
