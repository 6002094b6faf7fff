"""Regenerating every report: papermill jobs, HTML and PDF, cached, parallel and safe.

``notebooks/reports.yml`` lists the jobs. Each job is a notebook with parameters; a job
may be expanded over a matrix of values (``matrix: {lang: [en, es]}``) and over a list
that comes from the data (``for_each: entities_with_activity``), and it names the jobs
it depends on and the raw files it reads. The build:

* checks every job's parameters against its notebook's ``parameters`` cell before any
  cell runs;
* skips a job whose inputs did not change (notebook, parameters, raw files and
  sidecars, reference data, helpers' source, locked versions, and its dependencies);
* runs independent jobs in parallel worker processes;
* writes every output through a temporary file, so a failed or interrupted job never
  leaves a half-written report; a failed job's partial notebook goes to
  ``reports/failed/`` and the jobs that depend on it are skipped;
* converts each executed notebook to a self-contained HTML page (no script, nothing
  loaded from outside the file) and to PDF with WeasyPrint;
* writes ``reports/manifest.json`` (inputs, outputs with sha256, versions, commit).
"""

from __future__ import annotations

import fnmatch
import hashlib
import importlib.metadata
import itertools
import json
import os
import platform
import subprocess
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpers.outputs import write_atomic, write_json
from helpers.parameters import ParameterError, check_notebook_call
from helpers.paths import NOTEBOOKS_DIR, PROJECT_ROOT, RAW_DIR, REFERENCE_DIR, REPORTS_DIR

JOBS_FILE = NOTEBOOKS_DIR / "reports.yml"
KERNEL_NAME = "python3"
HELPERS_DIR = Path(__file__).resolve().parent
VERSIONED_PACKAGES = ("pandas", "matplotlib", "papermill", "nbconvert", "weasyprint")


class BuildError(RuntimeError):
    """A build that cannot start (bad jobs file, another build running)."""


@dataclass(frozen=True)
class Job:
    """One report: a notebook run with parameters, after the jobs it depends on."""

    id: str
    notebook: Path
    title: str = ""
    parameters: dict = field(default_factory=dict)
    depends_on: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()
    produces: tuple[str, ...] = ()
    template: str = ""  # the id pattern of the reports.yml entry it was expanded from


@dataclass
class JobSpec:
    """A reports.yml entry before expansion over its matrix and data-driven list."""

    id: str
    notebook: str
    title: str = ""
    parameters: dict = field(default_factory=dict)
    matrix: dict = field(default_factory=dict)
    for_each: str = ""
    depends_on: list = field(default_factory=list)
    reads: list = field(default_factory=list)
    produces: list = field(default_factory=list)


# --- the jobs file ---------------------------------------------------------------------------


def load_specs(path: Path = JOBS_FILE) -> list[JobSpec]:
    """The entries of reports.yml, checked for the keys a job may have."""
    spec = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
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
                    parameters=parameters,
                    depends_on=tuple(spec.depends_on),
                    reads=tuple(spec.reads),
                    produces=tuple(p.format(**values) for p in spec.produces),
                    template=spec.id,
                )
            )
    return jobs


# --- what a job depends on -------------------------------------------------------------------


def _relative(path: Path, root: Path = PROJECT_ROOT) -> str:
    """A path as recorded in caches and manifests: relative to the root when inside it."""
    path = Path(path).resolve()
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _hash_files(paths: list[Path], root: Path) -> dict[str, str]:
    return {
        _relative(p, root): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(paths)
        if p.is_file()
    }


def _glob(patterns, root: Path) -> list[Path]:
    """Files matching globs relative to the root (absolute globs are taken as they are)."""
    import glob

    found = set()
    for pattern in patterns:
        full = pattern if Path(pattern).is_absolute() else str(root / pattern)
        found |= {Path(p) for p in glob.glob(full, recursive=True) if Path(p).is_file()}
    return sorted(found)


