"""What a build writes once every job ended: the figures' index, its manifest, the site.

Each is written from the jobs' records, never by a job: ``figures.json`` gathers the
figures' entries, ``manifest.json`` records the inputs, outputs and versions of every
report, and the site (helpers.report.site) is made from both; it is written again only when
what it is made from changed, or a file of it was changed or removed.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from helpers.build.cache import package_versions
from helpers.core.outputs import write_json
from helpers.core.paths import PROJECT_ROOT, project_relative
from helpers.core.sources import file_sha256
from helpers.figures.index import write_manifest
from helpers.report.addresses import ROOT_FILES, SITE_FOLDER


def write_figures_index(reports_dir: Path, built: bool) -> dict:
    """figures.json, the index of every figure's entry: the build is its one writer.

    Rewritten when a job was built, or when the index is missing or was changed.
    """
    folder = reports_dir / "figures"
    index = folder / "figures.json"
    manifest_path = reports_dir / "manifest.json"
    recorded = ""
    if manifest_path.exists():
        recorded = json.loads(manifest_path.read_text()).get("figures_index", {}).get("sha256")
    if not folder.is_dir():
        return {}
    if built or not index.exists() or file_sha256(index) != recorded:
        write_manifest(folder)
    return {"path": project_relative(index), "sha256": file_sha256(index)}


def write_build_manifest(
    reports_dir: Path, context: dict, code: dict, entries: dict, figures_index: dict
) -> None:
    """manifest.json: every report's record (this build's over the last ones), the code and
    data versions, the packages' versions and the figures' index."""
    manifest_path = reports_dir / "manifest.json"
    previous = (
        json.loads(manifest_path.read_text()).get("jobs", {}) if manifest_path.exists() else {}
    )
    write_json(
        {
            "project_commit": context["code_version"],
            "data_version": context["data_version"],
            "versions": package_versions(),
            "code_inputs": code,
            "figures_index": figures_index,
            "jobs": {**previous, **entries},
        },
        manifest_path,
    )


def write_site(reports_dir: Path, processed_dir: Path, quiet: bool, only: str = "") -> int:
    """The published site (helpers.report.site), from what the build recorded; 1 when it
    cannot be written as the records say, with the reason.

    A build of some reports only (``--only``) may leave the site incomplete (a report's
    other language not built yet): the reason is printed as a warning, and a whole build
    (``make report``) is what must give a site with no broken link.
    """
    key = _site_key(reports_dir, processed_dir)
    record_path = reports_dir / SITE_RECORD
    if _site_up_to_date(reports_dir / SITE_FOLDER, record_path, key):
        if not quiet:
            print(f"site: up to date in {project_relative(reports_dir / SITE_FOLDER)}/")
        return 0
    from helpers.report.site import SiteError, build_site

    record_path.unlink(missing_ok=True)
    try:
        site = build_site(reports_dir, processed_dir)
    except SiteError as error:
        if only:
            print(
                f"warning: the site is incomplete after a build of some reports ({only}); "
                f"make report builds all of them: {error}",
                file=sys.stderr,
            )
            return 0
        print(f"site not written: {error}", file=sys.stderr)
        return 1
    write_json({"key": key, "files": site.written}, record_path)
    if not quiet:
        print(f"site: {len(site.pages)} pages in {project_relative(site.root)}/ (open index.html)")
    return 0


SITE_RECORD = Path(".cache") / "site" / "record.json"
"""The site's cache record, in the reports folder: its key, and every file it wrote with
sha256 (in a folder of its own: the build reads each ``.cache/<job>.json`` as a job's)."""


def _site_key(reports_dir: Path, processed_dir: Path) -> str:
    """What the site is made from: the manifest (every report's outputs and the files it
    produced, with sha256; the code, templates included; the figures' index), the files
    copied to its root, and where the tables are."""
    digest = hashlib.sha256(str(processed_dir).encode())
    for path in [reports_dir / "manifest.json", *(PROJECT_ROOT / name for name in ROOT_FILES)]:
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()


def _site_up_to_date(root: Path, record_path: Path, key: str) -> bool:
    """Same key, and every file the site wrote is there with the same bytes."""
    try:
        record = json.loads(record_path.read_text())
    except (OSError, ValueError):
        return False
    return record.get("key") == key and all(
        (root / address).is_file() and file_sha256(root / address) == digest
        for address, digest in record.get("files", {}).items()
    )
