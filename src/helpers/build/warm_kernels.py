"""Kernels forked from a process that has already imported the notebooks' libraries.

Why this module exists: ``make bench`` showed that a report's notebook spends about half
of its run starting a Python kernel and importing the same libraries (pandas,
matplotlib, the helpers) that every other report imports too: 28 times the same two
seconds of CPU, on a two-core machine. A *warm kernel server* pays that once per build:
it imports the modules that the notebooks import, then waits. For each job it forks
itself, and the child becomes the job's kernel, exactly as ``python -m
ipykernel_launcher -f <connection file>`` would, with the job's environment, working
folder and log. Each job still gets a kernel of its own: a fresh process, with no state
left by any other report (the server never runs a cell).

What a fresh kernel and a warm one share, and the tests check it: ``sys.path``, the
working folder, the environment, the matplotlib backend, the outputs. What they do not:
the kernel's Python hash seed and the process's start time. A request the server cannot
serve as a fresh kernel would be served (another interpreter, another kernel command,
an environment that differs in a variable read at import) is refused with its reason,
and the caller starts a fresh kernel and writes the reason to the job's log: never a
silently different kernel.

The server is a child of the build and ends with it (it exits when its parent does).
Only the parent forks: the server has no threads of its own and no ZeroMQ context, so
forking it is safe.
"""

from __future__ import annotations

import ast
import atexit
import json
import os
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# A request whose environment differs from the server's is refused (a library may have read
# the variable when the server imported it), except in these: the variables jupyter_client,
# the build and pytest set for each kernel, job or test, which are read when used.
# COLUMNS and LINES are a terminal's size, which test runners set.
PER_KERNEL_VARIABLES = (
    "JPY_",
    "IPY_",
    "HELPERS_OUTPUTS_RECORD",
    "PYTEST_CURRENT_TEST",
    "COLUMNS",
    "LINES",
)
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"  # what ipykernel sets itself
# What ipykernel imports to start a kernel (its shell, its debugger, the history database):
# preloaded too, a kernel's own start-up then takes about 0.15 s instead of 0.55 s.
KERNEL_MODULES = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",
    "sqlite3",
    "pdb",
)
READY_TIMEOUT = 120.0  # seconds the server may take to import (as long as a kernel may start)


class Refused(RuntimeError):
    """A request the warm server cannot serve exactly as a fresh kernel would be started."""


def notebook_imports(notebooks: list[Path]) -> list[str]:
    """The modules the notebooks' code cells import, in first-seen order.

    Read from the notebooks themselves, so that the server preloads what the reports use
    and nothing else; a line of IPython magic is skipped, a cell that is not Python is
    ignored.
    """
    import nbformat

    seen: dict[str, None] = {}
    for path in notebooks:
        for cell in nbformat.read(str(path), as_version=4).cells:
            if cell.cell_type != "code":
                continue
            source = "\n".join(
                line
                for line in cell.source.splitlines()
                if not line.lstrip().startswith(("%", "!"))
            )
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    seen.update({alias.name: None for alias in node.names})
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    seen[node.module] = None
    return list(seen)


def _send(connection: socket.socket, message: dict) -> None:
    connection.sendall(json.dumps(message).encode() + b"\n")


def _receive(connection: socket.socket) -> dict:
    data = b""
    while not data.endswith(b"\n"):
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionError("the warm kernel server closed the connection")
        data += chunk
    return json.loads(data)


def _refusal(request: dict, base_environment: dict) -> str:
    """Why a request cannot be served as a fresh kernel would be, or ''."""
    argv = request["argv"]
    if len(argv) < 3 or argv[1] != "-m":
        return f"kernel command {argv[:3]} is not 'python -m <module>'"
    if os.path.realpath(argv[0]) != os.path.realpath(sys.executable):
        return f"kernel interpreter {argv[0]} is not the server's {sys.executable}"
    # A kernel without MPLBACKEND gets ipykernel's, as the server did before its imports.
    environment = {"MPLBACKEND": INLINE_BACKEND, **request["env"]}
    differing = sorted(
        name
        for name in set(environment) | set(base_environment)
        if not name.startswith(PER_KERNEL_VARIABLES)
        and environment.get(name) != base_environment.get(name)
    )
    if differing:
        return f"environment differs from the server's in {', '.join(differing[:5])}"
    return ""


