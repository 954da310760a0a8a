"""Nothing lost: a worker killed mid-job, Redis down at submission, time limits, flaky models, health.

Every test uses the real parts: a redis-server process, Celery worker processes with the tiny models,
and the web views through Django's test client.
"""

import os
import shutil
import signal
import time

import pytest
from django.conf import settings
from django.urls import reverse

from summaries.runs.models import Summary
from tests.integration.conftest import wait_until_finished
from tests.polling import wait_for

pytestmark = pytest.mark.integration


def submit(client, text: str) -> Summary:
    response = client.post(reverse("summaries:submit"), {"text": text, "force_new": "on"})
    assert response.status_code == 302, response.content[:500]
    return Summary.objects.latest("created_at")


def status_url(summary: Summary) -> str:
    return reverse("summaries:article_status", kwargs={"article_id": summary.article_id})


def long_article(arabic_article: str, copies: int = 6) -> str:
    """The fixture several times over: long enough that a job is still running when we act on it."""
    return "\n\n".join([arabic_article] * copies)


class TestWorkerKilled:
    def test_job_survives_sigkill_and_completes_exactly_once(self, client, start_worker, arabic_article):
        """SIGKILL the worker while the job runs; a new worker gets the unacknowledged message back and
        finishes it: one run, one result, one revision, two deliveries."""
        fast_redelivery = {"VISIBILITY_TIMEOUT": "3", "TRANSLATION_BATCH_SIZE": "1"}
        first = start_worker(**fast_redelivery)
        summary = submit(client, long_article(arabic_article))
        wait_for(lambda: Summary.objects.get(pk=summary.pk).progress_done > 0, timeout=90, message="job never ran")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
        summary.refresh_from_db()
        assert summary.status == Summary.Status.RUNNING and summary.attempts == 1

        start_worker(**fast_redelivery)
        status = wait_until_finished(client, status_url(summary), timeout=180)

        assert status["status"] == "done", status
        assert Summary.objects.filter(article=summary.article).count() == 1
        summary.refresh_from_db()
        assert summary.attempts == 2 and summary.revisions.count() == 1
        assert len(summary.translated_sentences) == len(summary.source_sentences)

    def test_a_killed_workers_job_is_sent_again_once_its_lease_lapses(self, client, start_worker, arabic_article):
        """Worker and pool SIGKILLed, Redis still holding the unacknowledged message for its (long) visibility
        timeout: the job's heartbeat stops, and the sweeper sends it again within the lease plus one sweep
        instead of after the hard time limit. A new worker finishes it: one run, one result."""
        lease = {"LEASE_SECONDS": "3", "SWEEP_INTERVAL": "1", "TRANSLATION_BATCH_SIZE": "1"}
        start_worker(beat=True, queues="summaries", name="sweeper@%h", **lease)  # sweeps, takes no job
        first = start_worker(queues="translation,summarization", **lease)
        summary = submit(client, long_article(arabic_article))
        wait_for(lambda: Summary.objects.get(pk=summary.pk).progress_done > 0, timeout=90, message="job never ran")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
        last_beat = Summary.objects.get(pk=summary.pk).heartbeat_at

        # The sweeper marks the run queued, then sends it and stamps `enqueued_at`: wait for both writes.
        wait_for(
            lambda: Summary.objects.filter(
                pk=summary.pk, status=Summary.Status.QUEUED, enqueued_at__isnull=False
            ).exists(),
            timeout=60,
            message="the sweeper never sent the job again",
        )
        summary.refresh_from_db()
        # Sent again through the lease (3 s) and the sweep, not at the hard time limit: no wall-clock bound on
        # this machine's speed, only that it came before the limit could have acted.
        resent_after = (summary.enqueued_at - last_beat).total_seconds()
        assert resent_after < settings.SUMMARIES_TASK_TIME_LIMIT

        start_worker(queues="translation,summarization", **lease)
        status = wait_until_finished(client, status_url(summary), timeout=180)
        assert status["status"] == "done", status
        summary.refresh_from_db()
        assert summary.attempts == 2 and summary.revisions.count() == 1
        assert Summary.objects.filter(article=summary.article).count() == 1


