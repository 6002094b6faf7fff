"""What a job's outputs depend on, its cache key, and the versions a build records.

Kept apart from running jobs: these checksums decide whether a job runs at all, they are
computed on every build (also when nothing changed), and they go into
``reports/manifest.json`` with the commit, the data version and the package versions.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import platform
import subprocess
from pathlib import Path

from helpers.build.jobs import Job
from helpers.core.paths import (
    HELPERS_DIR,
    PROJECT_ROOT,
    RAW_DIR,
    REFERENCE_DIR,
    project_relative,
)
from helpers.core.sources import SIDECAR_SUFFIX, file_sha256, load_yaml

VERSIONED_PACKAGES = ("pandas", "matplotlib", "papermill", "nbconvert", "weasyprint")


# --- what a job depends on -------------------------------------------------------------------


def _hash_files(paths: list[Path], root: Path) -> dict[str, str]:
    return {project_relative(p, root): file_sha256(p) for p in sorted(paths) if p.is_file()}


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
            "translations": job.translations,
            "inputs": inputs,
            "code": code,
            "dependencies": dependency_keys,
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


# --- what a build records with its outputs ---------------------------------------------------


def package_versions() -> dict[str, str]:
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
