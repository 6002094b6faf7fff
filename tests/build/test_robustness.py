"""Interrupted builds and interrupted writes leave the previous outputs intact."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pandas as pd
import pytest
from factories import make_notebook
from pypdf import PdfReader

from helpers.build.job_run import remove_stale_temporaries
from helpers.core import outputs
from helpers.core.outputs import write_csv


def test_interrupted_write_keeps_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "table.csv"
    write_csv(pd.DataFrame({"a": [1]}), path)

    def crash(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(outputs.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_csv(pd.DataFrame({"a": [2]}), path)
    assert pd.read_csv(path)["a"].tolist() == [1]
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_stale_temporaries_are_removed(tmp_path):
    (tmp_path / "html").mkdir()
    stale = [tmp_path / "html" / ".x.html.abc.tmp", tmp_path / ".job.123.running.ipynb"]
    for path in stale:
        path.write_text("half")
    (tmp_path / "html" / "kept.html").write_text("whole")
    assert sorted(remove_stale_temporaries([tmp_path])) == sorted(stale)
    assert [p.name for p in (tmp_path / "html").iterdir()] == ["kept.html"]


@pytest.mark.slow
def test_build_killed_midway_leaves_previous_reports_and_next_build_is_clean(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    make_notebook(notebooks / "job.ipynb", "print('first version' * value)")
    (notebooks / "reports.yml").write_text("jobs:\n  - id: job\n    notebook: job.ipynb\n")
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from helpers.build.runner import Build, BuildOptions
        root = Path({str(tmp_path)!r})
        sys.exit(Build(BuildOptions(jobs_file=root / "notebooks" / "reports.yml",
                                    reports_dir=root / "reports", processed_dir=root / "p",
                                    quiet=True)).run())
    """)
    assert subprocess.run([sys.executable, "-c", script]).returncode == 0
    html = tmp_path / "reports" / "html" / "job.html"
    pdf = tmp_path / "reports" / "pdf" / "job.pdf"
    before = html.read_bytes(), pdf.read_bytes()

    make_notebook(notebooks / "job.ipynb", "import time\ntime.sleep(60)")
    process = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    deadline = time.time() + 60
    while not list((tmp_path / "reports" / "executed").glob(".*.running.ipynb")):
        assert time.time() < deadline and process.poll() is None, "the job never started"
        time.sleep(0.2)
    time.sleep(1)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert (html.read_bytes(), pdf.read_bytes()) == before
    assert "first version" in html.read_text()
    assert len(PdfReader(str(pdf)).pages) >= 1

    make_notebook(notebooks / "job.ipynb", "print('second version' * value)")
    assert subprocess.run([sys.executable, "-c", script]).returncode == 0
    assert "second version" in html.read_text()
    assert not list((tmp_path / "reports").rglob(".*.running.ipynb"))
