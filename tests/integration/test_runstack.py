"""`make run`'s command: Redis, a worker and the web server come up together, work, and stop on Ctrl-C."""

import json
import os
import re
import signal
import stat
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from newsapp import devstack
from tests.conftest import REPO_DIR
from tests.integration.conftest import Browser
from tests.polling import wait_for

pytestmark = pytest.mark.integration


# The test run's own switches (tests/settings.py): `make run` on a newcomer's machine has none of them.
TEST_SWITCHES = ("DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "HTTPS", "STATIC_ROOT", "REDIS_URL")


def test_runstack_serves_processes_and_stops_everything_on_ctrl_c(tmp_path, model_settings, arabic_article):
    """With the defaults a newcomer gets (no DEBUG, no SECRET_KEY, no HTTPS setting): a secret key is made
    and kept private, static files are collected and served, the form works over plain HTTP on loopback,
    a mistyped address shows the site's own page in the reader's language and the API answers JSON."""
    web_port, redis_port = devstack.free_port(), devstack.free_port()
    key_file = tmp_path / "var" / "secret_key"
    env = devstack.child_env(
        VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'app.sqlite3'}",
        TRANSLATION_MODEL=model_settings.SUMMARIES_TRANSLATION_MODEL,
        SUMMARIZATION_MODEL=model_settings.SUMMARIES_SUMMARIZATION_MODEL,
        TRANSLATION_MAX_NEW_TOKENS="8",
        SUMMARY_MAX_NEW_TOKENS="12",
        HF_HUB_OFFLINE="1",
        SECRET_KEY_FILE=str(key_file),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    for name in TEST_SWITCHES:
        env.pop(name, None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=REPO_DIR, env=env, check=True)
    log_path = tmp_path / "runstack.log"
    with log_path.open("wb") as log:
        stack = subprocess.Popen(
            [sys.executable, "manage.py", "runstack", "--port", str(web_port), "--redis-port", str(redis_port)],
            cwd=REPO_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        devstack.wait_for_port(web_port, timeout=60, process=stack)
        assert not devstack.port_is_free(redis_port), "runstack should have started its own Redis"
        browser = Browser(f"http://127.0.0.1:{web_port}")

        article_url, page = browser.post_form("/", {"text": arabic_article})
        assert re.search(r"/articles/[0-9a-f-]{36}/$", article_url)
        status = wait_for_status(browser, article_url, lambda status: status["finished"], timeout=120, interval=0.5)
        assert status["status"] == "done", status
        _, page = browser.get(article_url.removeprefix(browser.base))
        assert 'id="summary"' in page
        assert f"The app is running at http://127.0.0.1:{web_port}/" in log_path.read_text()

        stylesheet = re.search(r'href="(/static/summaries/css/site\.[0-9a-f]{12}\.css)"', page)
        assert stylesheet, "pages link the collected, content-hashed stylesheet"
        assert "text/css" in fetch(web_port, stylesheet.group(1))[1]
        status, content_type, missing = fetch(web_port, "/articles/no-such-article/", language="ar")
        assert (status, content_type) == (404, "text/html; charset=utf-8")
        assert '<html lang="ar" dir="rtl">' in missing and "غير موجود" in missing
        assert "Django tried these URL patterns" not in missing and "Traceback" not in missing
        status, content_type, body = fetch(web_port, "/api/v1/no-such-endpoint/")
        assert (status, content_type) == (404, "application/json")
        assert json.loads(body)["error"]["code"] == "not_found"
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and len(key_file.read_text().strip()) >= 50
    finally:
        os.killpg(stack.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
        return_code = stack.wait(timeout=60)
    output = log_path.read_text()
    assert return_code == 0, output[-3000:]
    assert "Stopped." in output
    assert devstack.port_is_free(web_port) and devstack.port_is_free(redis_port)


def test_runstack_uses_the_redis_server_named_by_redis_url(tmp_path, redis_url):
    """With REDIS_URL set, no Redis is started: the worker and web server use the given one."""
    web_port = devstack.free_port()
    env = devstack.child_env(
        VAR_DIR=str(tmp_path / "var"), DATABASE_URL=f"sqlite:///{tmp_path / 'app.sqlite3'}", REDIS_URL=redis_url
    )
    log_path = tmp_path / "runstack.log"
    with log_path.open("wb") as log:
        stack = subprocess.Popen(
            [sys.executable, "manage.py", "runstack", "--port", str(web_port)],
            cwd=REPO_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        devstack.wait_for_port(web_port, timeout=60, process=stack)
    finally:
        stack.send_signal(signal.SIGTERM)
        return_code = stack.wait(timeout=60)
    output = log_path.read_text()
    assert return_code == 0, output[-3000:]
    assert f"Using the Redis server at {redis_url} (REDIS_URL)." in output
    assert "Started Redis" not in output


def fetch(port: int, path: str, *, language: str = "en") -> tuple[int, str, str]:
    """Status, content type and body of a GET, error statuses included."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Accept-Language": language})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def wait_for_status(
    browser: Browser, article_url: str, condition: Callable[[dict], bool], *, timeout: float, interval: float
) -> dict:
    """Poll the article's public status endpoint over HTTP, as its page does, until `condition` holds."""
    last: dict = {}

    def reached() -> bool:
        last.clear()
        last.update(json.loads(browser.get(article_url.removeprefix(browser.base) + "status/")[1]))
        return condition(last)

    wait_for(reached, timeout=timeout, interval=interval, message=lambda: f"last status {last}")
    return last


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_stopping_runstack_mid_job_ends_every_process_it_started(tmp_path, model_settings, arabic_article):
    """Ctrl-C while the worker is busy: Redis, the web server, the worker, its pool and its embedded beat all
    end, even though the worker's warm shutdown outlasts the stop timeout and it has to be killed."""
    web_port, redis_port = devstack.free_port(), devstack.free_port()
    env = devstack.child_env(
        VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'app.sqlite3'}",
        TRANSLATION_MODEL=model_settings.SUMMARIES_TRANSLATION_MODEL,
        SUMMARIZATION_MODEL=model_settings.SUMMARIES_SUMMARIZATION_MODEL,
        TRANSLATION_BATCH_SIZE="1",
        TRANSLATION_NUM_BEAMS="4",
        TRANSLATION_MAX_NEW_TOKENS="40",
        HF_HUB_OFFLINE="1",
    )
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=REPO_DIR, env=env, check=True)
    log_path = tmp_path / "runstack.log"
    with log_path.open("wb") as log:
        stack = subprocess.Popen(
            [sys.executable, "manage.py", "runstack", "--port", str(web_port), "--redis-port", str(redis_port)],
            cwd=REPO_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    devstack.wait_for_port(web_port, timeout=60, process=stack)
    browser = Browser(f"http://127.0.0.1:{web_port}")
    article_url, _ = browser.post_form("/", {"text": "\n\n".join([arabic_article] * 8)})
    status = wait_for_status(
        browser, article_url, lambda status: status["stage"] == "translating", timeout=120, interval=0.2
    )
    assert not status["finished"], status
    started = descendants(stack.pid)
    assert len(started) >= 5, started  # Redis, web, worker, its pool process and beat at least

    os.killpg(stack.pid, signal.SIGINT)
    assert stack.wait(timeout=90) == 0, log_path.read_text()[-3000:]
    wait_for(
        lambda: not any(alive(pid) for pid in started),
        timeout=10,
        interval=0.1,
        message=lambda: f"still running: {[pid for pid in started if alive(pid)]}\n{log_path.read_text()[-3000:]}",
    )


def start_stack(tmp_path, **overrides: str) -> tuple[subprocess.Popen, int, int, Path]:
    """`manage.py runstack` in its own session on free ports, its output in a log file."""
    web_port, redis_port = devstack.free_port(), devstack.free_port()
    env = devstack.child_env(
        VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'app.sqlite3'}",
        HF_HUB_OFFLINE="1",
        **overrides,
    )
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=REPO_DIR, env=env, check=True)
    log_path = tmp_path / "runstack.log"
    with log_path.open("wb") as log:
        stack = subprocess.Popen(
            [sys.executable, "manage.py", "runstack", "--port", str(web_port), "--redis-port", str(redis_port)],
            cwd=REPO_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    devstack.wait_for_port(web_port, timeout=60, process=stack)
    return stack, web_port, redis_port, log_path


def named(pids: set[int], word: str) -> list[int]:
    """The processes among `pids` whose command line has this word."""
    return [pid for pid in pids if devstack.process_runs(pid, containing=word)]


def test_a_stack_whose_beat_dies_stops_and_says_which(tmp_path):
    """Beat ran inside the worker, and its death went unnoticed (no sweeps, no feed polls, /healthz "ok"); it
    now runs on its own, and the stack stops, naming it, as for any of its processes."""
    stack, web_port, redis_port, log_path = start_stack(tmp_path)
    beat = wait_for(lambda: named(descendants(stack.pid), "beat"), timeout=30, message="no beat process")
    os.kill(beat[0], signal.SIGKILL)
    assert stack.wait(timeout=90) == 1
    assert "The beat stopped (exit status -9), so the whole stack is stopped" in log_path.read_text()
    assert devstack.port_is_free(web_port) and devstack.port_is_free(redis_port)


def test_a_stack_killed_outright_leaves_nothing_running(tmp_path):
    """SIGKILL leaves runstack no chance to stop anything; its processes used to keep serving and the next
    start failed with "port in use". The kernel now sends each of them SIGTERM (the parent-death signal)."""
    stack, web_port, redis_port, _log = start_stack(tmp_path)
    started = wait_for(lambda: len(descendants(stack.pid)) >= 5 and descendants(stack.pid), timeout=30)
    os.kill(stack.pid, signal.SIGKILL)
    stack.wait(timeout=10)
    wait_for(
        lambda: not any(alive(pid) for pid in started),
        timeout=60,
        interval=0.2,
        message=lambda: f"still running: {[pid for pid in started if alive(pid)]}",
    )
    assert devstack.port_is_free(web_port) and devstack.port_is_free(redis_port)


def test_a_start_that_finds_an_earlier_stacks_processes_names_them(tmp_path):
    """Where the parent-death signal cannot reach (a grandchild, another system), what a killed stack left is
    named by the next start on its port, with how to stop it, instead of "port in use" later."""
    port = devstack.free_port()
    leftover = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    state = tmp_path / "var" / f"runstack-{port}.json"
    state.parent.mkdir()
    command = devstack.command_args(leftover)
    state.write_text(json.dumps({"pid": 999999, "processes": {"worker": {"pid": leftover.pid, "command": command}}}))
    try:
        result = subprocess.run(
            [sys.executable, "manage.py", "runstack", "--port", str(port)],
            cwd=REPO_DIR,
            env=devstack.child_env(VAR_DIR=str(tmp_path / "var"), DATABASE_URL=f"sqlite:///{tmp_path / 'app.sqlite3'}"),
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        leftover.kill()
        leftover.wait()
        state.unlink(missing_ok=True)
    assert result.returncode == 1
    assert f"An earlier `make run` was killed and left these running: worker (process {leftover.pid})" in result.stderr
    assert f"kill {leftover.pid}" in result.stderr
