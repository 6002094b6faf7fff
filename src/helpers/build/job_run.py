"""Running one job: execute its notebook, convert it to HTML and PDF, move the outputs in.

Kept apart from the build (helpers.build.runner), which decides what runs and when: this is
what runs in a build worker process, one job at a time, what it hands back (``JobOutcome``)
and what it leaves on disk (outputs, its log, and the temporary files that
``remove_stale_temporaries`` deletes after an interrupted build).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from helpers.build.jobs import Job
from helpers.core.languages import SOURCE_LANGUAGE
from helpers.core.outputs import OUTPUTS_RECORD, write_atomic
from helpers.core.paths import PROJECT_ROOT, project_relative
from helpers.report.addresses import (
    SITE_FOLDER,
    report_address,
    report_navigation,
    report_pdf,
)

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
    title: str = ""  # the report's title, as rendered
    lang: str = ""  # the report's language


def _values(job: Job) -> dict:
    """The job's parameters over its notebook's defaults: what the report runs with."""
    from helpers.build.parameters import declared_parameters

    declared = {name: p.default for name, p in declared_parameters(job.notebook).items()}
    return {**declared, **job.parameters}


def report_heading(job: Job) -> tuple[str, str]:
    """(title, language) of the report, from one reading of its notebook's parameters.

    The language is its ``lang``, else the source language. The title is its
    ``title_message`` in that language, naming the entity and the partner country its
    parameters select ("<entity>: diplomacia local con <country>"); else the job's title; else
    its id. Run where the report is rendered: the words and the reference tables are
    imported there, never by a build that has nothing to do."""
    values = _values(job)
    lang = values.get("lang", SOURCE_LANGUAGE)
    if not job.title_message:
        return job.title or job.id, lang
    from helpers.words.labels import country_text, entity_text, text

    names = {"country": country_text(values.get("partner_country", ""), lang)}
    names["partner"] = names["country"]
    if values.get("entity_code"):
        names["entity"] = entity_text(values["entity_code"], lang)
    return text(job.title_message, lang, **names), lang


def report_title(job: Job) -> str:
    """The report's title (report_heading)."""
    return report_heading(job)[0]


def output_paths(job: Job, reports_dir: Path) -> dict[str, Path]:
    """Where a job's executed notebook, HTML and PDF go."""
    return {
        "executed": reports_dir / "executed" / f"{job.id}.ipynb",
        "html": reports_dir / "html" / f"{job.id}.html",
        "pdf": reports_dir / "pdf" / f"{job.id}.pdf",
        "site_html": reports_dir / SITE_FOLDER / report_address(job.id),
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
    from helpers.report.render import html_to_pdf, navigation_words, report_body, report_page

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
                title, lang = report_heading(job)
                body = report_body(running, lang)
                words = navigation_words(lang)
                html, site_html = (
                    report_page(
                        body,
                        title=title,
                        lang=lang,
                        parameters=job.parameters,
                        file_name=f"reports/html/{job.id}.html",
                        navigation=report_navigation(
                            job.id, lang, dict(job.translations), words, in_site=in_site
                        ),
                        pdf=report_pdf(job.id, in_site=in_site),
                        **context,
                    )
                    for in_site in (False, True)
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
            write_atomic(paths["site_html"], site_html)
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
        title=title,
        lang=lang,
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
