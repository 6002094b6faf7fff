"""The report jobs: the entries of ``notebooks/reports.yml`` and the jobs they expand into.

Kept apart from running them: which jobs there are depends only on the jobs file and the
processed tables, and the cache keys (helpers.build.cache), one job's run
(helpers.build.job_run) and the build (helpers.build.runner) all start from the ``Job``
defined here. ``BuildError`` is here because a bad jobs file is the first thing that stops
a build; ``with_strict`` gives the job that ``--strict`` runs instead.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

from helpers.core.paths import NOTEBOOKS_DIR
from helpers.core.sources import load_yaml

JOBS_FILE = NOTEBOOKS_DIR / "reports.yml"


class BuildError(RuntimeError):
    """A build that cannot start (bad jobs file, another build running)."""


@dataclass(frozen=True)
class Job:
    """One report: a notebook run with parameters, after the jobs it depends on."""

    id: str
    notebook: Path
    title: str = ""
    parameters: dict = field(default_factory=dict)
    title_message: str = ""  # a message of helpers.words: the title in the report's language
    depends_on: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()
    template: str = ""  # the id pattern of the reports.yml entry it was expanded from


@dataclass
class JobSpec:
    """A reports.yml entry before expansion over its matrix and data-driven list."""

    id: str
    notebook: str
    title: str = ""
    title_message: str = ""
    parameters: dict = field(default_factory=dict)
    matrix: dict = field(default_factory=dict)
    for_each: str = ""
    depends_on: list = field(default_factory=list)
    reads: list = field(default_factory=list)


# --- the jobs file ---------------------------------------------------------------------------


def load_specs(path: Path = JOBS_FILE) -> list[JobSpec]:
    """The entries of reports.yml, checked for the keys a job may have."""
    spec = load_yaml(Path(path).read_text(encoding="utf-8")) or {}
    allowed = set(JobSpec.__dataclass_fields__)
    specs = []
    for number, item in enumerate(spec.get("jobs", []), start=1):
        unknown = set(item) - allowed
        if unknown or "id" not in item or "notebook" not in item:
            raise BuildError(
                f"{path}: job {number} has unknown keys {sorted(unknown)} or lacks "
                f"id/notebook; allowed keys: {', '.join(sorted(allowed))}"
            )
        specs.append(JobSpec(**item))
    return specs


def entities_with_activity(processed_dir: Path) -> list[dict]:
    """Entity codes with any agreement or interaction in the processed tables.

    Read with the csv module: this runs on every build, also when nothing changed.
    """
    import csv

    codes: set[str] = set()
    for name in ("agreements.csv", "interactions.csv"):
        path = processed_dir / name
        if path.exists():
            with path.open(encoding="utf-8", newline="") as stream:
                codes |= {
                    row["entity_code"] for row in csv.DictReader(stream) if row["entity_code"]
                }
    return [{"entity_code": code} for code in sorted(codes)]


DATA_LISTS = {"entities_with_activity": entities_with_activity}


def expand(spec: JobSpec, processed_dir: Path, notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Job]:
    """The jobs of one entry: its matrix times its data-driven list, ids filled in."""
    if spec.for_each and spec.for_each not in DATA_LISTS:
        raise BuildError(
            f"job {spec.id}: unknown for_each {spec.for_each!r}; allowed: {', '.join(DATA_LISTS)}"
        )
    rows = DATA_LISTS[spec.for_each](processed_dir) if spec.for_each else [{}]
    names = list(spec.matrix)
    combos = [
        dict(zip(names, values, strict=True))
        for values in itertools.product(*(spec.matrix[n] for n in names))
    ]
    jobs = []
    for row in rows:
        for combo in combos:
            values = {**row, **combo}
            parameters = {**spec.parameters, **values}
            jobs.append(
                Job(
                    id=spec.id.format(**values),
                    notebook=notebooks_dir / spec.notebook,
                    title=spec.title.format(**values),
                    title_message=spec.title_message,
                    parameters=parameters,
                    depends_on=tuple(spec.depends_on),
                    reads=tuple(spec.reads),
                    template=spec.id,
                )
            )
    return jobs


def with_strict(job: Job) -> Job:
    """--strict: jobs whose notebook takes a ``strict`` parameter get strict=True."""
    from helpers.build.parameters import declared_parameters

    if "strict" in declared_parameters(job.notebook):
        return Job(**{**job.__dict__, "parameters": {**job.parameters, "strict": True}})
    return job
