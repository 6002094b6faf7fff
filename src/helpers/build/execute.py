"""Running one notebook, the same way in the build, the tests and the benchmarks.

Why this module exists: a notebook run is a kernel process started by papermill, and on
a busy two-core machine several of them start at the same moment. Two things then go
wrong unless they are handled here:

* **Kernels race for TCP ports.** jupyter_client picks "free" ports by binding and
  releasing them, and the kernel binds them again a moment later; a kernel started in
  another process in between may take the same port, and the kernel dies before it
  replies. Kernels here talk over Unix sockets (ZeroMQ's IPC transport) in a private
  folder of their own, so there is no shared namespace to race in, and no "running over
  TCP without encryption" warning either.
* **A slow start is not a failure.** On a loaded machine a kernel can take many seconds
  to import its libraries. The start-up waits ``START_TIMEOUT`` seconds and a kernel that
  still fails to start (before any cell ran) is started again, up to ``START_ATTEMPTS``
  times, each attempt written to the run's log.

Whatever fails, the caller gets a ``NotebookRunError`` that names the notebook, the
failing cell (its number, its first lines) and the traceback, as plain text. The
kernel's own stderr (its warnings and log lines) goes to a log file when one is given,
not to the terminal.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import default

KERNEL_NAME = "python3"
START_TIMEOUT = 120  # seconds a kernel may take to reply once started (a loaded machine)
START_ATTEMPTS = 3  # kernels that die before any cell ran are started again this often
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class NotebookRunError(RuntimeError):
    """A notebook run that failed, with where and why in plain text."""

    def __init__(self, notebook: Path, summary: str, details: str = "", cell: int | None = None):
        self.notebook = Path(notebook)
        self.summary = summary
        self.details = details
        self.cell = cell
        super().__init__(f"{self.notebook.name}: {summary}" + (f"\n{details}" if details else ""))


@dataclass
class RunTimes:
    """Seconds spent starting the kernel and executing the cells, and the attempts made."""

    kernel_start: float
    execution: float
    attempts: int


class IPCKernelManager(AsyncKernelManager):
    """A kernel on Unix sockets in a folder of its own: no TCP ports to race for.

    ``log_path`` (a class attribute, set by ``kernel_manager_for``) receives the kernel
    process's stdout and stderr.
    """

    log_path: str = ""
    warm_server: str = ""  # a warm kernel server's address (helpers.build.warm_kernels), or ''

    @default("transport")
    def _transport_default(self) -> str:
        return "ipc"

    @default("ip")
    def _ip_default(self) -> str:
        # A short private folder: socket paths must stay under about 100 characters.
        self._socket_dir = tempfile.mkdtemp(prefix="kernel-")
        return str(Path(self._socket_dir) / "k")

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        if self.warm_server and self._fork_from_warm_server(kernel_cmd, kw):
            return
        if self.log_path:
            stream = open(self.log_path, "ab")  # noqa: SIM115 - the kernel process holds it
            kw.setdefault("stdout", stream)
            kw.setdefault("stderr", stream)
            try:
                await super()._async_launch_kernel(kernel_cmd, **kw)
            finally:
                stream.close()  # the child has its own copy of the descriptor
        else:
            await super()._async_launch_kernel(kernel_cmd, **kw)

    def _fork_from_warm_server(self, kernel_cmd: list[str], kw: dict) -> bool:
        """Take a kernel forked by the warm server; False (reason logged) to start a fresh one."""
        from helpers.build.warm_kernels import Refused, fork_kernel

        env = dict(kw.get("env") or os.environ)
        env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launcher sets it
        cwd = str(kw.get("cwd") or os.getcwd())
        try:
            process = fork_kernel(self.warm_server, kernel_cmd, env, cwd, self.log_path)
        except Refused as reason:
            _log(Path(self.log_path) if self.log_path else None, f"fresh kernel: {reason}")
            return False
        provisioner = self.provisioner
        provisioner.process, provisioner.pid, provisioner.pgid = process, process.pid, process.pid
        provisioner.cwd = cwd
        self._reconcile_connection_info(provisioner.connection_info)
        return True

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and getattr(self, "_socket_dir", ""):
            shutil.rmtree(self._socket_dir, ignore_errors=True)

    cleanup_resources = _async_cleanup_resources


def kernel_manager_for(log_path: Path | None, warm_server: str = "") -> type[IPCKernelManager]:
    """An IPC kernel manager class whose kernels write their output to ``log_path``.

    With ``warm_server``, kernels are forked by that warm kernel server when it can.
    """
    attributes = {"log_path": str(log_path or ""), "warm_server": warm_server}
    return type("JobKernelManager", (IPCKernelManager,), attributes)


def _log(log_path: Path | None, message: str) -> None:
    if log_path:
        with open(log_path, "a", encoding="utf-8") as stream:
            stream.write(message.rstrip("\n") + "\n")


def _plain(text: str) -> str:
    return _ANSI.sub("", text or "")


def _cells_started(output: Path) -> bool:
    """Whether any code cell began executing (papermill records it in the output)."""
    import nbformat

    if not output.exists():
        return False
    try:
        notebook = nbformat.read(str(output), as_version=4)
    except Exception:  # a notebook half-written by a dying run: treat as not started
        return False
    return any(
        cell.get("metadata", {}).get("papermill", {}).get("start_time")
        for cell in notebook.cells
        if cell.cell_type == "code"
    )


def _failing_cell(output: Path) -> tuple[int | None, str]:
    """The number and first lines of the cell that raised, read from the partial notebook."""
    import nbformat

    try:
        notebook = nbformat.read(str(output), as_version=4)
    except Exception:
        return None, ""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            lines = cell.source.splitlines()
            shown = "\n".join(f"    {line}" for line in lines[:8])
            more = f"\n    … ({len(lines) - 8} more lines)" if len(lines) > 8 else ""
            return index, shown + more
    return None, ""


def run_notebook(
    notebook: Path | str,
    output: Path | str,
    parameters: dict | None = None,
    *,
    cwd: Path | str,
    log_path: Path | None = None,
    kernel_name: str = KERNEL_NAME,
    start_timeout: int = START_TIMEOUT,
    start_attempts: int = START_ATTEMPTS,
    warm_server: str = "",
) -> RunTimes:
    """Execute ``notebook`` with papermill into ``output``; raise NotebookRunError on failure.

    Returns the seconds spent starting the kernel and executing the cells. ``warm_server``
    names a running warm kernel server (``helpers.build.warm_kernels``) to fork the kernel from.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    notebook, output = Path(notebook), Path(output)
    manager = kernel_manager_for(log_path, warm_server)
    for attempt in range(1, start_attempts + 1):
        started = time.time()
        try:
            executed = papermill.execute_notebook(
                str(notebook),
                str(output),
                parameters=parameters or {},
                cwd=str(cwd),
                kernel_name=kernel_name,
                progress_bar=False,
                log_output=False,
                start_timeout=start_timeout,
                kernel_manager_class=manager,
            )
        except PapermillExecutionError as error:
            index, source = _failing_cell(output)
            where = f"cell In[{error.exec_count}]"  # as Jupyter and the traceback number it
            summary = f"{where} raised {error.ename}: {_plain(error.evalue)}"
            details = (f"{where}:\n{source}\n" if source else "") + "\n".join(
                _plain(line) for line in error.traceback
            )
            _log(log_path, f"FAILED {summary}\n{details}")
            raise NotebookRunError(notebook, summary, details, index) from error
        except Exception as error:  # the kernel did not start, or died
            summary = f"{type(error).__name__}: {_plain(str(error))}"
            if attempt < start_attempts and not _cells_started(output):
                _log(log_path, f"kernel start, attempt {attempt} failed ({summary}); again")
                continue
            _log(log_path, f"FAILED {summary}")
            raise NotebookRunError(notebook, f"kernel failed: {summary}") from error
        begun = next(
            (
                cell.metadata["papermill"]["start_time"]
                for cell in executed.cells
                if cell.get("metadata", {}).get("papermill", {}).get("start_time")
            ),
            None,
        )  # the first cell began once the kernel had started and replied
        ended = time.time()
        kernel_start = dt.datetime.fromisoformat(begun).timestamp() - started if begun else 0.0
        kernel_start = min(max(kernel_start, 0.0), ended - started)
        return RunTimes(kernel_start, ended - started - kernel_start, attempt)
    raise AssertionError("unreachable")  # pragma: no cover
