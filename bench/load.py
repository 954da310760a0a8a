"""Load test: simulated browsers submit articles and follow them while gunicorn, Redis and a Celery
worker with tiny models serve them, all on this machine.

Each client is a browser with its own cookies (articles are visible only to the session that submitted
them). It loops for the duration: open the form, submit the fixture article made unique with a numbered
sentence, open the article page, poll the status endpoint every 0.5-1 s until the job finishes, open
the page again for the result. Then the clients stop submitting and keep polling until every job they
submitted has finished or the drain timeout passes. Targets (exit status 1 when one is missed): no 5xx
response and no connection error, no lost job (submitted but unfinished after draining), no failed job,
and submit p95 under 300 ms. Usage:

    .venv/bin/python bench/load.py [--clients 50] [--duration 60] [--ramp-up 5] [--gunicorn-workers 2]
        [--gunicorn-threads 8] [--worker-concurrency 1] [--worker-threads 1] [--drain-timeout 300] [--json]

The tiny models are built once under var/load/models (a folder per version of tests/model_factory.py);
everything else (SQLite database, Redis data, static files, logs) goes to a fresh var/load/run-<pid>/,
removed afterwards unless a target was missed.
"""

import argparse
import hashlib
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared"))
FIXTURE = SHARED / "fixtures" / "ar_news_putin_sisi.txt"
VAR = REPO / "var" / "load"
REQUEST_TIMEOUT = 30
ARTICLE_URL = re.compile(r"/articles/([0-9a-f-]{36})/$")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

sys.path.insert(0, str(REPO))
from load_report import build_report, format_report, save_requests  # noqa: E402

from newsapp import devstack  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50, help="simulated browsers (default 50)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of submitting (default 60)")
    parser.add_argument("--gunicorn-workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--gunicorn-threads", type=int, default=8, help="threads per gunicorn worker (default 8)")
    parser.add_argument("--worker-concurrency", type=int, default=1, help="Celery worker processes (default 1)")
    parser.add_argument("--worker-threads", type=int, default=1, help="torch threads per worker process (default 1)")
    parser.add_argument("--ramp-up", type=float, default=5, help="seconds over which the clients start (default 5)")
    parser.add_argument("--drain-timeout", type=float, default=300, help="seconds to wait for the queue to drain")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the report")
    args = parser.parse_args()
    # Explicit handlers: a shell that starts us in the background leaves SIGINT ignored, and a test runner sends SIGTERM.
    signal.signal(signal.SIGINT, _raise_keyboard_interrupt)
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)

    run_dir = VAR / f"run-{os.getpid()}"
    processes: list[subprocess.Popen] = []
    passed = False
    try:
        base_url = start_stack(args, run_dir, processes)
        browsers, elapsed = run_clients(args, base_url, processes)
        report = build_report(args, browsers, elapsed)
        save_requests(run_dir / "requests.csv", browsers)
        passed = report["passed"]
        print(json.dumps(report) if args.json else format_report(report))
    except KeyboardInterrupt:
        print("interrupted: stopping gunicorn, the worker and Redis", file=sys.stderr)
    finally:
        devstack.stop(list(reversed(processes)))
        if passed and not os.environ.get("LOAD_KEEP_RUN"):
            shutil.rmtree(run_dir, ignore_errors=True)
        elif run_dir.exists():
            print(f"logs and database kept in {run_dir}", file=sys.stderr)
    sys.exit(0 if passed else 1)


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


# --- the stack: tiny models, database, Redis, Celery worker, gunicorn -------------------------------


