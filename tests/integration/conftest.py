"""Real services for end-to-end tests: a redis-server process and Celery worker processes.

The worker is a separate process reading the same on-disk SQLite test database, so these tests use
transactional databases (committed rows) rather than the usual rolled-back transactions.
"""

import http.cookiejar
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from newsapp import celery_app, devstack
from tests.conftest import REPO_DIR
from tests.polling import wait_for


class RedisServer:
    """A real redis-server on a free loopback port that a test can stop and start again (same port, same data)."""

    def __init__(self, data_dir: Path) -> None:
        self.port = devstack.free_port()
        self.data_dir = data_dir
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = devstack.start_redis(port=self.port, data_dir=self.data_dir)

    def stop(self) -> None:
        if self.process is not None:
            devstack.stop([self.process])
            self.process = None


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One Redis server for the whole session; a test that stops it must start it again."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_url(redis_server: RedisServer) -> str:
    return redis_server.url


@pytest.fixture(scope="session")
def broker(redis_url: str) -> str:
    """Point this process's Celery producer at the test Redis.

    Unit tests that ran earlier in the session may already have sent (and failed to send) to the default
    URL, which leaves Celery's connection and producer pools bound to it; they are dropped here so the
    next send opens a connection to this URL (what Celery itself does after a fork).
    """
    celery_app.conf["broker_url"] = redis_url  # the item itself: the attribute is a read-only property
    # Celery has no public way to drop its pools; these are the two attributes its own after-fork hook clears.
    pool = celery_app._pool  # type: ignore[attr-defined]
    if pool is not None:
        pool.force_close_all()
    celery_app._pool = None  # type: ignore[attr-defined]
    celery_app.amqp._producer_pool = None  # type: ignore[attr-defined]
    return redis_url


@pytest.fixture
def start_worker(transactional_db, broker: str, model_settings, tmp_path: Path):
    """Start a real `celery worker` process configured like production, with settings overrides as env vars.

    Redis is shared by the session, so it is emptied first: a queued message or beat's stamp left by an
    earlier test must not be what this one sees.
    """
    import redis

    redis.Redis.from_url(broker).flushdb()
    started: list[subprocess.Popen] = []
    logs: list[Path] = []

    def start(
        *, beat: bool = False, name: str | None = None, queues: str | None = None, **env_overrides: str
    ) -> subprocess.Popen:
        env = devstack.child_env(
            **{
                "DATABASE_URL": test_database_url(),
                "REDIS_URL": broker,
                "TRANSLATION_MODEL": model_settings.SUMMARIES_TRANSLATION_MODEL,
                "SUMMARIZATION_MODEL": model_settings.SUMMARIES_SUMMARIZATION_MODEL,
                "TRANSLATION_MAX_NEW_TOKENS": str(model_settings.SUMMARIES_TRANSLATION_MAX_NEW_TOKENS),
                "TRANSLATION_NUM_BEAMS": str(model_settings.SUMMARIES_TRANSLATION_NUM_BEAMS),
                "SUMMARY_MAX_NEW_TOKENS": str(model_settings.SUMMARIES_SUMMARY_MAX_NEW_TOKENS),
                "SUMMARY_MIN_NEW_TOKENS": str(model_settings.SUMMARIES_SUMMARY_MIN_NEW_TOKENS),
                "SUMMARY_NUM_BEAMS": str(model_settings.SUMMARIES_SUMMARY_NUM_BEAMS),
                "HF_HUB_OFFLINE": "1",
                "INFERENCE_BACKEND": model_settings.SUMMARIES_INFERENCE_BACKEND,
                "CT2_MODELS_DIR": str(model_settings.SUMMARIES_CT2_DIR),
                "HF_HUB_CACHE": str(model_settings.SUMMARIES_HF_CACHE),
                "AUTO_DOWNLOAD_MODELS": "0",
                **env_overrides,
            }
        )
        logs.append(tmp_path / f"worker-{len(started)}.log")
        with logs[-1].open("wb") as log:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "newsapp",
                    "worker",
                    "--loglevel",
                    "INFO",
                    "--concurrency",
                    "1",
                    "--hostname",
                    name or f"test{len(started)}@%h",
                    "--without-gossip",
                    "--without-mingle",
                    *(["--queues", queues] if queues else []),
                    *(["--beat", "--schedule", str(tmp_path / f"beat-{len(started)}")] if beat else []),
                ],
                cwd=REPO_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started.append(process)
        return process

    yield start
    devstack.stop(started)
    for log_path in logs:  # shown by pytest only when a test fails
        sys.stderr.write(log_path.read_text(errors="replace")[-3000:])


def test_database_url() -> str:
    """A DATABASE_URL for the test database this process uses (SQLite file or PostgreSQL)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{quote(db['NAME'])}"


def wait_until_finished(client, status_url: str, *, timeout: float = 120) -> dict:
    """Poll the public status endpoint, as the page does, until the job is done or failed."""
    return wait_for_status(client, status_url, lambda status: status["finished"], timeout=timeout)


def wait_for_status(client, status_url: str, condition: Callable[[dict], bool], *, timeout: float = 120) -> dict:
    """Poll the public status endpoint until `condition` holds for what it answers."""
    last: dict = {}

    def reached() -> bool:
        last.clear()
        last.update(client.get(status_url).json())
        return condition(last)

    wait_for(reached, timeout=timeout, interval=0.3, message=lambda: f"status not reached; last status {last}")
    return last


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, through Playwright (see browser.py)."""
    from tests.integration.browser import launch_chromium

    yield from launch_chromium()


@pytest.fixture
def page_in(browser, live_server):
    """A fresh browser context (own cookies) with the UI language already chosen."""
    contexts = []

    def open_page(language: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=language)
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


class Browser:
    """Just enough of a browser for a server in another process: cookies, the CSRF token from the form,
    redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[str, str]:
        _, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token in the form"
        fields = {"csrfmiddlewaretoken": token.group(1), **fields}
        request = urllib.request.Request(
            self.base + path, data=urllib.parse.urlencode(fields).encode(), headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.geturl(), response.read().decode()
