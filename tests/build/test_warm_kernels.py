"""Kernels forked from a warm server behave as fresh kernels, and refuse when they cannot.

Each test runs real kernels: a fresh one started by jupyter_client, and one forked by a
real warm kernel server (helpers.build.warm_kernels), on small notebooks written here.
"""

import json
import os

import nbformat
import pytest
from factories import make_notebook

from helpers.build.execute import NotebookRunError, run_notebook
from helpers.build.warm_kernels import WarmKernelServer, notebook_imports
from helpers.core.paths import PROJECT_ROOT

# What a kernel can observe of the process it runs in: everything a notebook could depend on.
PROBE = """
import json, os, sys
import matplotlib
from IPython import get_ipython
import helpers
print(json.dumps({
    "cwd": os.getcwd(),
    "path": sys.path,
    "argv0": os.path.basename(sys.argv[0]),
    "backend": matplotlib.get_backend(),
    "name": __name__,
    "value": value,
    "environment": sorted(os.environ),
    "record": os.environ.get("HELPERS_OUTPUTS_RECORD"),
    "epoch": os.environ.get("SOURCE_DATE_EPOCH"),
    "marked": getattr(helpers, "_marked_by_a_previous_kernel", False),
    "shell": type(get_ipython()).__name__,
    "parent": os.environ.get("JPY_PARENT_PID") == str(os.getppid()),
}))
helpers._marked_by_a_previous_kernel = True  # a later kernel must not see this
from matplotlib.figure import Figure
from IPython.display import Image, display
import io
figure = Figure(figsize=(2, 1))
figure.add_subplot().plot([1, 2])
buffer = io.BytesIO()
figure.savefig(buffer, format="png")
display(Image(buffer.getvalue()))
"""


def _observed(output):
    outputs = nbformat.read(str(output), as_version=4).cells[-1].outputs
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    kinds = sorted({kind for o in outputs for kind in o.get("data", {})})
    return json.loads(text), kinds


def _run_warm(notebook, output, address, parameters=None, log=None):
    """run_notebook from the project's root, its kernel asked of the server at ``address``."""
    run_notebook(notebook, output, parameters, cwd=PROJECT_ROOT, log_path=log, warm_server=address)


def _printed(output) -> str:
    """What the executed notebook's last cell printed."""
    return nbformat.read(str(output), as_version=4).cells[-1].outputs[0]["text"]


@pytest.fixture
def server(tmp_path):
    with WarmKernelServer(["pandas", "matplotlib.figure", "helpers"], tmp_path / "server.log") as s:
        yield s


@pytest.mark.slow
def test_a_warm_kernel_sees_what_a_fresh_kernel_sees(tmp_path, server, monkeypatch):
    monkeypatch.setenv("HELPERS_OUTPUTS_RECORD", str(tmp_path / "record"))
    notebook = tmp_path / "probe.ipynb"
    make_notebook(notebook, PROBE)
    run_notebook(notebook, tmp_path / "fresh.ipynb", {"value": 7}, cwd=PROJECT_ROOT)
    log = tmp_path / "warm.log"
    for attempt in ("first", "second"):  # the second kernel forks from the same server
        output = tmp_path / f"warm-{attempt}.ipynb"
        _run_warm(notebook, output, server.address, {"value": 7}, log)
        warm, warm_kinds = _observed(output)
        fresh, fresh_kinds = _observed(tmp_path / "fresh.ipynb")
        assert warm == fresh
        assert warm_kinds == fresh_kinds == ["image/png", "text/plain"]
    assert warm["value"] == 7 and warm["record"] == str(tmp_path / "record")
    assert warm["backend"].endswith("backend_inline") and warm["shell"] == "ZMQInteractiveShell"
    assert warm["parent"] and not warm["marked"]
    assert "fresh kernel" not in log.read_text()  # both were forked, not started afresh
    ready = json.loads((tmp_path / "server.log").read_text().splitlines()[-1])
    assert ready == {"ready": True, "threads": ["MainThread"], "preload_failures": []}