def start_stack(args: argparse.Namespace, run_dir: Path, processes: list[subprocess.Popen]) -> str:
    """Start everything on loopback and return the web server's address once it and the worker are up."""
    # Keyed by the factory's own code, so a change to how tiny models are built is never hidden by a cache.
    factory = hashlib.sha256((REPO / "tests" / "model_factory.py").read_bytes()).hexdigest()[:12]
    translation, summarization = tiny_models(VAR / "models" / factory)
    run_dir.mkdir(parents=True)
    redis_port, web_port = devstack.free_port(), devstack.free_port()
    processes.append(devstack.start_redis(port=redis_port, data_dir=run_dir / "redis"))
    env = devstack.child_env(
        DEBUG="0",
        HTTPS="0",
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{run_dir / 'db.sqlite3'}",
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        STATIC_ROOT=str(run_dir / "static"),
        MEDIA_ROOT=str(run_dir / "media"),
        TRANSLATION_MODEL=str(translation),
        SUMMARIZATION_MODEL=str(summarization),
        TRANSLATION_MAX_NEW_TOKENS="8",
        TRANSLATION_NUM_BEAMS="1",
        SUMMARY_MAX_NEW_TOKENS="12",
        SUMMARY_MIN_NEW_TOKENS="4",
        SUMMARY_NUM_BEAMS="1",
        HF_HUB_OFFLINE="1",
        TOKENIZERS_PARALLELISM="false",
        AUTO_DOWNLOAD_MODELS="0",
        CT2_MODELS_DIR=str(run_dir / "ct2"),
        # The figures in the README were measured on transformers; INFERENCE_BACKEND=auto measures the default.
        INFERENCE_BACKEND=os.environ.get("INFERENCE_BACKEND", "transformers"),
        # multilingual-e5 is a full-size model: with it a job takes ~10x longer and the web side is barely
        # exercised; EMBEDDINGS=1 in the environment puts it back.
        EMBEDDINGS=os.environ.get("EMBEDDINGS", "0"),
        # Every submission is a new job, and nobody is throttled: the point is to load the pipeline.
        REUSE_DUPLICATES="0",
        RATE_LIMIT_PER_IP="off",
        RATE_LIMIT_PER_SESSION="off",
    )
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([sys.executable, "manage.py", *command, "-v", "0"], cwd=REPO, env=env, check=True)
    worker_log = run_dir / "worker.log"
    # As `make run` starts it (with the sweeper's scheduler). torch's own default, one thread per core,
    # leaves nothing for the web server on a small machine.
    worker_env = {**env, "OMP_NUM_THREADS": str(args.worker_threads), "MKL_NUM_THREADS": str(args.worker_threads)}
    processes.append(
        _logged_process(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "newsapp",
                "worker",
                "--beat",
                "--schedule",
                str(run_dir / "beat-schedule"),
                "--loglevel",
                "INFO",
                "--concurrency",
                str(args.worker_concurrency),
                "--hostname",
                f"load{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            worker_env,
            worker_log,
        )
    )
    web = _logged_process(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsapp.wsgi:application",
            "--config",
            str(REPO / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{web_port}",
            "--workers",
            str(args.gunicorn_workers),
            "--threads",
            str(args.gunicorn_threads),
            "--timeout",
            "60",
        ],
        env,
        run_dir / "gunicorn.log",
    )
    processes.append(web)
    devstack.wait_for_port(web_port, timeout=60, process=web)
    _wait_for_line(worker_log, " ready.", timeout=60, process=processes[-2])
    return f"http://127.0.0.1:{web_port}"


