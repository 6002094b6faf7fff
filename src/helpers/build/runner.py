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

import contextlib
import fnmatch
import hashlib
import importlib.metadata
import itertools
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from helpers.build.parameters import ParameterError, check_notebook_call
from helpers.build.warm_kernels import WarmKernelServer, notebook_imports
from helpers.core.outputs import OUTPUTS_RECORD, REPRODUCIBLE_EPOCH, write_atomic, write_json
from helpers.core.paths import (
    HELPERS_DIR,
    NOTEBOOKS_DIR,
    PROJECT_ROOT,
    RAW_DIR,
    REFERENCE_DIR,
    REPORTS_DIR,
    project_relative,
)
from helpers.core.sources import SIDECAR_SUFFIX, load_yaml
from helpers.figures.index import write_manifest

JOBS_FILE = NOTEBOOKS_DIR / "reports.yml"
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
                    parameters=parameters,
                    depends_on=tuple(spec.depends_on),
                    reads=tuple(spec.reads),
                    template=spec.id,
                )
            )
    return jobs


# --- what a job depends on -------------------------------------------------------------------


def _hash_files(paths: list[Path], root: Path) -> dict[str, str]:
    return {
        project_relative(p, root): hashlib.sha256(p.read_bytes()).hexdigest()
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
    outputs: dict = field(default_factory=dict)  # executed, html, pdf (or failed)
    seconds: float = 0.0
    error: str = ""  # one line: the failing cell and the exception
    produced: list = field(default_factory=list)  # files the notebook wrote (tables, figures)
    stages: dict = field(default_factory=dict)  # seconds: kernel_start, execution, html, pdf
    log: str = ""  # the job's log file
    detail: str = ""  # the failing cell's source and traceback


def output_paths(job: Job, reports_dir: Path) -> dict[str, Path]:
    """Where a job's executed notebook, HTML and PDF go."""
    return {
        "executed": reports_dir / "executed" / f"{job.id}.ipynb",
        "html": reports_dir / "html" / f"{job.id}.html",
        "pdf": reports_dir / "pdf" / f"{job.id}.pdf",
    }


def log_path(job_id: str, reports_dir: Path) -> Path:
    """Where a job's log goes: its kernel's stderr, warnings, and the failure if any."""
    return reports_dir / "logs" / f"{job_id}.log"


@contextlib.contextmanager
def _stderr_to(path: Path):
    """Send this process's stderr (Python warnings, library and C-level messages) to a file.

    Runs in a build worker, one job at a time, so the terminal shows the build's own
    progress and summary, and each job's noise is kept in its log.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "ab") as stream:
        os.dup2(stream.fileno(), 2)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def _produced_files(record: Path) -> list[str]:
    """The files a job wrote through helpers.core.outputs, read from its record (see helpers.core.outputs)."""
    if not record.exists():
        return []
    return sorted({line for line in record.read_text(encoding="utf-8").splitlines() if line})


def run_job(job: Job, reports_dir: Path, context: dict, warm_server: str = "") -> JobOutcome:
    """Execute, convert and render one job; outputs move into place only on success.

    Every file the notebook writes through helpers.core.outputs is recorded (the
    ``HELPERS_OUTPUTS_RECORD`` file), so the build knows exactly what each job produced.
    ``warm_server`` is the address of the build's warm kernel server, if it has one.
    """
    from helpers.build.execute import NotebookRunError, run_notebook
    from helpers.report.render import html_to_pdf, notebook_to_html

    started = time.perf_counter()
    paths = output_paths(job, reports_dir)
    for path in paths.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path(job.id, reports_dir)
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(f"job {job.id}: {project_relative(job.notebook)} {json.dumps(job.parameters)}\n")
    running = paths["executed"].with_name(f".{job.id}.{os.getpid()}.running.ipynb")
    record = running.with_suffix(".outputs")
    record.unlink(missing_ok=True)
    os.environ[OUTPUTS_RECORD] = str(record)
    stages: dict[str, float] = {}
    try:
        with _stderr_to(log):
            try:
                times = run_notebook(
                    job.notebook,
                    running,
                    job.parameters,
                    cwd=PROJECT_ROOT,
                    log_path=log,
                    warm_server=warm_server,
                )
            except NotebookRunError as error:
                failed = reports_dir / "failed" / f"{job.id}.ipynb"
                if running.exists():
                    failed.parent.mkdir(parents=True, exist_ok=True)
                    running.replace(failed)
                return JobOutcome(
                    job.id,
                    "failed",
                    {"failed": failed},
                    time.perf_counter() - started,
                    error.summary,
                    log=str(log),
                    detail=error.details,
                )
            stages.update(kernel_start=times.kernel_start, execution=times.execution)
            _fix_injected_cell_id(running)
            try:
                mark = time.perf_counter()
                html = notebook_to_html(
                    running,
                    title=job.title or job.id,
                    parameters=job.parameters,
                    file_name=f"reports/html/{job.id}.html",
                    **context,
                )
                stages["html"] = time.perf_counter() - mark
                mark = time.perf_counter()
                pdf = html_to_pdf(html)
                stages["pdf"] = time.perf_counter() - mark
            except Exception as error:
                running.unlink(missing_ok=True)
                detail = traceback.format_exc()
                with open(log, "a", encoding="utf-8") as stream:
                    stream.write(f"FAILED converting: {detail}")
                return JobOutcome(
                    job.id,
                    "failed",
                    {},
                    time.perf_counter() - started,
                    f"conversion: {type(error).__name__}: {error}",
                    log=str(log),
                    detail=detail,
                )
            write_atomic(paths["html"], html)
            write_atomic(paths["pdf"], pdf)
    finally:
        os.environ.pop(OUTPUTS_RECORD, None)
    running.replace(paths["executed"])
    produced = [p for p in _produced_files(record) if Path(p) not in paths.values()]
    record.unlink(missing_ok=True)
    (reports_dir / "failed" / f"{job.id}.ipynb").unlink(missing_ok=True)
    return JobOutcome(
        job.id,
        "built",
        {k: str(v) for k, v in paths.items()},
        time.perf_counter() - started,
        produced=produced,
        stages={k: round(v, 2) for k, v in stages.items()},
        log=str(log),
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
    verbose: bool = False
    list_only: bool = False
    fresh_kernels: bool = False  # start every kernel from scratch instead of forking warm ones
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
    sidecars = {p: load_yaml(p.read_text()) or {} for p in raw_dir.rglob(f"*{SIDECAR_SUFFIX}")}
    digests = sorted(
        f"{p.relative_to(raw_dir)}:{meta.get('sha256', '')}" for p, meta in sidecars.items()
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


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
        self.producers: dict[str, str] = self._recorded_producers()
        self.started = time.perf_counter()
        self.warm_server: WarmKernelServer | None = None

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

    def _record_of(self, job_id: str) -> dict:
        path = self.cache_dir / f"{job_id}.json"
        try:
            return json.loads(path.read_text())
        except (OSError, ValueError):
            return {}

    def _recorded_producers(self) -> dict[str, str]:
        """Which job produced each file, as the cache records say (one producer per file)."""
        producers = {}
        for path in sorted(self.cache_dir.glob("*.json")) if self.cache_dir.is_dir() else []:
            for name in self._record_of(path.stem).get("files", {}):
                producers[name] = path.stem
        return producers

    def _cached(self, job: Job, key: str) -> bool:
        """Up to date: same inputs, and every file it produced is there with the same bytes."""
        if self.options.force:
            return False
        record = self._record_of(job.id)
        if record.get("key") != key or "files" not in record:
            return False
        for name, digest in record["files"].items():
            path = PROJECT_ROOT / name
            if not path.is_file() or _sha256(path) != digest:
                return False
        return True

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
        after the jobs that write those data. At most ``jobs`` notebooks run at once, so
        the progress line names exactly the jobs that are running.
        """
        remove_stale_temporaries([self.reports_dir, self.options.processed_dir])
        # Set before any worker or kernel starts, so that all of them share one environment
        # (the warm kernel server serves only kernels whose environment is its own).
        os.environ.setdefault("SOURCE_DATE_EPOCH", REPRODUCIBLE_EPOCH)
        context = {"data_version": data_version(), "code_version": git_commit()}
        workers = self.options.jobs or os.cpu_count() or 1
        known: dict[str, Job] = {}
        waiting = list(self.specs)
        queued: list[Job] = []
        pending: dict = {}
        progress = Progress(quiet=self.options.quiet)
        with ProcessPoolExecutor(max_workers=workers) as pool, self._warm_kernels():
            while waiting or queued or pending:
                while waiting and self._can_expand(waiting[0], known):
                    selected = 0
                    for job in self._spec_jobs(waiting.pop(0)):
                        known[job.id] = job
                        if self._selected(job):
                            queued.append(job)
                            selected += 1
                        else:  # not asked for: its key still feeds its dependants' keys
                            self.keys[job.id] = self._key(job, known)
                            self.outcomes[job.id] = JobOutcome(job.id, "unselected")
                    progress.add(selected)
                for job in list(queued):
                    if len(pending) >= workers:
                        break
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
                            progress.start(job.id)
                if pending:
                    done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                    for future in done:
                        job = pending.pop(future)
                        outcome = future.result()
                        if outcome.status == "built":
                            outcome = self._record(job, outcome)
                        self._finish(outcome, progress)
                elif waiting and not queued and not self._can_expand(waiting[0], known):
                    raise BuildError(
                        f"job {waiting[0].id} cannot start: it depends on "
                        f"{waiting[0].depends_on}, which name no earlier job"
                    )
        progress.close()
        figures_index = self._write_figures_index()
        self._write_manifest(context, figures_index)
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
            record = self._record_of(job.id)
            self.manifest_entries[job.id] = record.get("manifest", {})
            self._finish(JobOutcome(job.id, "cached", record.get("outputs", {})), progress)
            return None
        server = self._warm_server_address()
        return pool.submit(run_job, job, self.reports_dir, context, server)

    @contextlib.contextmanager
    def _warm_kernels(self):
        """The build's warm kernel server (started with the first job that runs), then stopped."""
        try:
            yield
        finally:
            if self.warm_server:
                self.warm_server.stop()
                self.warm_server = None

    def _warm_server_address(self) -> str:
        if self.options.fresh_kernels:
            return ""
        if self.warm_server is None:
            folder = self.options.jobs_file.parent
            notebooks = sorted({folder / spec.notebook for spec in self.specs})
            notebooks = [path for path in notebooks if path.exists()]
            log = self.reports_dir / "logs" / "warm-kernels.log"
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text("")
            self.warm_server = WarmKernelServer(notebook_imports(notebooks), log).start()
        return self.warm_server.address

    def _selected(self, job: Job) -> bool:
        pattern = self.options.only
        return not pattern or fnmatch.fnmatch(job.id, pattern) or pattern in job.id

    def _parameter_error(self, job: Job) -> str:
        try:
            check_notebook_call(job.notebook, job.parameters)
        except ParameterError as error:
            return f"parameters refused before running: {error}"
        return ""

    def _record(self, job: Job, outcome: JobOutcome) -> JobOutcome:
        """Record what a built job produced, with checksums; refuse a second producer."""
        produced = [project_relative(Path(p)) for p in outcome.produced]
        taken = {
            name: self.producers[name]
            for name in produced
            if self.producers.get(name, job.id) != job.id
        }
        if taken:
            listed = "; ".join(f"{name} (by {owner})" for name, owner in sorted(taken.items()))
            outcome.status = "failed"
            outcome.error = f"writes files that another job produces: {listed}"
            outcome.detail = (
                "each file under data/processed/ and reports/figures/ has exactly one producer: "
                "give the other jobs parameters that write elsewhere or nothing"
            )
            return outcome
        for name in produced:
            self.producers[name] = job.id
        files = {
            project_relative(Path(p)): _sha256(Path(p))
            for p in [*outcome.outputs.values(), *outcome.produced]
        }
        entry = {
            "notebook": project_relative(job.notebook),
            "title": job.title,
            "parameters": job.parameters,
            "inputs": job_inputs(job),
            "outputs": {
                kind: {
                    "path": project_relative(Path(p)),
                    "sha256": files[project_relative(Path(p))],
                }
                for kind, p in outcome.outputs.items()
            },
            "produced": {name: files[name] for name in produced},
            "seconds": round(outcome.seconds, 2),
            "stages": outcome.stages,
        }
        self.manifest_entries[job.id] = entry
        write_json(
            {
                "key": self.keys[job.id],
                "outputs": outcome.outputs,
                "files": files,
                "manifest": entry,
            },
            self.cache_dir / f"{job.id}.json",
        )
        return outcome

    def _finish(self, outcome: JobOutcome, progress: Progress) -> None:
        self.outcomes[outcome.job_id] = outcome
        progress.finish(outcome)

    def _write_figures_index(self) -> dict:
        """figures.json, the index of every figure's entry: the build is its one writer.

        Rewritten when a job was built, or when the index is missing or was changed.
        """
        folder = self.reports_dir / "figures"
        index = folder / "figures.json"
        manifest_path = self.reports_dir / "manifest.json"
        recorded = ""
        if manifest_path.exists():
            recorded = json.loads(manifest_path.read_text()).get("figures_index", {}).get("sha256")
        built = any(o.status == "built" for o in self.outcomes.values())
        if not folder.is_dir():
            return {}
        if built or not index.exists() or _sha256(index) != recorded:
            write_manifest(folder)
        return {"path": project_relative(index), "sha256": _sha256(index)}

    def _write_manifest(self, context: dict, figures_index: dict) -> None:
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
                "figures_index": figures_index,
                "jobs": jobs,
            },
            manifest_path,
        )

    def _report(self) -> int:
        """The closing table: jobs, seconds, outcome; for a failure its log and cell."""
        shown = [o for o in self.outcomes.values() if o.status != "unselected"]
        counts = {
            status: sum(o.status == status for o in shown)
            for status in ("built", "cached", "failed", "skipped")
        }
        rows = [o for o in shown if self.options.verbose or o.status != "cached"]
        if rows:
            width = max(len("job"), *(len(o.job_id) for o in rows))
            print(f"{'job':<{width}}  {'seconds':>7}  outcome")
            for o in rows:
                seconds = f"{o.seconds:7.1f}" if o.seconds else f"{'':7}"
                stages = ""
                if self.options.verbose and o.stages:
                    stages = "  (" + ", ".join(f"{k} {v:.1f}" for k, v in o.stages.items()) + ")"
                print(f"{o.job_id:<{width}}  {seconds}  {o.status}{stages}")
        summary = ", ".join(f"{n} {status}" for status, n in counts.items())
        took = time.perf_counter() - self.started
        print(f"reports: {summary} ({sum(counts.values())} jobs) in {took:.1f} s")
        for o in shown:
            if o.status in ("failed", "skipped"):
                print(f"{o.status.upper()} {o.job_id}: {o.error}")
                if o.log:
                    print(f"  log: {project_relative(Path(o.log))}")
                if o.outputs.get("failed"):
                    print(f"  partial notebook: {project_relative(Path(o.outputs['failed']))}")
                if o.detail:
                    print(_indent(o.detail if self.options.verbose else _first_lines(o.detail)))
            if self.options.verbose and o.status == "built" and o.log and Path(o.log).exists():
                print(f"--- {project_relative(Path(o.log))}")
                print(Path(o.log).read_text(encoding="utf-8", errors="replace").rstrip())
        return 1 if counts["failed"] or counts["skipped"] else 0


def _first_lines(text: str, count: int = 14) -> str:
    lines = text.rstrip().splitlines()
    return "\n".join(
        lines[:count] + (["… (the whole traceback is in the log)"] if len(lines) > count else [])
    )


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def _with_strict(job: Job) -> Job:
    """--strict: jobs whose notebook takes a ``strict`` parameter get strict=True."""
    from helpers.build.parameters import declared_parameters

    if "strict" in declared_parameters(job.notebook):
        return Job(**{**job.__dict__, "parameters": {**job.parameters, "strict": True}})
    return job
