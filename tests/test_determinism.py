"""Two builds from clean give byte-identical tables, figures, HTML and PDF.

Executed notebooks may differ only in papermill's timing metadata.
"""

import hashlib
import json
import shutil

import yaml

from helpers.build import Build, BuildOptions
from helpers.paths import NOTEBOOKS_DIR, RAW_DIR

# One job per stage notebook, on the real raw files, written to a temporary folder.
JOBS = [
    (
        "01",
        "01_clean_agreements.ipynb",
        {"raw_path": str(RAW_DIR / "sre" / "agreements_mx_ru_cemeri.txt")},
    ),
]


def _build(root):
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    jobs = [
        {
            "id": job_id,
            "notebook": str(NOTEBOOKS_DIR / notebook),
            "parameters": {**parameters, "output_dir": str(root / "processed")},
        }
        for job_id, notebook, parameters in JOBS
    ]
    (root / "reports.yml").write_text(yaml.safe_dump({"jobs": jobs}))
    build = Build(
        BuildOptions(
            jobs_file=root / "reports.yml",
            reports_dir=root / "reports",
            processed_dir=root / "processed",
            quiet=True,
            force=True,
        )
    )
    assert build.run() == 0
    hashes = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and ".cache" not in path.parts and path.name != "manifest.json":
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


def test_two_builds_from_clean_are_identical(tmp_path):
    first = _build(tmp_path / "a")
    second = _build(tmp_path / "a")
    assert {name for name in first if name.endswith((".csv", ".html", ".pdf"))}, first
    assert first == second
