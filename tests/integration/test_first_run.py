"""The first `make run` on a fresh machine, with nothing reachable but a stand-in for the model hub.

`manage.py runstack` (what `make run` starts) runs with the real default model ids, a fresh HF_HOME and
CT2 folder, the default backend (auto) and automatic downloads on, on the test database, with real Redis
and a real worker. The worker's background fetcher downloads the models from the stand-in hub
(tests/hub_standin.py) and converts them; articles pasted in the meantime wait and then finish.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsapp import devstack
from summaries.modelops.models import ModelState
from summaries.runs.models import Summary
from tests.conftest import REPO_DIR
from tests.hub_standin import NEEDED_FILES, OTHER_LIBRARY_FILES, SUMMARIZATION_REPO, TRANSLATION_REPO, StandInHub
from tests.integration.conftest import Browser
from tests.integration.conftest import test_database_url as database_url
from tests.polling import wait_for

pytestmark = pytest.mark.integration
HEALTH_TOKEN = "health-details"

MARIAN_FILES = sorted(NEEDED_FILES[TRANSLATION_REPO])
BART_FILES = sorted(NEEDED_FILES[SUMMARIZATION_REPO])


class Stack:
    """`manage.py runstack` in its own process group, stopped as Ctrl-C stops it; its output in a log file."""

    def __init__(self, directory: Path, hub: StandInHub, **overrides: str) -> None:
        self.directory = directory
        self.web_port, self.redis_port = devstack.free_port(), devstack.free_port()
        self.env = devstack.child_env(
            VAR_DIR=str(directory / "var"),
            DATABASE_URL=database_url(),
            HF_HOME=str(directory / "hf"),
            CT2_MODELS_DIR=str(directory / "ct2"),
            HF_HUB_OFFLINE="0",
            HF_ENDPOINT=hub.url,
            AUTO_DOWNLOAD_MODELS="1",
            MODEL_RETRY_INTERVAL="1",
            SWEEP_INTERVAL="1",
            TRANSLATION_MAX_NEW_TOKENS="8",
            TRANSLATION_NUM_BEAMS="1",
            SUMMARY_MAX_NEW_TOKENS="12",
            SUMMARY_MIN_NEW_TOKENS="4",
            SUMMARY_NUM_BEAMS="1",
            METRICS_TOKEN=HEALTH_TOKEN,
            HEALTH_REFRESH_SECONDS="1",
            **overrides,
        )
        for name in ("INFERENCE_BACKEND", "TRANSLATION_MODEL", "SUMMARIZATION_MODEL", "REDIS_URL", "HF_HUB_CACHE"):
            self.env.pop(name, None)  # the defaults a newcomer gets
        self.browser = Browser(f"http://127.0.0.1:{self.web_port}")
        self.process: subprocess.Popen | None = None
        self.logs: list[Path] = []

    def start(self) -> "Stack":
        self.logs.append(self.directory / f"stack-{len(self.logs)}.log")
        with self.logs[-1].open("wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "runstack",
                    "--port",
                    str(self.web_port),
                    "--redis-port",
                    str(self.redis_port),
                ],
                cwd=REPO_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        devstack.wait_for_port(self.web_port, timeout=60, process=self.process)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
            assert self.process.wait(timeout=60) == 0, self.log()[-3000:]
        self.process = None

    def log(self) -> str:
        return self.logs[-1].read_text(errors="replace") if self.logs else ""

    def wait_for_log(self, text: str, *, timeout: float = 120) -> None:
        wait_for(
            lambda: text in self.log(),
            timeout=timeout,
            interval=0.3,
            message=lambda: f"{text!r} not in the log:\n{self.log()[-3000:]}",
        )

    def healthz(self) -> tuple[int, dict]:
        """/healthz with its details (the token): once the report made in the background is up to date."""
        request = urllib.request.Request(
            self.browser.base + "/healthz", headers={"Authorization": f"Bearer {HEALTH_TOKEN}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def healthz_when(self, status: str) -> tuple[int, dict]:
        """/healthz once its report (refreshed in the background every second here) says `status`."""
        last: list[tuple[int, dict]] = []

        def reached() -> bool:
            last[:] = [self.healthz()]
            return last[0][1]["status"] == status

        wait_for(reached, timeout=30, interval=0.3, message=lambda: f"last /healthz: {last}")
        return last[0]

    def paste(self, text: str) -> str:
        url, _ = self.browser.post_form("/", {"text": text})
        return url.removeprefix(self.browser.base)

    def status(self, page: str) -> dict:
        return json.loads(self.browser.get(page + "status/")[1])

    def wait_for_status(self, page: str, condition: Callable[[dict], bool], timeout: float = 180) -> dict:
        seen: list[dict] = [{}]

        def check() -> bool:
            seen.append(self.status(page))
            return condition(seen[-1])

        wait_for(
            check, timeout=timeout, interval=0.3, message=lambda: f"last status {seen[-1]}; log:\n{self.log()[-3000:]}"
        )
        return seen[-1]


@pytest.fixture
def stack_for(transactional_db, tmp_path, broker) -> Iterator[Callable[..., Stack]]:
    stacks: list[Stack] = []

    def make(hub: StandInHub, **overrides: str) -> Stack:
        stacks.append(Stack(tmp_path, hub, **overrides))
        return stacks[-1]

    yield make
    for stack in stacks:
        if stack.process is not None and stack.process.poll() is None:
            # Ctrl-C first: runstack ends its worker and web server, which run in process groups of their own
            # and would outlive a SIGKILL of runstack's group (they did, after a failed test).
            os.killpg(stack.process.pid, signal.SIGINT)
            try:
                stack.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(stack.process.pid, signal.SIGKILL)
                stack.process.wait()
        sys.stderr.write(stack.log()[-4000:])


def fetched(hub: StandInHub, repo: str) -> list[str]:
    """The files of `repo` the stand-in sent, sorted (a file sent twice appears twice)."""
    blobs = {f"/cdn/{f.sha256}": name for name, f in hub.repos[repo].files.items()}
    names = []
    for request in hub.requests:
        if request.method == "GET" and request.path in blobs:
            names.append(blobs[request.path])
        elif request.method == "GET" and request.path.startswith(f"/{repo}/resolve/"):
            names.append(request.path.rsplit("/", 1)[-1])
    return sorted(names)


def ct2_copy(stack: Stack, repo: str) -> Path:
    return stack.directory / "ct2" / repo.replace("/", "--") / "model.bin"


@pytest.mark.database_incidental  # the hub client, its resume and the conversion: no server-specific query
def test_first_run_fetches_converts_and_finishes_the_pasted_article_on_ctranslate2(stand_in, stack_for, arabic_article):
    stack = stack_for(stand_in).start()
    page = stack.paste(arabic_article)  # at once: the models may still be on their way
    status = stack.wait_for_status(page, lambda status: status["finished"])
    assert status["status"] == "done", status

    summary = Summary.objects.get()
    assert (summary.translation_model, summary.summarization_model) == (TRANSLATION_REPO, SUMMARIZATION_REPO)
    assert summary.translation  # random tiny weights: the summary itself may come out empty
    for repo in (TRANSLATION_REPO, SUMMARIZATION_REPO):
        assert ModelState.objects.filter(model_id=repo, state="ready", backend="ctranslate2", device="cpu").exists()
        assert f"model {repo} runs on ctranslate2 (cpu)" in stack.log()
        assert ct2_copy(stack, repo).is_file()
    assert fetched(stand_in, TRANSLATION_REPO) == MARIAN_FILES  # each file once, nothing of other libraries
    assert fetched(stand_in, SUMMARIZATION_REPO) == BART_FILES
    assert not {request.path.rsplit("/", 1)[-1] for request in stand_in.requests} & set(OTHER_LIBRARY_FILES)
    code, health = stack.healthz_when("ok")
    assert code == 200, health
    assert [model["backend"] for model in health["checks"]["models"]["models"]] == ["ctranslate2", "ctranslate2"]
    stack.stop()

    made = {repo: ct2_copy(stack, repo).stat().st_mtime_ns for repo in (TRANSLATION_REPO, SUMMARIZATION_REPO)}
    stand_in.clear_log()
    stack.start()
    stack.wait_for_log("All models are ready.")
    assert stand_in.requests == []  # the second start asks the hub nothing: no download, no conversion
    assert {repo: ct2_copy(stack, repo).stat().st_mtime_ns for repo in made} == made
    assert f"TRANSLATION_MODEL: {TRANSLATION_REPO} is in the Hugging Face cache; nothing to download." in stack.log()
    stack.stop()


@pytest.mark.database_incidental  # the hub client, its resume and the conversion: no server-specific query
def test_a_download_cut_off_resumes_on_the_next_start(stand_in, stack_for, arabic_article):
    weights = stand_in.repos[TRANSLATION_REPO].files["pytorch_model.bin"]
    cut = len(weights.data) // 2
    stand_in.faults.cut_after["pytorch_model.bin"] = cut  # the hub goes away in the middle of the weights
    stack = stack_for(stand_in).start()
    stack.wait_for_log("the transfer broke off at")
    stack.stop()
    partial = (
        stack.directory
        / "hf"
        / "hub"
        / "models--Helsinki-NLP--opus-mt-ar-en"
        / "blobs"
        / f"{weights.sha256}.incomplete"
    )
    assert partial.stat().st_size == cut

    stand_in.faults.cut_after.clear()
    stand_in.clear_log()
    stand_in.start()
    stack.start()
    stack.wait_for_log("All models are ready.")
    ranges = [
        request.range
        for request in stand_in.file_requests("pytorch_model.bin")
        if request.path.endswith(weights.sha256)
    ]
    assert ranges == [f"bytes={cut}-"]
    assert fetched(stand_in, TRANSLATION_REPO) == ["pytorch_model.bin"]  # the other files were complete already
    page = stack.paste(arabic_article)
    assert stack.wait_for_status(page, lambda status: status["finished"])["status"] == "done"
    stack.stop()


def test_a_file_served_with_the_wrong_size_is_not_used_and_the_message_says_why(stand_in, tmp_path):
    """The scripted command (`download_models`, which the container's download-models role runs)."""
    stand_in.faults.short.add("pytorch_model.bin")
    size = len(stand_in.repos[SUMMARIZATION_REPO].files["pytorch_model.bin"].data)
    env = devstack.child_env(
        HF_HOME=str(tmp_path / "hf"),
        CT2_MODELS_DIR=str(tmp_path / "ct2"),
        HF_HUB_OFFLINE="0",
        HF_ENDPOINT=stand_in.url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'none.sqlite3'}",  # a machine that only fills a cache has no database
    )
    for name in ("TRANSLATION_MODEL", "SUMMARIZATION_MODEL", "HF_HUB_CACHE"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "manage.py", "download_models", "--no-progress"],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert (
        f"pytorch_model.bin arrived with {size // 2} bytes instead of the {size} the hub announced; it was "
        "discarded and will be downloaded again." in done.stderr
    )
    snapshot = next((tmp_path / "hf" / "hub" / "models--sshleifer--distilbart-cnn-12-6" / "snapshots").iterdir())
    assert not (snapshot / "pytorch_model.bin").exists()
    assert not (tmp_path / "ct2" / "sshleifer--distilbart-cnn-12-6").exists()