def code_inputs(root: Path = PROJECT_ROOT) -> dict[str, str]:
    """Hashes of what every job runs with: the helpers' source, the lock, reference data."""
    helpers = [p for p in HELPERS_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    lock = [root / "requirements.lock"]
    reference = _glob(["**/*"], root / REFERENCE_DIR.relative_to(PROJECT_ROOT))
    return {**_hash_files(helpers, HELPERS_DIR.parent), **_hash_files(lock + reference, root)}


def job_inputs(job: Job, root: Path = PROJECT_ROOT) -> dict[str, str]:
    """Hashes of the notebook and the raw files (with their sidecars) the job reads."""
    files = [job.notebook] + _glob(job.reads, root)
    return _hash_files(files, root)


def job_key(
    job: Job, inputs: dict[str, str], code: dict[str, str], dependency_keys: dict[str, str]
) -> str:
    """The cache key: changes whenever anything the job's output depends on changes."""
    payload = json.dumps(
        {
            "id": job.id,
            "parameters": job.parameters,
            "inputs": inputs,
            "code": code,
            "dependencies": dependency_keys,
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


# --- running one job (in a worker process) ---------------------------------------------------


@dataclass
class JobOutcome:
    """What happened to one job."""

    job_id: str
    status: str  # built | cached | failed | skipped
    outputs: dict = field(default_factory=dict)
    seconds: float = 0.0
    error: str = ""


def output_paths(job: Job, reports_dir: Path) -> dict[str, Path]:
    """Where a job's executed notebook, HTML and PDF go."""
    return {
        "executed": reports_dir / "executed" / f"{job.id}.ipynb",
        "html": reports_dir / "html" / f"{job.id}.html",
        "pdf": reports_dir / "pdf" / f"{job.id}.pdf",
    }


def run_job(job: Job, reports_dir: Path, context: dict) -> JobOutcome:
    """Execute, convert and render one job; outputs move into place only on success."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from helpers.render import html_to_pdf, notebook_to_html

    started = time.perf_counter()
    paths = output_paths(job, reports_dir)
    for path in paths.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    running = paths["executed"].with_name(f".{job.id}.{os.getpid()}.running.ipynb")
    try:
        papermill.execute_notebook(
            str(job.notebook),
            str(running),
            parameters=job.parameters,
            cwd=str(PROJECT_ROOT),
            kernel_name=KERNEL_NAME,
            progress_bar=False,
            log_output=False,
        )
    except Exception as error:  # a cell that raised, a kernel that died, an unreadable notebook
        failed = reports_dir / "failed" / f"{job.id}.ipynb"
        if running.exists():
            failed.parent.mkdir(parents=True, exist_ok=True)
            running.replace(failed)
        message = (
            f"cell {error.exec_count}: {error.ename}: {error.evalue}"
            if isinstance(error, PapermillExecutionError)
            else f"{type(error).__name__}: {error}"
        )
        return JobOutcome(
            job.id, "failed", {"failed": failed}, time.perf_counter() - started, message
        )
    _fix_injected_cell_id(running)
    try:
        html = notebook_to_html(
            running,
            title=job.title or job.id,
            parameters=job.parameters,
            file_name=f"reports/html/{job.id}.html",
            **context,
        )
        pdf = html_to_pdf(html)
    except Exception as error:
        running.unlink(missing_ok=True)
        return JobOutcome(
            job.id,
            "failed",
            {},
            time.perf_counter() - started,
            f"conversion: {type(error).__name__}: {error}\n{traceback.format_exc()}",
        )
    write_atomic(paths["html"], html)
    write_atomic(paths["pdf"], pdf)
    running.replace(paths["executed"])
    (reports_dir / "failed" / f"{job.id}.ipynb").unlink(missing_ok=True)
    return JobOutcome(
        job.id, "built", {k: str(v) for k, v in paths.items()}, time.perf_counter() - started
    )


def _fix_injected_cell_id(notebook: Path) -> None:
    """papermill gives its injected-parameters cell a random id: give it a fixed one.

    Without this, two builds of the same job differ in the executed notebook and HTML.
    """
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"
    notebook.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# --- the whole build -------------------------------------------------------------------------


@dataclass
class BuildOptions:
    """The command line's choices."""

    only: str = ""
    force: bool = False
    jobs: int = 0
    strict: bool = False
    quiet: bool = False
    list_only: bool = False
    jobs_file: Path = JOBS_FILE
    reports_dir: Path = REPORTS_DIR
    processed_dir: Path = PROJECT_ROOT / "data" / "processed"


def _versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for package in VERSIONED_PACKAGES:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


def git_commit(root: Path = PROJECT_ROOT) -> str:
    """The commit the build ran from (with "+dirty" when files differ), or "unknown"."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=root,
            text=True,
            capture_output=True,
            check=True,
        ).stdout.strip()
        # The nbstripout filter (make setup) would start Python for every notebook git
        # re-checks, seconds per build; committed notebooks are already stripped, so the
        # comparison needs no filter.
        dirty = subprocess.run(
            [
                "git",
                "-c",
                "filter.nbstripout.clean=cat",
                "status",
                "--porcelain",
                "--untracked-files=no",
            ],
            cwd=root,
            text=True,
            capture_output=True,
        ).stdout.strip()
        return commit + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def data_version(raw_dir: Path = RAW_DIR) -> str:
    """A short fingerprint of every raw file, from the checksums in their sidecars."""
    digests = sorted(
        f"{p.relative_to(raw_dir)}:{(yaml.safe_load(p.read_text()) or {}).get('sha256', '')}"
        for p in raw_dir.rglob("*.meta.yaml")
    )
    return hashlib.sha256("\n".join(digests).encode()).hexdigest()[:12]


def remove_stale_temporaries(folders: list[Path]) -> list[Path]:
    """Delete what an interrupted build left half-written (only ever temporary names).

    Called under the build lock, so no other build is writing them.
    """
    removed = []
    for folder in folders:
        if Path(folder).exists():
            for pattern in (".*.tmp", ".*.running.ipynb"):
                for path in Path(folder).rglob(pattern):
                    path.unlink(missing_ok=True)
                    removed.append(path)
    return removed


class Build:
    """One run of the report jobs, with its cache records and manifest."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.reports_dir = options.reports_dir
        self.cache_dir = self.reports_dir / ".cache"
        self.code = code_inputs()
        self.specs = load_specs(options.jobs_file)
        self.keys: dict[str, str] = {}
        self.outcomes: dict[str, JobOutcome] = {}
        self.manifest_entries: dict[str, dict] = {}

    # which jobs, in which order
    def _spec_jobs(self, spec: JobSpec) -> list[Job]:
        jobs = expand(spec, self.options.processed_dir, self.options.jobs_file.parent)
        if self.options.strict:
            jobs = [_with_strict(job) for job in jobs]
        return jobs

    def _dependencies(self, job: Job, known: dict[str, Job]) -> list[str]:
        found = []
        for pattern in job.depends_on:
            matches = [
                job_id
                for job_id, other in known.items()
                if fnmatch.fnmatch(job_id, pattern) or other.template == pattern
            ]
            found += matches
        return found

    def _cached(self, job: Job, key: str) -> bool:
        record_path = self.cache_dir / f"{job.id}.json"
        if self.options.force or not record_path.exists():
            return False
        record = json.loads(record_path.read_text())
        outputs = [Path(p) for p in record.get("outputs", {}).values()]
        produced = [PROJECT_ROOT / p for p in job.produces]
        return record.get("key") == key and all(p.exists() for p in outputs + produced)

    def plan(self) -> list[tuple[Job, str, bool]]:
        """Static jobs with their keys and whether each is up to date (for --list)."""
        rows = []
        known: dict[str, Job] = {}
        for spec in self.specs:
            for job in self._spec_jobs(spec):
                known[job.id] = job
                self.keys[job.id] = self._key(job, known)
                rows.append((job, self.keys[job.id], self._cached(job, self.keys[job.id])))
        return rows

    def run(self) -> int:
        """Run every job, entry by entry in file order, in parallel where dependencies allow.

        An entry is expanded into jobs once all entries above it are expanded and the jobs
        it depends on have ended, so a list that comes from the data (``for_each``) is read
        after the jobs that write those data.
        """
        from tqdm import tqdm

        remove_stale_temporaries([self.reports_dir, self.options.processed_dir])
        context = {"data_version": data_version(), "code_version": git_commit()}
        workers = self.options.jobs or os.cpu_count() or 1
        known: dict[str, Job] = {}
        waiting = list(self.specs)
        queued: list[Job] = []
        pending: dict = {}
        progress = tqdm(total=0, unit="job", disable=self.options.quiet, dynamic_ncols=True)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            while waiting or queued or pending:
                while waiting and self._can_expand(waiting[0], known):
                    for job in self._spec_jobs(waiting.pop(0)):
                        known[job.id] = job
                        if self._selected(job):
                            queued.append(job)
                            progress.total += 1
                        else:  # not asked for: its key still feeds its dependants' keys
                            self.keys[job.id] = self._key(job, known)
                            self.outcomes[job.id] = JobOutcome(job.id, "unselected")
                    progress.refresh()
                for job in list(queued):
                    dependencies = self._dependencies(job, known)
                    broken = [
                        d
                        for d in dependencies
                        if self.outcomes.get(d, JobOutcome(d, "")).status in ("failed", "skipped")
                    ]
                    if broken:
                        queued.remove(job)
                        self._finish(
                            JobOutcome(
                                job.id,
                                "skipped",
                                error=f"depends on {', '.join(broken)}, which did not build",
                            ),
                            progress,
                        )
                    elif all(d in self.outcomes for d in dependencies):
                        queued.remove(job)
                        future = self._start(job, known, pool, context, progress)
                        if future is not None:
                            pending[future] = job
                if pending:
                    done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                    for future in done:
                        job = pending.pop(future)
                        outcome = future.result()
                        if outcome.status == "built":
                            self._record(job, outcome)
                        self._finish(outcome, progress)
                elif waiting and not queued and not self._can_expand(waiting[0], known):
                    raise BuildError(
                        f"job {waiting[0].id} cannot start: it depends on "
                        f"{waiting[0].depends_on}, which name no earlier job"
                    )
        progress.close()
        self._write_manifest(context)
        return self._report()

    def _can_expand(self, spec: JobSpec, known: dict[str, Job]) -> bool:
        for pattern in spec.depends_on:
            matching = [
                j for j in known if fnmatch.fnmatch(j, pattern) or known[j].template == pattern
            ]
            if not matching or any(j not in self.outcomes for j in matching):
                return False
        return True

    def _key(self, job: Job, known: dict[str, Job]) -> str:
        dependency_keys = {d: self.keys.get(d, "") for d in self._dependencies(job, known)}
        return job_key(job, job_inputs(job), self.code, dependency_keys)

    def _start(self, job: Job, known, pool, context, progress):
        """Check, then skip (cached) or submit one job; returns its future when submitted."""
        error = self._parameter_error(job)
        if error:
            self._finish(JobOutcome(job.id, "failed", error=error), progress)
            return None
        self.keys[job.id] = self._key(job, known)
        if self._cached(job, self.keys[job.id]):
            self._finish(JobOutcome(job.id, "cached", self._recorded_outputs(job)), progress)
            return None
        return pool.submit(run_job, job, self.reports_dir, context)

    def _selected(self, job: Job) -> bool:
        pattern = self.options.only
        return not pattern or fnmatch.fnmatch(job.id, pattern) or pattern in job.id

    def _parameter_error(self, job: Job) -> str:
        try:
            check_notebook_call(job.notebook, job.parameters)
        except ParameterError as error:
            return f"parameters refused before running: {error}"
        return ""

    def _recorded_outputs(self, job: Job) -> dict:
        record = json.loads((self.cache_dir / f"{job.id}.json").read_text())
        self.manifest_entries[job.id] = record.get("manifest", {})
        return record.get("outputs", {})

    def _record(self, job: Job, outcome: JobOutcome) -> None:
        files = {
            kind: {
                "path": _relative(Path(p)),
                "sha256": hashlib.sha256(Path(p).read_bytes()).hexdigest(),
            }
            for kind, p in outcome.outputs.items()
        }
        entry = {
            "notebook": _relative(job.notebook),
            "title": job.title,
            "parameters": job.parameters,
            "inputs": job_inputs(job),
            "outputs": files,
            "seconds": round(outcome.seconds, 2),
        }
        self.manifest_entries[job.id] = entry
        write_json(
            {"key": self.keys[job.id], "outputs": outcome.outputs, "manifest": entry},
            self.cache_dir / f"{job.id}.json",
        )

    def _finish(self, outcome: JobOutcome, progress) -> None:
        self.outcomes[outcome.job_id] = outcome
        progress.update(1)
        if outcome.status in ("failed", "skipped"):
            progress.write(
                f"{outcome.status.upper()} {outcome.job_id}: {outcome.error.splitlines()[0] if outcome.error else ''}"
            )

    def _write_manifest(self, context: dict) -> None:
        manifest_path = self.reports_dir / "manifest.json"
        previous = (
            json.loads(manifest_path.read_text()).get("jobs", {}) if manifest_path.exists() else {}
        )
        jobs = {**previous, **self.manifest_entries}
        write_json(
            {
                "project_commit": context["code_version"],
                "data_version": context["data_version"],
                "versions": _versions(),
                "code_inputs": self.code,
                "jobs": jobs,
            },
            manifest_path,
        )

    def _report(self) -> int:
        counts = {
            status: sum(o.status == status for o in self.outcomes.values())
            for status in ("built", "cached", "failed", "skipped")
        }
        summary = ", ".join(f"{n} {status}" for status, n in counts.items())
        print(f"reports: {summary} ({sum(counts.values())} jobs)")
        for outcome in self.outcomes.values():
            if outcome.status == "failed":
                print(f"  FAILED {outcome.job_id}: {outcome.error}")
                if outcome.outputs.get("failed"):
                    print(f"    partial notebook: {outcome.outputs['failed']}")
        return 1 if counts["failed"] or counts["skipped"] else 0


def _with_strict(job: Job) -> Job:
    """--strict: jobs whose notebook takes a ``strict`` parameter get strict=True."""
    from helpers.parameters import declared_parameters

    if "strict" in declared_parameters(job.notebook):
        return Job(**{**job.__dict__, "parameters": {**job.parameters, "strict": True}})
    return job
