"""Scaling out: several real worker processes, with their own node names, share one Redis and one
database; every job is processed by exactly one of them, once, and queues send each job to a worker
that holds its models."""

import socket

import pytest
from rest_framework.test import APIClient

from newsapp.celery import app as celery_app
from summaries.access.tokens import create_token
from summaries.articles.models import Article
from summaries.review.models import SummaryRevision
from summaries.runs.models import Summary
from tests.factories import latest_run, make_user
from tests.polling import wait_for

pytestmark = pytest.mark.integration


def wait_for_workers(*names: str, timeout: float = 90) -> None:
    """Both workers answer a ping before anything is submitted, so neither gets everything by being first."""

    def all_answer() -> bool:
        answered = {name for reply in celery_app.control.ping(timeout=1.0) or [] for name in reply}
        return set(names) <= answered

    # No pause between pings: each waits a second for the replies.
    wait_for(all_answer, timeout=timeout, interval=0, message=f"workers {names} not ready")


def wait_for_jobs(ids: list[int], timeout: float = 180) -> list[Summary]:
    runs: list[Summary] = []

    def all_finished() -> bool:
        runs[:] = Summary.objects.filter(pk__in=ids)
        return all(run.is_finished for run in runs)

    wait_for(
        all_finished,
        timeout=timeout,
        interval=0.3,
        message=lambda: f"jobs not finished: {[(run.pk, run.status) for run in runs]}",
    )
    return runs


@pytest.fixture
def api(transactional_db):
    client = APIClient()
    key = create_token(username=make_user("cms").username).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def submit(api, text: str, strategy: str) -> int:
    response = api.post("/api/v1/articles/", {"text": text, "strategy": strategy, "force_new": True}, format="json")
    assert response.status_code == 201, response.content
    return latest_run(Article.objects.get(pk=response.json()["id"])).pk


def paragraphs(arabic_article: str) -> list[str]:
    """Distinct articles from the fixture: each long paragraph with the one after it."""
    parts = [part for part in arabic_article.split("\n") if len(part) > 200]
    return [f"{part}\n\n{parts[(index + 1) % len(parts)]}" for index, part in enumerate(parts)]


def assert_each_ran_once(runs: list[Summary]) -> None:
    for run in runs:
        assert run.status == Summary.Status.DONE, (run.pk, run.error_message)
        assert run.attempts == 1, f"job {run.pk} ran {run.attempts} times"
        assert SummaryRevision.objects.filter(summary=run).count() == 1
        assert Summary.objects.filter(article_id=run.article_id).count() == 1


def test_two_workers_share_the_jobs_and_each_job_runs_once(api, start_worker, arabic_article):
    host = socket.gethostname()
    start_worker(name="scale-a@%h")
    start_worker(name="scale-b@%h")
    wait_for_workers(f"scale-a@{host}", f"scale-b@{host}")
    texts = paragraphs(arabic_article)
    ids = [submit(api, texts[index % len(texts)] + f"\n\n({index})", "translate-summarize") for index in range(8)]
    runs = wait_for_jobs(ids)
    assert_each_ran_once(runs)
    assert {run.worker for run in runs} == {f"scale-a@{host}", f"scale-b@{host}"}


def test_queues_send_each_job_to_a_worker_holding_its_models(api, start_worker, arabic_article):
    host = socket.gethostname()
    start_worker(name="translator@%h", queues="translation", PRELOAD_MODELS="translation")
    start_worker(name="summarizer@%h", queues="summarization", PRELOAD_MODELS="all")
    wait_for_workers(f"translator@{host}", f"summarizer@{host}")
    texts = paragraphs(arabic_article)
    faithful = [submit(api, texts[index % len(texts)] + f"\n\n[{index}]", "extract-translate") for index in range(3)]
    abstractive = [
        submit(api, texts[index % len(texts)] + f"\n\n<{index}>", "translate-summarize") for index in range(3)
    ]
    runs = wait_for_jobs(faithful + abstractive)
    assert_each_ran_once(runs)
    by_id = {run.pk: run.worker for run in runs}
    assert {by_id[pk] for pk in faithful} == {f"translator@{host}"}
    assert {by_id[pk] for pk in abstractive} == {f"summarizer@{host}"}
