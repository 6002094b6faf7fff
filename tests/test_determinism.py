"""Two builds from clean give byte-identical tables, figures, HTML and PDF.

Executed notebooks may differ only in papermill's timing metadata.
"""

import hashlib
import json
import shutil

import yaml

from helpers.build import Build, BuildOptions
from helpers.paths import NOTEBOOKS_DIR, RAW_DIR


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


def _build(root):
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    jobs = [{**job, "notebook": str(NOTEBOOKS_DIR / job["notebook"])} for job in _jobs(root)]
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
    assert {name.rsplit(".", 1)[-1] for name in first} >= {"csv", "html", "pdf", "png", "svg"}
    assert first == second