@pytest.mark.slow
def test_an_environment_the_server_does_not_have_gets_a_fresh_kernel_and_says_why(
    tmp_path, server, monkeypatch
):
    monkeypatch.setenv("A_SETTING_READ_AT_IMPORT", "on")  # set after the server started
    notebook = tmp_path / "probe.ipynb"
    make_notebook(notebook, "import os\nprint(os.environ['A_SETTING_READ_AT_IMPORT'])")
    log = tmp_path / "job.log"
    output = tmp_path / "out.ipynb"
    _run_warm(notebook, output, server.address, log=log)
    assert _printed(output) == "on\n"
    assert (
        "fresh kernel: environment differs from the server's in A_SETTING_READ_AT_IMPORT"
        in log.read_text()
    )


@pytest.mark.slow
def test_a_server_whose_imports_started_a_thread_refuses_to_fork(tmp_path, monkeypatch):
    (tmp_path / "starts_a_thread.py").write_text(
        "import threading, time\n"
        "threading.Thread(target=time.sleep, args=(60,), name='poller', daemon=True).start()\n"
    )
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))  # before the server starts: one environment
    notebook = tmp_path / "probe.ipynb"
    make_notebook(notebook, "print(value + 1)")
    log, output = tmp_path / "job.log", tmp_path / "out.ipynb"
    with WarmKernelServer(["starts_a_thread"]) as server:
        _run_warm(notebook, output, server.address, {"value": 1}, log)
    assert _printed(output) == "2\n"
    assert "fresh kernel: the server's imports started threads (poller)" in log.read_text()


@pytest.mark.slow
def test_a_server_that_is_gone_gets_a_fresh_kernel_and_says_why(tmp_path):
    notebook = tmp_path / "probe.ipynb"
    make_notebook(notebook, "print(value * 3)")
    log = tmp_path / "job.log"
    output = tmp_path / "out.ipynb"
    server = WarmKernelServer(["json"])  # never started
    _run_warm(notebook, output, server.address, {"value": 2}, log)
    assert _printed(output) == "6\n"
    assert "fresh kernel: no warm kernel server is running at" in log.read_text()


@pytest.mark.slow
def test_a_warm_kernel_that_dies_is_a_failure_that_says_so(tmp_path, server):
    notebook = tmp_path / "dies.ipynb"
    make_notebook(notebook, "import os\nos._exit(3)")
    with pytest.raises(NotebookRunError) as failure:
        _run_warm(notebook, tmp_path / "out.ipynb", server.address)
    assert "dies.ipynb" in str(failure.value)
    assert "died" in str(failure.value).lower() or "dead" in str(failure.value).lower()


@pytest.mark.slow
def test_a_failing_cell_in_a_warm_kernel_shows_the_cell_and_traceback(tmp_path, server):
    notebook = tmp_path / "raises.ipynb"
    make_notebook(notebook, "numbers = [1, 2]\nnumbers[value]")
    with pytest.raises(NotebookRunError) as failure:
        _run_warm(notebook, tmp_path / "out.ipynb", server.address, {"value": 5})
    assert "IndexError: list index out of range" in failure.value.summary
    assert "numbers[value]" in failure.value.details


@pytest.mark.slow
def test_the_server_ends_with_the_build_and_leaves_no_kernel(tmp_path):
    server = WarmKernelServer(["json"]).start()
    notebook = tmp_path / "pid.ipynb"
    make_notebook(notebook, "import os\nprint(os.getpid())")
    output = tmp_path / "out.ipynb"
    _run_warm(notebook, output, server.address)
    kernel = int(_printed(output))
    assert kernel != server.process.pid
    server.stop()
    assert server.process.poll() is not None
    with pytest.raises(ProcessLookupError):
        os.kill(kernel, 0)
    assert not os.path.exists(server.address)


def test_the_server_preloads_what_the_notebooks_import(tmp_path):
    notebook = tmp_path / "imports.ipynb"
    make_notebook(
        notebook,
        "%matplotlib inline\nimport pandas as pd, json\nfrom helpers.words.labels import text\n"
        "from . import nothing\nif True:\n    import csv\n!ls",
    )
    other = tmp_path / "other.ipynb"
    make_notebook(other, "import json\nfrom matplotlib.figure import Figure\nthis is not (python")
    assert notebook_imports([notebook, other]) == ["pandas", "json", "helpers.words.labels", "csv"]
