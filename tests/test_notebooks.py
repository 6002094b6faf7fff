"""Notebook 01 runs (helpers.build.execute, as the build runs it) on the real raw file and writes the clean table."""

import json

import nbformat
import pandas as pd
import pytest

from helpers.build.execute import NotebookRunError, run_notebook
from helpers.build.parameters import declared_parameters
from helpers.core.paths import NOTEBOOKS_DIR, PROJECT_ROOT, RAW_DIR


def test_notebook_01_parameters_are_typed_and_documented():
    declared = declared_parameters(NOTEBOOKS_DIR / "01_clean_agreements.ipynb")
    assert {name: p.type_name for name, p in declared.items()} == {
        "raw_path": "str",
        "output_dir": "str",
        "strict": "bool",
    }
    assert all(p.help for p in declared.values())


@pytest.mark.slow
def test_notebook_01_runs_on_the_real_file(tmp_path):
    output = tmp_path / "executed.ipynb"
    run_notebook(
        NOTEBOOKS_DIR / "01_clean_agreements.ipynb",
        output,
        {
            "raw_path": str(RAW_DIR / "sre" / "agreements_mx_ru_cemeri.txt"),
            "output_dir": str(tmp_path / "out"),
            "strict": True,
        },
        cwd=PROJECT_ROOT,
    )
    clean = pd.read_csv(tmp_path / "out" / "agreements.csv", dtype=str, keep_default_na=False)
    assert len(clean) == 11
    assert clean["entity"].value_counts()["Colima"] == 4
    provenance = json.loads((tmp_path / "out" / "agreements_provenance.json").read_text())
    assert provenance["rows_in"] == 12 and provenance["rows_merged"] == 1
    text = "".join(
        str(o.get("data", {}).get("text/html", ""))
        for c in nbformat.read(str(output), as_version=4).cells
        for o in c.get("outputs", [])
    )
    assert "11 agreements from 6 federal entities" in text


@pytest.mark.slow
def test_notebook_01_warns_about_a_file_outside_data_raw(tmp_path):
    raw = tmp_path / "other.txt"
    raw.write_bytes((RAW_DIR / "sre" / "agreements_mx_ru_cemeri.txt").read_bytes())
    output = tmp_path / "executed.ipynb"
    run_notebook(
        NOTEBOOKS_DIR / "01_clean_agreements.ipynb",
        output,
        {"raw_path": str(raw), "output_dir": str(tmp_path / "out")},
        cwd=PROJECT_ROOT,
    )
    html = "".join(
        str(o.get("data", {}).get("text/html", ""))
        for c in nbformat.read(str(output), as_version=4).cells
        for o in c.get("outputs", [])
    )
    assert "no recorded provenance" in html and "report-warning" in html


@pytest.mark.slow
def test_notebook_01_on_a_latin1_file_stops_naming_it_and_writes_nothing(tmp_path):
    raw = tmp_path / "latin1.txt"
    raw.write_bytes(
        (RAW_DIR / "sre" / "agreements_mx_ru_cemeri.txt")
        .read_text(encoding="utf-8")
        .replace("–", "-")
        .replace("“", '"')
        .replace("”", '"')
        .encode("latin-1")
    )
    with pytest.raises(NotebookRunError) as error:
        run_notebook(
            NOTEBOOKS_DIR / "01_clean_agreements.ipynb",
            tmp_path / "executed.ipynb",
            {"raw_path": str(raw), "output_dir": str(tmp_path / "out")},
            cwd=PROJECT_ROOT,
        )
    assert "latin1.txt, line 8: not UTF-8" in error.value.summary
    assert "clean_agreements_file(raw_file" in error.value.details  # the failing cell is shown
    assert "RawDataError" in error.value.details  # with its traceback
    assert not (tmp_path / "out").exists()