def tiny_models(cache: Path) -> tuple[Path, Path]:
    """The tests' random Marian (ar->en) and BART, built once (aside, then moved: no run sees a half-built one)."""
    translation, summarization = cache / "marian-ar-en", cache / "bart-summarizer"
    if not (translation / "model.safetensors").exists() or not (summarization / "model.safetensors").exists():
        from tests.model_factory import build_bart, build_marian

        building = cache / f".building-{os.getpid()}"
        lines = [line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
        build_marian(building / translation.name, lines)
        build_bart(building / summarization.name)
        for built, final in (
            (building / translation.name, translation),
            (building / summarization.name, summarization),
        ):
            shutil.rmtree(final, ignore_errors=True)
            built.rename(final)
        shutil.rmtree(building)
    return translation, summarization


def _logged_process(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("wb") as output:
        return subprocess.Popen(command, cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT)


def _wait_for_line(log: Path, text: str, *, timeout: float, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while text not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the Celery worker did not start; see {log}")
        time.sleep(0.2)


# --- the clients -----------------------------------------------------------------------------------


@dataclass
class Browser:
    """One simulated browser: its own cookies, and every request it made as (kind, status, seconds, error, start)."""

    base_url: str
    number: int
    article: str
    requests: list[tuple[str, int | None, float, str, float]] = field(default_factory=list)
    jobs: dict[str, str] = field(default_factory=dict)  # article id -> last status seen

    def __post_init__(self) -> None:
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _KeepRedirects())

    def visit(self, *, start: float, deadline: float, poll: tuple[float, float]) -> None:
        """From `start`, submit, open, poll and reopen articles one after another until the deadline."""
        time.sleep(max(0.0, start - time.monotonic()))
        while time.monotonic() < deadline:
            article_id = self.submit(len(self.jobs))
            if article_id is None:
                time.sleep(1)
                continue
            self.request("page", f"/articles/{article_id}/")
            while time.monotonic() < deadline and not self.poll("status", article_id):
                time.sleep(random.uniform(*poll))
            if self.jobs[article_id] in ("done", "failed"):
                self.request("page", f"/articles/{article_id}/")

    def drain(self, *, deadline: float) -> None:
        """After the load: poll every unfinished job once a second until all finished or the deadline."""
        waiting = [article_id for article_id, status in self.jobs.items() if status not in ("done", "failed")]
        while waiting and time.monotonic() < deadline:
            waiting = [article_id for article_id in waiting if not self.poll("drain", article_id)]
            if waiting:
                time.sleep(1)

    def submit(self, count: int) -> str | None:
        """Open the form and post the article with a sentence that makes it unique; the new article's id."""
        status, body, _ = self.request("form", "/")
        token = CSRF_INPUT.search(body.decode("utf-8", "replace")) if status == 200 else None
        if token is None:
            return None
        unique = f"هذا هو المقال رقم {count + 1} من المتصفح رقم {self.number + 1} في اختبار الحمل."
        text = f"{self.article}\n{unique}"
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "text": text}).encode()
        status, _, location = self.request("submit", "/", data=data)
        found = ARTICLE_URL.search(location) if status == 302 else None
        if found is None:
            return None
        self.jobs[found.group(1)] = "submitted"
        return found.group(1)

    def poll(self, kind: str, article_id: str) -> bool:
        """Ask the status endpoint, as the article page does; True once the job has finished."""
        status, body, _ = self.request(kind, f"/articles/{article_id}/status/")
        try:
            job = json.loads(body) if status == 200 else None
        except ValueError:  # counted as a 200, but a page that answers nonsense shows up as an unfinished job
            job = None
        if job is None:
            return False
        self.jobs[article_id] = job["status"]
        return bool(job["finished"])

    def request(self, kind: str, path: str, *, data: bytes | None = None) -> tuple[int | None, bytes, str]:
        """One request, timed and recorded; returns status (None when the connection failed), body, Location."""
        request = urllib.request.Request(self.base_url + path, data=data, headers={"Referer": self.base_url + "/"})
        started = time.monotonic()
        try:
            with self._opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                status, body, location = response.status, response.read(), response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            status, body, location = error.code, error.read(), ""
        except (OSError, http.client.HTTPException) as error:
            reason = getattr(error, "reason", error)
            self.requests.append((kind, None, time.monotonic() - started, type(reason).__name__, started))
            return None, b"", ""
        self.requests.append((kind, status, time.monotonic() - started, "", started))
        return status, body, location


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    """Hand back a redirect as it came (the submit's 302 carries the new article's address)."""

    def http_error_302(self, req, fp, code, msg, headers):
        return fp


def run_clients(
    args: argparse.Namespace, base_url: str, processes: list[subprocess.Popen]
) -> tuple[list[Browser], float]:
    """Run every browser in its own thread for the duration, then let them drain; returns them and the seconds taken.

    Stops early when a server process dies, rather than counting its absence as slow requests.
    """
    article = FIXTURE.read_text(encoding="utf-8").strip()
    browsers = [Browser(base_url, number, article) for number in range(args.clients)]
    started = time.monotonic()
    load_deadline = started + args.duration

    def visit_then_drain(browser: Browser) -> None:
        ramp_up = args.ramp_up * browser.number / args.clients
        browser.visit(start=started + ramp_up, deadline=load_deadline, poll=(0.5, 1.0))
        browser.drain(deadline=load_deadline + args.drain_timeout)

    threads = [threading.Thread(target=visit_then_drain, args=(browser,), daemon=True) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(timeout=1)
            for process in processes:
                if process.poll() is not None:
                    command = " ".join(devstack.command_args(process)[:4])
                    raise RuntimeError(f"{command} exited ({process.returncode}) during the run")
    return browsers, time.monotonic() - started


# --- the report -----------------------------------------------------------------------------------


if __name__ == "__main__":
    main()
