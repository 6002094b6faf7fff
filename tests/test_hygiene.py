"""Notebooks committed clean, the data dictionary in step with the schemas, lint clean."""

import json
import subprocess
import sys

import pytest

from helpers.core.paths import NOTEBOOKS_DIR, PROJECT_ROOT
from helpers.tables.dictionary import data_dictionary

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs_or_run_metadata(notebook):
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    dirty = [
        i
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code"
        and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, f"{notebook.name}: cells {dirty} carry outputs; run nbstripout"
    assert "papermill" not in nb.get("metadata", {}), f"{notebook.name} carries papermill metadata"
    assert all(
        "papermill" not in cell.get("metadata", {}) and "execution" not in cell.get("metadata", {})
        for cell in nb["cells"]
    ), f"{notebook.name}: cell run metadata"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_one_parameters_cell(notebook):
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1


def test_data_dictionary_matches_the_schemas():
    committed = (PROJECT_ROOT / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    assert committed == data_dictionary(), (
        "docs/data_dictionary.md is out of date: python -m helpers.tables.dictionary > docs/data_dictionary.md"
    )


def test_ruff_lint_and_format_are_clean():
    ruff = [sys.executable, "-m", "ruff"]
    paths = ["src", "tests", "notebooks", "benchmarks", "docs"]
    check = subprocess.run(
        [*ruff, "check", *paths], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
    fmt = subprocess.run(
        [*ruff, "format", "--check", *paths], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_opens_with_the_project_kernel(notebook):
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "mx-local-diplomacy"


def test_project_kernel_is_registered_in_the_environment():
    from jupyter_client.kernelspec import KernelSpecManager

    specs = KernelSpecManager().find_kernel_specs()
    assert "mx-local-diplomacy" in specs, "run make setup (it registers the kernel)"
    spec = KernelSpecManager().get_kernel_spec("mx-local-diplomacy")
    assert spec.argv[0].startswith(sys.prefix) or "python" in spec.argv[0]


def test_the_readme_opens_with_a_picture_of_the_front_page():
    from PIL import Image

    lines = [line for line in (PROJECT_ROOT / "README.md").read_text().splitlines() if line]
    assert lines[0].startswith("# ")
    assert lines[1].startswith("[![") and "(docs/front-page.png)" in lines[1]
    with Image.open(PROJECT_ROOT / "docs" / "front-page.png") as picture:
        assert picture.format == "PNG" and picture.size[0] >= 800