class TestRedisDown:
    def test_submission_while_redis_is_down_is_kept_and_completed_later(
        self, client, start_worker, redis_server, arabic_article, settings
    ):
        """With Redis stopped the form still saves the article as queued and says so; once Redis is back,
        the sweeper (Celery beat) sends the job and the worker completes it."""
        start_worker(beat=True, SWEEP_INTERVAL="1")
        redis_server.stop()
        try:
            response = client.post(reverse("summaries:submit"), {"text": arabic_article})
            assert response.status_code == 302  # the bounded publish retry (settings) did not hold the form
            summary = Summary.objects.get()
            assert (summary.status, summary.enqueued_at) == ("queued", None)
            page = client.get(response["Location"]).content.decode()
            assert "Waiting for a worker" in page
            settings.SUMMARIES_METRICS_TOKEN = "health-details"  # the details are for staff and the token
            health = client.get(reverse("summaries:healthz"), HTTP_AUTHORIZATION="Bearer health-details")
            assert health.status_code == 503 and health.json()["checks"]["redis"]["ok"] is False
        finally:
            redis_server.start()
        status = wait_until_finished(client, status_url(summary), timeout=120)
        assert status["status"] == "done", status
        summary.refresh_from_db()
        assert summary.enqueued_at is not None and Summary.objects.count() == 1


class TestTimeLimit:
    TIMEOUT_MESSAGE = "Processing took longer than the time limit and was stopped. Try a shorter article."

    def test_job_over_the_soft_limit_fails_and_the_worker_takes_the_next(
        self, client, start_worker, arabic_article, tmp_path
    ):
        """A job still translating when the worker's soft time limit passes is stopped and ends failed, its page
        saying why; the same worker then completes the next job."""
        # Models load when the worker starts, so the limit counts only the job's own work; the test hook holds
        # the job at the start of translating until the limit arrives there, whatever the machine's speed.
        worker = start_worker(
            SUMMARIES_TASK_SOFT_TIME_LIMIT="5",
            PRELOAD_MODELS="all",
            EMBEDDINGS="0",
            SUMMARIES_TEST_HOLD_AT="translation",
        )
        slow = submit(client, long_article(arabic_article))
        status = wait_until_finished(client, status_url(slow), timeout=120)

        assert (status["status"], status["error"]) == ("failed", self.TIMEOUT_MESSAGE), status
        assert "the soft time limit arrived at translation" in worker_log(tmp_path)
        slow.refresh_from_db()
        assert slow.error_code == "timeout" and slow.attempts == 1
        page = client.get(reverse("summaries:article_detail", kwargs={"article_id": slow.article_id})).content.decode()
        assert "Processing failed" in page and self.TIMEOUT_MESSAGE in page

        fast = submit(client, "The presidents of Russia and Egypt signed a partnership agreement in Moscow today.")
        assert wait_until_finished(client, status_url(fast), timeout=60)["status"] == "done"
        assert worker.poll() is None

    def test_limit_passing_while_a_model_loads_is_not_taken_for_a_broken_model(
        self, client, start_worker, arabic_article, tmp_path
    ):
        """A soft limit that passes while the translation model is still loading fails the job for the time
        limit at its first attempt; it is not retried as a model that could not be loaded."""
        # Without embeddings the translation model is the first thing the job loads; the test hook holds the
        # load until the limit has arrived inside it; a short backoff makes a wrongly retried job show up.
        start_worker(
            SUMMARIES_TASK_SOFT_TIME_LIMIT="5",
            EMBEDDINGS="0",
            RETRY_BACKOFF="1",
            SUMMARIES_TEST_HOLD_AT="model_load",
        )
        summary = submit(client, long_article(arabic_article))
        status = wait_until_finished(client, status_url(summary), timeout=120)

        assert (status["status"], status["error"]) == ("failed", self.TIMEOUT_MESSAGE), status
        assert "the soft time limit arrived at model_load and was held back" in worker_log(tmp_path)
        summary.refresh_from_db()
        assert summary.error_code == "timeout" and summary.attempts == 1


