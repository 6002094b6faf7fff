"""Two builds from clean give byte-identical tables, figures, HTML, PDF, site and archive.

The first build forks its kernels from a warm kernel server (the default), the second
starts each kernel from scratch: the two kinds of kernel must give the same outputs.

Executed notebooks may differ only in papermill's timing metadata. Between the two, a
person explores: notebook 03 run by hand with other parameters rewrites the counts
tables and figures in place; the next build notices and restores them.
"""

import hashlib
import json
import shutil

import pytest
import yaml

from helpers.build.execute import run_notebook
from helpers.build.runner import Build, BuildOptions
from helpers.core.paths import NOTEBOOKS_DIR, RAW_DIR
from helpers.report.archive import build_archive
from helpers.tables.dictionary import processed_tables


# One job per report notebook, on the real raw files, everything written under one folder.
def _jobs(root):
    processed = root / "processed"
    return [
        {
            "id": "01",
            "notebook": "01_clean_agreements.ipynb",
            "parameters": {
                "raw_path": str(RAW_DIR / "sre" / "agreements_mx_ru_cemeri.txt"),
                "output_dir": str(processed),
            },
        },
        {
            "id": "02",
            "notebook": "02_clean_bulletins.ipynb",
            "parameters": {
                "raw_path": str(RAW_DIR / "cedl" / "bulletins_2021_mx_ru.csv"),
                "output_dir": str(processed),
            },
        },
        {
            "id": "03",
            "notebook": "03_counts.ipynb",
            "depends_on": ["01", "02"],
            "parameters": {
                "lang": "es",
                "agreements_path": str(processed / "agreements.csv"),
                "interactions_path": str(processed / "interactions.csv"),
                "output_dir": str(processed),
                "figures_dir": str(root / "figures"),
            },
        },
        {
            "id": "04",
            "notebook": "04_entity_profile.ipynb",
            "depends_on": ["01", "02"],
            "parameters": {"entity_code": "21", "processed_dir": str(processed)},
        },
    ]


def _options(root, force, fresh_kernels=False):
    return BuildOptions(
        jobs_file=root / "reports.yml",
        reports_dir=root / "reports",
        processed_dir=root / "processed",
        quiet=True,
        force=force,
        fresh_kernels=fresh_kernels,
    )


def _build(root, fresh_kernels=False):
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    jobs = [{**job, "notebook": str(NOTEBOOKS_DIR / job["notebook"])} for job in _jobs(root)]
    (root / "reports.yml").write_text(yaml.safe_dump({"jobs": jobs}))
    assert Build(_options(root, force=True, fresh_kernels=fresh_kernels)).run() == 0
    # the archive to deposit, from the site the build wrote: compared with the rest
    build_archive(root / "reports", root / "processed", root / "dist")
    logs = "".join(log.read_text() for log in (root / "reports" / "logs").glob("*.log"))
    assert "fresh kernel:" not in logs  # warm kernels were forked, none refused
    return _hashes(root)


def _hashes(root):
    hashes = {}
    for path in sorted(root.rglob("*")):
        skipped = {".cache", "logs"} & set(path.parts)  # the build's own records and logs
        if path.is_file() and not skipped and path.name != "manifest.json":
            data = path.read_bytes()
            if path.suffix == ".ipynb":
                data = _without_timings(data)
            hashes[str(path.relative_to(root))] = hashlib.sha256(data).hexdigest()
    return hashes


def _without_timings(data: bytes) -> bytes:
    nb = json.loads(data)
    nb["metadata"].pop("papermill", None)
    for cell in nb["cells"]:
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
    return json.dumps(nb, sort_keys=True).encode()


def _explore(root):
    """What a person does in JupyterLab: notebook 03 with other years, default-style outputs."""
    parameters = {**_jobs(root)[2]["parameters"], "start_year": 2010}
    run_notebook(NOTEBOOKS_DIR / "03_counts.ipynb", root / "explored.ipynb", parameters, cwd=root)
    (root / "explored.ipynb").unlink()


@pytest.mark.slow
def test_two_builds_from_clean_are_identical_and_exploring_changes_nothing(tmp_path):
    root = tmp_path / "a"
    first = _build(root)
    _explore(root)
    explored = _hashes(root)
    changed = {name for name in first if explored.get(name) != first[name]}
    assert "processed/counts_by_entity.csv" in changed  # the exploration did rewrite tables
    assert any(name.startswith("figures/") for name in changed)  # and figures
    build = Build(_options(root, force=False))
    assert build.run() == 0
    assert build.outcomes["03"].status == "built"  # noticed, and built again
    assert {build.outcomes[j].status for j in ("01", "02", "04")} == {"cached"}
    restored = _hashes(root)
    processed = {name: digest for name, digest in first.items() if name.startswith("processed/")}
    assert {name: restored[name] for name in processed} == processed
    figures = {name: digest for name, digest in first.items() if name.startswith("figures/")}
    assert {name: restored.get(name) for name in figures} == figures
    # The data dictionary documents every table a build writes, and nothing it does not.
    written = {name.split("/", 1)[1] for name in first if name.startswith("processed/")}
    documented = {file for table in processed_tables() for file in table.files}
    assert {name for name in written if name.endswith(".csv")} == documented
    second = _build(root, fresh_kernels=True)
    assert {name.rsplit(".", 1)[-1] for name in first} >= {
        "csv",
        "html",
        "pdf",
        "png",
        "svg",
        "zip",
    }
    assert any(name.startswith("reports/site/") for name in first)
    assert first == second
