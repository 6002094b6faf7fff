"""One versioned zip of what the compendium publishes, to deposit (Zenodo and the like).

``make archive`` writes ``dist/<project>-<version>.zip`` holding, under one folder:

    site/                 the site as built (reports, figures, tables, citations)
    data/processed/       the processed tables and their provenance records
    datapackage.json      the tables as a Frictionless Data Package (paths into data/processed)
    CITATION.cff, LICENSE, DATA_LICENSE.md
    SHA256SUMS            each member's sha256, as ``sha256sum --check`` reads it

Two archives of the same build are byte-identical: members in name order, each dated
the project's reproducible epoch, with fixed permissions and compression, and nothing
of the machine (owner, clock, file order on disk) in them.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from helpers import DISTRIBUTION, __version__
from helpers.core.outputs import REPRODUCIBLE_TIME, write_atomic
from helpers.core.paths import PROJECT_ROOT
from helpers.report.addresses import ROOT_FILES, SITE_FOLDER
from helpers.report.site import data_package_text
from helpers.report.site_data import PROVENANCE_SUFFIX, SiteError, read_records

DIST_DIR = PROJECT_ROOT / "dist"
_DATE = REPRODUCIBLE_TIME.timetuple()[:6]


def archive_name(version: str = __version__) -> str:
    """The archive's name and top folder: the project's name and its version."""
    return f"{DISTRIBUTION}-{version}"


def archive_members(reports_dir: Path, processed_dir: Path) -> dict[str, bytes]:
    """Every member of the archive, by its path inside the top folder."""
    site = Path(reports_dir) / SITE_FOLDER
    if not (site / "index.html").is_file():
        raise SiteError(f"{site}: no site to archive; run make report first")
    members = {
        f"site/{path.relative_to(site).as_posix()}": path.read_bytes()
        for path in site.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    }
    for path in sorted(Path(processed_dir).glob("*")):
        if path.suffix == ".csv" or path.name.endswith(PROVENANCE_SUFFIX):
            members[f"data/processed/{path.name}"] = path.read_bytes()
    records = read_records(Path(reports_dir), Path(processed_dir))
    members["datapackage.json"] = data_package_text(records, "data/processed/").encode()
    for name in ROOT_FILES:
        members[name] = (PROJECT_ROOT / name).read_bytes()
    sums = "".join(
        f"{hashlib.sha256(content).hexdigest()}  {name}\n"
        for name, content in sorted(members.items())
    )
    members["SHA256SUMS"] = sums.encode()
    return members


def zip_bytes(members: dict[str, bytes], top: str) -> bytes:
    """The members as one zip, the same bytes for the same members."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = (
                3  # Unix, whatever the machine: the permissions below mean the same
            )
            info.external_attr = 0o100644 << 16
            archive.writestr(info, members[name], compresslevel=9)
    return buffer.getvalue()


def build_archive(
    reports_dir: Path, processed_dir: Path, out_dir: Path = DIST_DIR, version: str = __version__
) -> Path:
    """Write the archive of the built site and tables; returns its path."""
    top = archive_name(version)
    return write_atomic(
        Path(out_dir) / f"{top}.zip", zip_bytes(archive_members(reports_dir, processed_dir), top)
    )
