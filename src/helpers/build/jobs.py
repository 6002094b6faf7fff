"""The report jobs: the entries of ``notebooks/reports.yml`` and the jobs they expand into.

Kept apart from running them: which jobs there are depends only on the jobs file and the
processed tables, and the cache keys (helpers.build.cache), one job's run
(helpers.build.job_run) and the build (helpers.build.runner) all start from the ``Job``
defined here. ``BuildError`` is here because a bad jobs file is the first thing that stops
a build; ``with_strict`` gives the job that ``--strict`` runs instead.
"""

from __future__ import annotations

import dataclasses
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
    translations: tuple[tuple[str, str], ...] = ()  # (lang, job id) of the same report


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


OUTPUT_PARAMETERS = frozenset({"output_dir", "figures_dir"})
"""Parameters that say where a report writes its tables and figures, not what it shows."""


def _shown(job: Job) -> dict:
    """What a report shows: its parameters, less its language and where it writes."""
    return {
        name: value
        for name, value in job.parameters.items()
        if name != "lang" and name not in OUTPUT_PARAMETERS
    }


def with_translations(job: Job, jobs: list[Job]) -> Job:
    """The job, knowing the same report in its other languages: the jobs of the same
    notebook that show the same thing (same parameters but ``lang`` and where they write)
    in another language. A job without an explicit ``lang`` has none; a language with two
    candidates gets no link rather than a guess."""
    lang = job.parameters.get("lang")
    if not lang:
        return job
    candidates: dict[str, set[str]] = {}
    for other in jobs:
        other_lang = other.parameters.get("lang")
        if (
            other_lang
            and other_lang != lang
            and other.notebook == job.notebook
            and _shown(other) == _shown(job)
        ):
            candidates.setdefault(other_lang, set()).add(other.id)
    found = tuple(sorted((code, ids.pop()) for code, ids in candidates.items() if len(ids) == 1))
    return dataclasses.replace(job, translations=found)


def with_strict(job: Job) -> Job:
    """--strict: jobs whose notebook takes a ``strict`` parameter get strict=True."""
    from helpers.build.parameters import declared_parameters

    if "strict" in declared_parameters(job.notebook):
        return Job(**{**job.__dict__, "parameters": {**job.parameters, "strict": True}})
    return job
