"""Run the whole app locally: Redis (unless REDIS_URL is set), one Celery worker, and the web server.

Ctrl-C (or SIGTERM) stops all of them, and everything they started (the worker's pool, its embedded beat
and its model fetcher): each runs in a process group of its own, which is ended whole. If any of the three
dies, the others are stopped too, so a half-running stack never pretends to work.
"""

import ipaddress
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
    help = "Start Redis (unless REDIS_URL is set), a Celery worker and the web server; Ctrl-C stops them all."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--concurrency", type=int, default=1, help="Worker processes (each loads the models).")
        parser.add_argument("--redis-port", type=int, help="Port for the Redis started here (default: REDIS_URL's).")

    def handle(
        self, *args: object, host: str, port: int, concurrency: int, redis_port: int | None, **options: object
    ) -> None:
        if not devstack.port_is_free(port, host):
            raise CommandError(f"Port {port} is in use: stop what runs there or pass --port.")
        processes: list[subprocess.Popen] = []
        # Explicit handlers: a shell that starts us in the background leaves SIGINT ignored.
        signal.signal(signal.SIGINT, _raise_keyboard_interrupt)
        signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
        try:
            self._collect_static()
            redis_url = self._redis(processes, redis_port)
            env = devstack.child_env(REDIS_URL=redis_url, **self._plain_http(host))
            processes.append(self._worker(env, concurrency))
            web = devstack.spawn(
                [sys.executable, "manage.py", "runserver", f"{host}:{port}", "--noreload"],
                cwd=settings.BASE_DIR,
                env=env,
            )
            processes.append(web)
            devstack.wait_for_port(port, host=host, timeout=60, process=web)
            self.stdout.write(self.style.SUCCESS(f"\nThe app is running at http://{host}:{port}/  (Ctrl-C stops it)\n"))
            self._watch(processes)
        except KeyboardInterrupt:
            self.stdout.write("\nStopping web server, worker and Redis ...")
        finally:
            devstack.stop(list(reversed(processes)))
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

    def _redis(self, processes: list[subprocess.Popen], redis_port: int | None) -> str:
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
        processes.append(devstack.start_redis(port=port, data_dir=Path(settings.BASE_DIR) / "var" / "redis"))
        self.stdout.write(f"Started Redis on 127.0.0.1:{port}.")
        return f"redis://127.0.0.1:{port}/0"

    def _worker(self, env: dict[str, str], concurrency: int) -> subprocess.Popen:
        # --beat embeds the scheduler that runs the sweeper; with several workers, run it in one only.
        (Path(settings.BASE_DIR) / "var").mkdir(exist_ok=True)
        return devstack.spawn(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "newsapp",
                "worker",
                "--beat",
                "--loglevel",
                "INFO",
                "--concurrency",
                str(concurrency),
            ],
            cwd=settings.BASE_DIR,
            env=env,
        )

    def _watch(self, processes: list[subprocess.Popen]) -> None:
        while True:
            for process in processes:
                if process.poll() is not None:
                    args = devstack.command_args(process)
                    raise CommandError(f"{Path(args[0]).name} {args[1:3]} exited ({process.returncode}).")
            time.sleep(0.5)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
