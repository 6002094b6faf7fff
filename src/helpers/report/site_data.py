"""What the site is made of, read from what the build recorded.

The site shows only what a build wrote and recorded: the reports and their titles from
``reports/manifest.json``, the figures from their entries (``figures/figures.json``),
the processed tables from ``data/processed/`` with their provenance records, and the
raw sources' sidecars. Nothing is typed here: a page says what these records say, and a
record that is missing or contradicts its file stops the site with its name.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from helpers.core.paths import PROJECT_ROOT
from helpers.core.sources import file_sha256, read_sidecar
from helpers.figures.index import MANIFEST_NAME, base_figure_id
from helpers.tables.counts import COUNTS_TABLES
from helpers.tables.dictionary import processed_tables
from helpers.tables.fields import Table

PROVENANCE_SUFFIX = "_provenance.json"
"""The cleaning's record of a raw file and its sidecar, beside the tables it wrote."""


class SiteError(RuntimeError):
    """The site cannot be written as its records say (a file missing or changed, a broken
    link): the message names the file."""


@dataclass(frozen=True)
class Report:
    """A built report: its job id, title, language and its versions in other languages."""

    id: str
    title: str
    lang: str
    translations: dict[str, str]
    produced: tuple[str, ...]  # the file names it wrote (tables, figures)
    notebook: str


@dataclass(frozen=True)
class Figure:
    """A figure's entry, as its report saved it beside its files."""

    id: str
    base: str  # its id in every language
    lang: str
    title: str
    caption: str
    source: str
    files: dict  # kind -> {path, sha256, bytes}


@dataclass(frozen=True)
class Source:
    """A raw file the data come from, as its sidecar describes it."""

    title: str
    producer: str
    url: str
    licence: str
    file: str  # its path in the compendium
    sha256: str


@dataclass
class ProcessedTable:
    """A processed table's file, its declaration and where its rows come from."""

    name: str  # the file name
    table: Table
    path: Path
    rows: int
    sha256: str
    written_by: Report | None = None
    sources: list[Source] = field(default_factory=list)
    derived: bool = False  # computed from the cleaned tables rather than read from a source

    @property
    def stem(self) -> str:
        return Path(self.name).stem


def read_manifest(reports_dir: Path) -> dict:
    """The build's manifest (helpers.build.publish), which the site is made from."""
    manifest = reports_dir / "manifest.json"
    if not manifest.is_file():
        raise SiteError(f"{manifest}: missing; the site is written after a build")
    return json.loads(manifest.read_text(encoding="utf-8"))


def read_reports(reports_dir: Path, manifest: dict) -> list[Report]:
    """The reports the build recorded, by job id, with an HTML page on disk."""
    jobs = manifest.get("jobs", {})
    reports = []
    for job_id, entry in sorted(jobs.items()):
        if not (reports_dir / "html" / f"{job_id}.html").is_file():
            continue
        if "lang" not in entry:
            raise SiteError(f"manifest.json: job {job_id} has no language; run make report again")
        reports.append(
            Report(
                job_id,
                entry.get("title") or job_id,
                entry["lang"],
                dict(entry.get("translations", {})),
                tuple(sorted(Path(name).name for name in entry.get("produced", {}))),
                entry.get("notebook", ""),
            )
        )
    return reports


def read_figures(figures_dir: Path) -> list[Figure]:
    """The figures of the build's index, each checked against its files."""
    index = figures_dir / MANIFEST_NAME
    if not index.is_file():
        return []
    figures = []
    for figure_id, entry in sorted(
        json.loads(index.read_text(encoding="utf-8"))["figures"].items()
    ):
        for kind, described in entry["files"].items():
            path = figures_dir / described["path"]
            if not path.is_file() or file_sha256(path) != described["sha256"]:
                raise SiteError(
                    f"{path}: the {kind} of figure {figure_id} is missing or differs from its "
                    f"entry ({index.name}); build the report that draws it again"
                )
        figures.append(
            Figure(
                figure_id,
                base_figure_id(figure_id, entry["lang"]),
                entry["lang"],
                entry["title"],
                entry["caption"],
                entry["source"],
                entry["files"],
            )
        )
    return figures