def worker_log(tmp_path) -> str:
    """The first worker's log (start_worker writes each worker's output under the test's tmp_path)."""
    return (tmp_path / "worker-0.log").read_text(errors="replace")


class TestFlakyModel:
    def test_model_that_becomes_loadable_is_retried_until_it_works(
        self, client, start_worker, arabic_article, model_settings, tmp_path
    ):
        """A model directory still being copied fails to load: the job waits and retries with backoff, and
        completes once the files are complete."""
        directory = tmp_path / "translation-model"
        directory.mkdir()
        start_worker(TRANSLATION_MODEL=str(directory), RETRY_BACKOFF="1", TRANSIENT_RETRIES="6")
        summary = submit(client, arabic_article)
        wait_for(
            lambda: Summary.objects.filter(pk=summary.pk, status="queued", enqueued_at__gt=summary.created_at).exists(),
            timeout=60,
            message="the job was never deferred",
        )
        shutil.copytree(model_settings.SUMMARIES_TRANSLATION_MODEL, directory, dirs_exist_ok=True)
        status = wait_until_finished(client, status_url(summary), timeout=120)
        assert status["status"] == "done", status

    def test_retries_are_bounded(self, client, start_worker, arabic_article, tmp_path):
        """A model that never loads fails the job after the configured retries, with the reason and the count."""
        directory = tmp_path / "broken-model"
        directory.mkdir()
        (directory / "config.json").write_text("{not json")
        start_worker(TRANSLATION_MODEL=str(directory), RETRY_BACKOFF="1", TRANSIENT_RETRIES="1")
        summary = submit(client, arabic_article)
        status = wait_until_finished(client, status_url(summary), timeout=60)
        assert status["status"] == "failed"
        assert "not fully set up" in status["error"]  # the submitter's plain words; staff get the details:
        error = Summary.objects.get(pk=summary.pk).error_text
        assert "could not be loaded" in error and "tried 2 times" in error


class TestHealth:
    @pytest.fixture(autouse=True)
    def details(self, settings):
        settings.SUMMARIES_METRICS_TOKEN = "health-details"
        settings.SUMMARIES_HEALTH_REFRESH_SECONDS = 1

    def healthz(self, client):
        return client.get(reverse("summaries:healthz"), HTTP_AUTHORIZATION="Bearer health-details")

    def test_healthy_with_a_worker_and_its_beat_and_unhealthy_without(self, client, start_worker):
        """200 with the database, Redis, a worker answering and beat ticking; 503 naming the workers and beat
        when none runs."""
        response = self.healthz(client)
        assert response.status_code == 503
        assert response.json()["checks"]["workers"] == {"ok": False, "count": 0, "seconds": pytest.approx(1, abs=1)}
        assert response.json()["checks"]["beat"]["ok"] is False
        start_worker(beat=True)
        wait_for(lambda: self.healthz(client).status_code == 200, timeout=60, interval=0.5)
        body = self.healthz(client).json()
        assert body["status"] == "ok" and body["checks"]["database"]["ok"] and body["checks"]["workers"]["count"] == 1
        assert body["checks"]["beat"]["ok"] is True

    def test_a_beat_that_stopped_ticking_is_unhealthy(self, client, start_worker, settings, broker):
        """Beat killed inside the worker left no sweeps and no feed polls while /healthz said "ok"; now a
        stamp older than two sweep intervals makes the site unhealthy, naming beat."""
        import redis

        from summaries.runs.beat import STAMP_KEY

        start_worker()  # the worker answers, but no beat runs
        stale = time.time() - (2 * settings.SUMMARIES_SWEEP_INTERVAL + 31)
        redis.Redis.from_url(broker).set(STAMP_KEY, repr(stale))
        wait_for(lambda: self.healthz(client).json()["checks"]["workers"]["ok"], timeout=60, interval=0.5)
        response = self.healthz(client)
        assert response.status_code == 503 and response.json()["checks"]["beat"]["ok"] is False
        assert response.json()["checks"]["beat"]["seconds_since_tick"] >= 2 * settings.SUMMARIES_SWEEP_INTERVAL + 30
