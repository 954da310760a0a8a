"""Run the whole app locally: Redis (unless REDIS_URL is set), a Celery worker for the models, one for
reading links and feeds (the fetching queue), Celery beat and the web server.

Ctrl-C (or SIGTERM) stops all of them, and everything they started (the worker's pool and its model
fetcher): each runs in a process group of its own, which is ended whole. If any of them dies, the others
are stopped too and the stack says which one ended, so a half-running stack never pretends to work (beat
runs as a process of its own for that: embedded in the worker, its death went unnoticed). Killed outright
(SIGKILL, when no clean-up can run), it still leaves nothing behind: the kernel sends each process it
started SIGTERM (the parent-death signal). What a stack runs is written to var/runstack-<port>.json; a
start on that port that finds processes of an earlier stack still running names them and stops, instead
of failing later on a port in use.
"""

import ipaddress
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsapp import devstack


class Command(BaseCommand):
    help = (
        "Start Redis (unless REDIS_URL is set), a Celery worker, Celery beat and the web server; Ctrl-C stops them all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--concurrency", type=int, default=1, help="Worker processes (each loads the models).")
        parser.add_argument("--redis-port", type=int, help="Port for the Redis started here (default: REDIS_URL's).")

    def handle(
        self, *args: object, host: str, port: int, concurrency: int, redis_port: int | None, **options: object
    ) -> None:
        state = _var(f"runstack-{port}.json")
        _refuse_leftovers(state)
        if not devstack.port_is_free(port, host):
            raise CommandError(f"Port {port} is in use: stop what runs there or pass --port.")
        processes: dict[str, subprocess.Popen] = {}
        # Explicit handlers: a shell that starts us in the background leaves SIGINT ignored.
        signal.signal(signal.SIGINT, _raise_keyboard_interrupt)
        signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
        try:
            self._collect_static()
            redis_url = self._redis(processes, redis_port)
            env = devstack.child_env(REDIS_URL=redis_url, PORT=str(port), **self._plain_http(host))
            processes["worker"] = self._celery(
                [
                    "worker",
                    "--concurrency",
                    str(concurrency),
                    "--queues",
                    settings.SUMMARIES_MODEL_WORKER_QUEUES,
                    "--hostname",
                    "worker@%h",
                ],
                env,
            )
            # Reading links and feeds in a worker of its own: a hostile site never holds up an article.
            processes["fetching worker"] = self._celery(
                [
                    "worker",
                    "--concurrency",
                    "2",
                    "--queues",
                    settings.SUMMARIES_FETCH_QUEUE,
                    "--hostname",
                    "fetching@%h",
                ],
                env,
            )
            processes["beat"] = self._celery(["beat", "--schedule", str(_var("celerybeat-schedule"))], env)
            processes["web server"] = _spawn(
                [sys.executable, "manage.py", "runserver", f"{host}:{port}", "--noreload"], env
            )
            _write_state(state, processes)
            devstack.wait_for_port(port, host=host, timeout=60, process=processes["web server"])
            self.stdout.write(self.style.SUCCESS(f"\nThe app is running at http://{host}:{port}/  (Ctrl-C stops it)\n"))
            self._watch(processes)
        except KeyboardInterrupt:
            self.stdout.write("\nStopping web server, beat, workers and Redis ...")
        finally:
            devstack.stop(list(reversed(processes.values())))
            state.unlink(missing_ok=True)
        self.stdout.write("Stopped.")

    def _collect_static(self) -> None:
        """Without DEBUG the web server serves static files as in production: content-hashed copies collected
        into STATIC_ROOT (WhiteNoise); collecting again only copies what changed."""
        if not settings.DEBUG:
            self.stdout.write(f"Collecting static files into {settings.STATIC_ROOT} ...")
            call_command("collectstatic", interactive=False, verbosity=0)

    def _plain_http(self, host: str) -> dict[str, str]:
        """A server on the loopback address is reached from this machine only, over plain HTTP: the HTTPS
        switches (on by default without DEBUG) would redirect to an https:// nobody serves and make the
        browser drop the session and CSRF cookies. HTTPS set in the environment is left as it is."""
        if "HTTPS" in os.environ or not _is_loopback(host):
            return {}
        return {"HTTPS": "0"}

    def _redis(self, processes: dict[str, subprocess.Popen], redis_port: int | None) -> str:
        """Use REDIS_URL when given; otherwise start the bundled redis-server on its port."""
        if redis_port is None and "REDIS_URL" in os.environ:
            self.stdout.write(f"Using the Redis server at {settings.REDIS_URL} (REDIS_URL).")
            return settings.REDIS_URL
        url = urlparse(settings.REDIS_URL)
        port = redis_port or url.port or 6379
        if not devstack.port_is_free(port):
            raise CommandError(
                f"Port {port} is in use, so a Redis server cannot be started there. If a Redis server runs there, "
                f"set REDIS_URL=redis://127.0.0.1:{port}/0 to use it; otherwise pass --redis-port."
            )
        processes["Redis"] = devstack.start_redis(port=port, data_dir=_var("redis"), die_with_parent=True)
        self.stdout.write(f"Started Redis on 127.0.0.1:{port}.")
        return f"redis://127.0.0.1:{port}/0"

    def _celery(self, arguments: list[str], env: dict[str, str]) -> subprocess.Popen:
        _var("").mkdir(exist_ok=True)
        return _spawn([sys.executable, "-m", "celery", "-A", "newsapp", *arguments, "--loglevel", "INFO"], env)

    def _watch(self, processes: dict[str, subprocess.Popen]) -> None:
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
                    raise CommandError(
                        f"The {name} stopped (exit status {process.returncode}), so the whole stack is stopped: "
                        "its log is above. Start it again with `make run`."
                    )
            time.sleep(0.5)


def _spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return devstack.spawn(args, cwd=settings.BASE_DIR, env=env, die_with_parent=True)


def _var(name: str) -> Path:
    return Path(settings.VAR_DIR) / name


def _write_state(path: Path, processes: dict[str, subprocess.Popen]) -> None:
    """What this stack runs, so that a later start can tell whether it left anything behind."""
    running = {
        name: {"pid": process.pid, "command": devstack.command_args(process)} for name, process in processes.items()
    }
    path.write_text(json.dumps({"pid": os.getpid(), "processes": running}), encoding="utf-8")


def _refuse_leftovers(path: Path) -> None:
    """Stop, naming them, if processes an earlier stack started still run (it was killed before it could
    stop them, on a machine without the parent-death signal); a stack still running is said so too."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if devstack.process_runs(state.get("pid", 0), containing="runstack"):
        raise CommandError(f"`make run` is already running (process {state['pid']}); stop it with Ctrl-C first.")
    left = {
        name: process["pid"]
        for name, process in state.get("processes", {}).items()
        if devstack.process_runs(process.get("pid", 0), command=process.get("command", []))
    }
    if left:
        listed = ", ".join(f"{name} (process {pid})" for name, pid in left.items())
        raise CommandError(
            f"An earlier `make run` was killed and left these running: {listed}. Stop them "
            f"(kill {' '.join(str(pid) for pid in left.values())}) and start again."
        )
    path.unlink(missing_ok=True)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