def read_csv_rows(path: Path, limit: int | None = None) -> tuple[list[str], list[list[str]], int]:
    """A CSV's header, its first ``limit`` rows (all without one) and its row count."""
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader, [])
        rows, count = [], 0
        for row in reader:
            count += 1
            if limit is None or len(rows) < limit:
                rows.append(row)
    return header, rows, count


def _source(sidecar: dict, file: str, sha256: str) -> Source:
    return Source(
        sidecar.get("title") or sidecar.get("source_title") or file,
        sidecar.get("producer", ""),
        sidecar.get("source_url", ""),
        sidecar.get("licence", ""),
        file,
        sha256,
    )


def cleaned_sources(processed_dir: Path) -> dict[str, Source]:
    """The raw source of each cleaning's provenance record, by the record's file name."""
    sources = {}
    for path in sorted(processed_dir.glob(f"*{PROVENANCE_SUFFIX}")):
        record = json.loads(path.read_text(encoding="utf-8"))
        sources[path.name] = _source(
            record.get("sidecar", {}), record.get("raw_file", ""), record.get("raw_sha256", "")
        )
    return sources


def reference_sources(manifest: dict) -> list[Source]:
    """The reference data every report reads (INEGI's entities, population, boundaries,
    the project's vocabularies): the raw files among the build's code inputs."""
    sources = []
    for name, digest in sorted(manifest.get("code_inputs", {}).items()):
        path = PROJECT_ROOT / name
        if name.startswith("data/raw/") and not name.endswith(".meta.yaml") and path.is_file():
            sources.append(_source(read_sidecar(path), name, digest))
    return sources


def read_tables(processed_dir: Path, reports: list[Report]) -> list[ProcessedTable]:
    """Every processed table found, with the report that wrote it and its sources.

    A table written by the same report as a provenance record comes from that record's
    raw file; any other (the counts) is computed from the cleaned tables, so its sources
    are theirs.
    """
    provenance = cleaned_sources(processed_dir)
    writers = {name: report for report in reports for name in report.produced}
    tables = []
    for table in processed_tables():
        for name in table.files:
            path = processed_dir / name
            if not path.is_file():
                continue
            writer = writers.get(name)
            own = [
                source
                for record, source in provenance.items()
                if writer is not None and record in writer.produced
            ]
            tables.append(
                ProcessedTable(
                    name,
                    table,
                    path,
                    read_csv_rows(path, 0)[2],
                    file_sha256(path),
                    writer,
                    own or list(provenance.values()),
                    derived=not own,
                )
            )
    return tables


def overview(processed_dir: Path) -> dict | None:
    """The overview's one row (counts_overview.csv), or None where no counts were made."""
    path = processed_dir / COUNTS_TABLES["overview"].files[0]
    if not path.is_file():
        return None
    header, rows, count = read_csv_rows(path)
    if count != 1:
        raise SiteError(f"{path}: {count} rows; the overview has exactly one")
    return dict(zip(header, rows[0], strict=True))


@dataclass
class SiteRecords:
    """Everything the site shows, read once from a build's records."""

    reports_dir: Path
    processed_dir: Path
    reports: list[Report]
    figures: list[Figure]
    tables: list[ProcessedTable]
    reference: list[Source]
    overview: dict | None
    versions: tuple[str, str]  # the data version and the code version the build recorded


def read_records(reports_dir: Path, processed_dir: Path) -> SiteRecords:
    """A build's records, each checked against its files (SiteError when one is not)."""
    manifest = read_manifest(reports_dir)
    reports = read_reports(reports_dir, manifest)
    return SiteRecords(
        reports_dir,
        processed_dir,
        reports,
        read_figures(reports_dir / "figures"),
        read_tables(processed_dir, reports),
        reference_sources(manifest),
        overview(processed_dir),
        (manifest.get("data_version", ""), manifest.get("project_commit", "")),
    )
