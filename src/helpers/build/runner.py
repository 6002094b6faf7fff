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
import json
import os
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from helpers.build.cache import (
    code_inputs,
    data_version,
    git_commit,
    job_inputs,
    job_key,
)
from helpers.build.job_run import JobOutcome, remove_stale_temporaries, run_job
from helpers.build.jobs import (
    JOBS_FILE,
    BuildError,
    Job,
    JobSpec,
    expand,
    load_specs,
    with_strict,
    with_translations,
)
from helpers.build.parameters import ParameterError, check_notebook_call
from helpers.build.progress import Progress, summary
from helpers.build.publish import write_build_manifest, write_figures_index, write_site
from helpers.build.warm_kernels import WarmKernelServer, notebook_imports
from helpers.core.outputs import REPRODUCIBLE_EPOCH, write_json
from helpers.core.paths import PROJECT_ROOT, REPORTS_DIR, project_relative
from helpers.core.sources import file_sha256

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
        # The jobs known before any runs (entries without a data-driven list): a report
        # links to its other languages, looked for among these and its own entry's jobs.
        self.static_jobs = [
            job for spec in self.specs if not spec.for_each for job in self._expanded(spec)
        ]

    # which jobs, in which order
    def _expanded(self, spec: JobSpec) -> list[Job]:
        jobs = expand(spec, self.options.processed_dir, self.options.jobs_file.parent)
        if self.options.strict:
            jobs = [with_strict(job) for job in jobs]
        return jobs

    def _spec_jobs(self, spec: JobSpec) -> list[Job]:
        jobs = self._expanded(spec)
        return [with_translations(job, [*self.static_jobs, *jobs]) for job in jobs]

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
            if not path.is_file() or file_sha256(path) != digest:
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
        built = any(outcome.status == "built" for outcome in self.outcomes.values())
        figures_index = write_figures_index(self.reports_dir, built)
        write_build_manifest(
            self.reports_dir, context, self.code, self.manifest_entries, figures_index
        )
        failed = self._report()
        options = self.options
        return (
            write_site(self.reports_dir, options.processed_dir, options.quiet, options.only)
            or failed
        )

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
            project_relative(Path(p)): file_sha256(Path(p))
            for p in [*outcome.outputs.values(), *outcome.produced]
        }
        entry = {
            "notebook": project_relative(job.notebook),
            "title": outcome.title or job.title,
            "lang": outcome.lang,
            "translations": dict(job.translations),
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

    def _report(self) -> int:
        """The closing table (helpers.build.progress.summary); 1 when a job failed or was
        skipped."""
        took = time.perf_counter() - self.started
        return summary(self.outcomes.values(), took, verbose=self.options.verbose)