def test_an_article_pasted_while_the_models_download_waits_then_finishes(stand_in, stack_for, arabic_article):
    weights = stand_in.repos[TRANSLATION_REPO].files["pytorch_model.bin"]
    release = threading.Event()
    stand_in.faults.hold_after["pytorch_model.bin"] = (len(weights.data) // 2, release)
    stack = stack_for(stand_in, HUB_TIMEOUT="300").start()
    try:
        page = stack.paste(arabic_article)
        waiting = stack.wait_for_status(page, lambda status: status["status"] == "waiting" and status["progress"] > 0)
        assert waiting["status"] == "waiting" and 0 < waiting["progress"] < 100
        assert waiting["stage_label"] == f"Preparing the models: downloading, {waiting['progress']}%"
        html = stack.browser.get(page)[1]
        assert "Preparing the models: downloading" in html
        assert '<ol class="key-sentences-list" lang="ar" dir="rtl">' in html
    finally:
        release.set()
    status = stack.wait_for_status(page, lambda status: status["finished"])
    assert status["status"] == "done", status
    stack.stop()


def test_offline_the_app_serves_the_arabic_extract_and_completes_once_the_hub_appears(
    stand_in, stack_for, arabic_article
):
    stand_in.stop()  # nothing answers at HF_ENDPOINT
    stack = stack_for(stand_in).start()
    stack.wait_for_log("cannot be downloaded now")
    code, health = stack.healthz_when("degraded")
    assert code == 200, health
    assert {model["state"] for model in health["checks"]["models"]["models"]} == {"missing"}
    assert "download_models" in health["checks"]["models"]["models"][0]["action"]

    page = stack.paste(arabic_article)
    waiting = stack.wait_for_status(page, lambda status: status["status"] == "waiting")
    assert waiting["notice"].startswith(
        "The translation model is not installed yet; the key sentences in Arabic are below."
    )
    html = stack.browser.get(page)[1]
    assert '<ol class="key-sentences-list" lang="ar" dir="rtl">' in html
    assert "TRANSLATION_MODEL" not in html and "download_models" not in html  # commands are for staff
    assert "The hub is tried again every 1 s." in stack.log()

    stand_in.start()
    status = stack.wait_for_status(page, lambda status: status["finished"])
    assert status["status"] == "done", status
    assert stack.log().count("cannot be downloaded now") == 1  # said once, however many passes
    assert "Retrying in" not in stack.log()  # no retry loops against an unreachable hub
    assert stack.healthz_when("ok")[0] == 200
    stack.stop()
