"""`make run`'s command: Redis, a worker and the web server come up together, work, and stop on Ctrl-C."""

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from newsapp import devstack

from ..conftest import REPO_DIR
from ..polling import wait_for
from .conftest import Browser

pytestmark = pytest.mark.integration


def test_runstack_serves_processes_and_stops_everything_on_ctrl_c(tmp_path, model_settings, arabic_article):
    web_port, redis_port = devstack.free_port(), devstack.free_port()
    env = devstack.child_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'app.sqlite3'}",
        TRANSLATION_MODEL=model_settings.SUMMARIES_TRANSLATION_MODEL,
        SUMMARIZATION_MODEL=model_settings.SUMMARIES_SUMMARIZATION_MODEL,
        TRANSLATION_MAX_NEW_TOKENS="8",
        SUMMARY_MAX_NEW_TOKENS="12",
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
    env = devstack.child_env(DATABASE_URL=f"sqlite:///{tmp_path / 'app.sqlite3'}", REDIS_URL=redis_url)
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