def _become_kernel(request: dict, listener: socket.socket) -> None:
    """In the forked child: take the job's streams, folder and environment, run the kernel."""
    code = 1
    try:
        listener.close()
        os.setsid()  # a process group of its own, as jupyter_client gives a fresh kernel
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        log = request.get("log") or os.devnull
        stream = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.dup2(stream, 1)
        os.dup2(stream, 2)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
        module, arguments = request["argv"][2], request["argv"][3:]
        if "JPY_PARENT_PID" in os.environ:
            # The kernel's parent is this server: the kernel watches it and ends with it.
            # ipykernel read the variable when the server imported it, so say it again.
            os.environ["JPY_PARENT_PID"] = str(os.getppid())
            arguments = [*arguments, f"--IPKernelApp.parent_handle={os.getppid()}"]
        # ``python -m`` puts the working folder first on sys.path; ``python -c`` put ''.
        sys.path[0] = os.getcwd()
        sys.argv = [module, *arguments]
        try:
            runpy.run_module(module, run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        atexit._run_exitfuncs()
    except BaseException:  # noqa: BLE001 - the child must never return into the server loop
        import traceback

        traceback.print_exc()
    finally:
        for handle in (sys.stdout, sys.stderr):
            try:
                handle.flush()
            except Exception:  # noqa: BLE001
                pass
        os._exit(code)


def serve(address: str, modules: list[str]) -> None:
    """Import ``modules``, then fork a kernel for each request on the Unix socket ``address``."""
    parent = os.getppid()
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    base_environment = dict(os.environ)  # what requests are compared with
    failed = []
    for name in [*KERNEL_MODULES, *modules]:
        try:
            __import__(name)
        except Exception as error:  # noqa: BLE001 - the kernel will raise it where it is used
            failed.append(f"{name}: {type(error).__name__}: {error}")
    # Variables the imports set themselves (a fresh kernel's imports set them too): kept.
    imported = {k: v for k, v in os.environ.items() if base_environment.get(k) != v}
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # ended kernels are reaped at once
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address + ".tmp")
    listener.listen(16)
    listener.settimeout(1.0)
    os.replace(address + ".tmp", address)  # the socket appears only once the server is ready
    # Forking is safe only from a process with one thread: if an import started another,
    # every request is refused (and gets a fresh kernel), with the threads named.
    threads = [thread.name for thread in threading.enumerate()]
    unsafe = [name for name in threads if name != threading.main_thread().name]
    print(json.dumps({"ready": True, "threads": threads, "preload_failures": failed}), flush=True)
    while os.getppid() == parent:
        try:
            connection, _ = listener.accept()
        except TimeoutError:
            continue
        with connection:
            connection.settimeout(None)
            try:
                request = _receive(connection)
            except (ConnectionError, ValueError):
                continue
            reason = (
                f"the server's imports started threads ({', '.join(unsafe)}): forking is unsafe"
                if unsafe
                else _refusal(request, base_environment)
            )
            if reason:
                _send(connection, {"refused": reason})
                continue
            pid = os.fork()
            if pid == 0:
                connection.close()
                _become_kernel({**request, "env": {**imported, **request["env"]}}, listener)
            _send(connection, {"pid": pid})
    listener.close()


class WarmKernelServer:
    """The build's side of a warm kernel server: start it, give its address, stop it."""

    def __init__(self, modules: list[str], log_path: Path | None = None):
        self.modules = list(modules)
        self.log_path = log_path
        self.folder = tempfile.mkdtemp(prefix="warm-kernels-")
        self.address = str(Path(self.folder) / "server")
        self.process: subprocess.Popen | None = None

    def start(self) -> WarmKernelServer:
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        code = "import sys; from helpers.build.warm_kernels import serve; serve(sys.argv[1], sys.argv[2:])"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, self.address, *self.modules],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
        )
        if log is not subprocess.DEVNULL:
            log.close()
        Path(self.address + ".pid").write_text(str(self.process.pid))
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> WarmKernelServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class ForkedKernelProcess:
    """A forked kernel seen through the part of ``subprocess.Popen`` jupyter_client uses.

    The kernel is the server's child, not ours, so its exit code cannot be read: ``poll``
    reports 0 once the process is gone, and jupyter_client learns of a crash the way it
    always does, from the kernel no longer answering.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except (ProcessLookupError, PermissionError):  # gone, or its pid someone else's
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def fork_kernel(
    address: str, argv: list[str], env: dict, cwd: str, log: str, wait: float = READY_TIMEOUT
) -> ForkedKernelProcess:
    """Ask the server at ``address`` for a kernel; raise ``Refused`` (with why) if it cannot."""
    deadline = time.monotonic() + wait
    while not os.path.exists(address):  # the server is still importing its modules
        try:
            os.kill(int(Path(address + ".pid").read_text()), 0)
        except (OSError, ValueError):
            raise Refused(f"no warm kernel server is running at {address}") from None
        if time.monotonic() > deadline:
            raise Refused(f"the warm kernel server was not ready within {wait:.0f} s")
        time.sleep(0.05)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        try:
            connection.connect(address)
            _send(connection, {"argv": argv, "env": env, "cwd": cwd, "log": log})
            reply = _receive(connection)
        except OSError as error:
            raise Refused(f"the warm kernel server did not answer: {error}") from error
    if "refused" in reply:
        raise Refused(reply["refused"])
    return ForkedKernelProcess(int(reply["pid"]))
