"""The Celery tasks, run in this process: Celery's own retries for a model that fails to load, and the
failure hook for what the service cannot record itself (retries exhausted, the hard time limit, a crash)."""

import pytest
from celery.exceptions import TimeLimitExceeded

from summaries import tasks
from summaries.articles.submission import article_submit
from summaries.runs.models import Summary
from tests.factories import latest_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(arabic_article) -> Summary:
    return latest_run(article_submit(text=arabic_article, enqueue=False).article)


def test_a_job_runs_in_process(run):
    tasks.summary_process.apply(args=(run.pk,))
    run.refresh_from_db()
    assert run.status == "done" and run.attempts == 1


def test_a_model_that_never_loads_is_retried_by_celery_then_failed_with_the_count(run, settings, tmp_path):
    broken = tmp_path / "broken-model"
    broken.mkdir()
    (broken / "config.json").write_text("{not json")
    settings.SUMMARIES_TRANSLATION_MODEL = str(broken)
    settings.SUMMARIES_TRANSIENT_RETRIES = 2
    result = tasks.summary_process.apply(args=(run.pk,))
    assert result.failed()
    run.refresh_from_db()
    assert (run.status, run.error_code, run.error_params["tries"]) == ("failed", "model_unavailable", 3)
    assert run.attempts == 0  # each deferral gave its delivery back: a model failing to load is no crash
    assert "it was tried 3 times" in run.error_text


def test_the_hard_time_limit_is_recorded_as_a_timeout(run):
    """The hard limit kills the pool process: only the task's failure hook, in the worker, can record it."""
    Summary.objects.filter(pk=run.pk).update(status="running", stage="translating")
    tasks.summary_process.on_failure(TimeLimitExceeded(1920), "task-id", (run.pk,), {}, None)
    run.refresh_from_db()
    assert (run.status, run.stage, run.error_code) == ("failed", "", "timeout")
    assert run.error_text == "Processing took longer than the time limit and was stopped. Try a shorter article."


def test_a_crash_outside_the_service_is_an_internal_error(run, monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("the broker connection broke in the middle")

    monkeypatch.setattr("summaries.runs.processing.summary_process", crash)
    assert tasks.summary_process.apply(args=(run.pk,)).failed()
    run.refresh_from_db()
    assert (run.status, run.error_code) == ("failed", "internal")


def test_the_sweep_task_sends_lapsed_runs_again(run, settings):
    from datetime import timedelta

    from django.utils import timezone

    lapsed = timezone.now() - timedelta(seconds=settings.SUMMARIES_LEASE_SECONDS + 1)
    Summary.objects.filter(pk=run.pk).update(status="running", heartbeat_at=lapsed, attempts=1)
    tasks.summaries_sweep.apply()
    run.refresh_from_db()
    assert run.status == "queued"  # no Redis here: it stays queued, sent again by the next sweep


def test_jobs_are_sent_without_the_senders_time_limits(run, monkeypatch):
    sent = {}
    monkeypatch.setattr(
        "celery.app.task.Task.apply_async", lambda self, args=None, kwargs=None, **options: sent.update(options)
    )
    tasks.summary_process.apply_async((run.pk,), time_limit=5, soft_time_limit=3, queue="q")
    assert (sent["time_limit"], sent["soft_time_limit"], sent["queue"]) == (None, None, "q")


def test_the_backoff_and_the_retries_are_read_from_the_settings_when_a_retry_is_due(run, settings, monkeypatch):
    """Changed after import (as a worker's own settings are), both still apply: nothing was read at import."""
    from celery.exceptions import Retry

    from summaries.common.exceptions import ModelUnavailable

    def unavailable(**kwargs):
        raise ModelUnavailable(model="m", reason="r")

    asked = {}

    def retry(self, *, exc, countdown, max_retries):
        asked.update(countdown=countdown, max_retries=max_retries)
        return Retry("later", exc=exc)

    monkeypatch.setattr("summaries.runs.processing.summary_process", unavailable)
    monkeypatch.setattr(tasks.SummaryTask, "retry", retry)
    settings.SUMMARIES_RETRY_BACKOFF = 7
    settings.SUMMARIES_TRANSIENT_RETRIES = 4
    tasks.summary_process.apply(args=(run.pk,))
    assert asked == {"countdown": 7, "max_retries": 4}
