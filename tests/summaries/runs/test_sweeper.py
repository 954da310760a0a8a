"""The sweeper leaves nothing behind, and a run that cannot be handed to the workers is not sent forever."""

from datetime import timedelta

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from summaries import tasks
from summaries.articles.submission import article_submit, summary_enqueue
from summaries.runs.models import Summary
from summaries.runs.sweeper import summaries_sweep
from tests.factories import latest_run

pytestmark = pytest.mark.django_db


class TestSweep:
    """The sweeper leaves nothing behind: unsent, lost and orphaned jobs are sent again; one that keeps dying fails."""

    def jobs(self, arabic_article, count):
        return [
            article_submit(text=arabic_article, force_new=True, enqueue=False).article.latest_summary
            for _ in range(count)
        ]

    def test_what_is_sent_again_and_what_is_left_alone(self, arabic_article, settings):
        """Unsent after the grace period and sent-but-lost jobs go again; fresh and recently sent ones wait."""
        now = timezone.now()
        unsent_old, _unsent_fresh, sent_recently, sent_long_ago = self.jobs(arabic_article, 4)
        Summary.objects.filter(pk=unsent_old.pk).update(created_at=now - timedelta(minutes=1))
        Summary.objects.filter(pk=sent_recently.pk).update(created_at=now - timedelta(minutes=5), enqueued_at=now)
        Summary.objects.filter(pk=sent_long_ago.pk).update(
            created_at=now - timedelta(hours=3),
            enqueued_at=now - timedelta(seconds=settings.SUMMARIES_QUEUED_RESEND_AFTER + 1),
        )
        sent = []
        resent = summaries_sweep(enqueue=lambda summary_id: sent.append(summary_id) or True)
        assert sorted(resent) == sorted(sent) == sorted([unsent_old.pk, sent_long_ago.pk])

    def test_a_running_job_whose_lease_lapsed_is_sent_again_then_fails_when_attempts_are_used(
        self, arabic_article, settings
    ):
        """Silent for longer than LEASE_SECONDS means its worker died: back to the queue, or failed after
        MAX_ATTEMPTS; a job with a fresh heartbeat is left alone however long it has run."""
        now = timezone.now()
        lapsed = now - timedelta(seconds=settings.SUMMARIES_LEASE_SECONDS + 1)
        retry, give_up, alive, old_row = self.jobs(arabic_article, 4)
        Summary.objects.filter(pk=retry.pk).update(status="running", heartbeat_at=lapsed, attempts=1, delivery_id="m1")
        Summary.objects.filter(pk=give_up.pk).update(
            status="running", heartbeat_at=lapsed, attempts=settings.SUMMARIES_MAX_ATTEMPTS
        )
        Summary.objects.filter(pk=alive.pk).update(  # running for hours, but beating
            status="running", started_at=now - timedelta(hours=2), heartbeat_at=now, attempts=1
        )
        Summary.objects.filter(pk=old_row.pk).update(status="running", started_at=lapsed, heartbeat_at=None, attempts=1)
        sent = []
        summaries_sweep(enqueue=lambda summary_id: sent.append(summary_id) or True)
        for job in (retry, give_up, alive, old_row):
            job.refresh_from_db()
        assert (retry.status, retry.delivery_id) == ("queued", "") and retry.pk in sent
        assert (give_up.status, give_up.error_code) == ("failed", "worker_lost") and give_up.pk not in sent
        assert alive.status == "running" and alive.pk not in sent
        assert old_row.status == "queued" and old_row.pk in sent  # a row from before heartbeats: its start counts

    def test_a_failed_send_is_not_counted_as_sent(self, arabic_article):
        """With Redis still down the job stays unsent, to be tried on the next sweep."""
        (job,) = self.jobs(arabic_article, 1)
        Summary.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=1))
        assert summaries_sweep(enqueue=lambda summary_id: False) == []
        job.refresh_from_db()
        assert job.status == "queued" and job.enqueued_at is None


class TestSending:
    """summary_enqueue: broker errors keep the run queued and are counted; after SEND_ATTEMPTS it fails with
    the reason; any other error is a bug and is raised."""

    @pytest.fixture
    def run(self, arabic_article) -> Summary:
        return latest_run(article_submit(text=arabic_article, enqueue=False).article)

    @pytest.fixture
    def broker_down(self, monkeypatch):
        def refuse(*args, **kwargs):
            raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        monkeypatch.setattr(tasks.summary_process, "apply_async", refuse)

    def test_a_broker_error_keeps_the_run_queued_and_counts_the_send(self, run, broker_down):
        assert summary_enqueue(summary_id=run.pk) is False
        run.refresh_from_db()
        assert (run.status, run.send_attempts, run.enqueued_at) == ("queued", 1, None)

    def test_after_the_last_allowed_send_the_run_fails_with_the_reason(self, run, broker_down, settings):
        settings.SUMMARIES_SEND_ATTEMPTS = 3
        for _ in range(3):
            summary_enqueue(summary_id=run.pk)
        run.refresh_from_db()
        assert (run.status, run.error_code, run.error_params) == ("failed", "unsent", {"count": 3})
        assert "could not be handed to the workers after 3 tries" in run.error_text

    def test_the_sweeper_stops_sending_a_run_that_failed_to_send(self, run, broker_down, settings):
        settings.SUMMARIES_SEND_ATTEMPTS = 2
        Summary.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(minutes=5))
        assert summaries_sweep() == [] and summaries_sweep() == []
        run.refresh_from_db()
        assert (run.status, run.send_attempts) == ("failed", 2)
        assert summaries_sweep() == []
        run.refresh_from_db()
        assert run.send_attempts == 2  # a failed run is not sent again

    def test_any_other_error_is_raised_not_taken_for_a_busy_broker(self, run, monkeypatch):
        def bug(*args, **kwargs):
            raise TypeError("apply_async() got an unexpected keyword argument")

        monkeypatch.setattr(tasks.summary_process, "apply_async", bug)
        with pytest.raises(TypeError):
            summary_enqueue(summary_id=run.pk)

    def test_a_successful_send_is_recorded(self, run, monkeypatch):
        monkeypatch.setattr(tasks.summary_process, "apply_async", lambda *args, **kwargs: None)
        assert summary_enqueue(summary_id=run.pk) is True
        run.refresh_from_db()
        assert run.status == "queued" and run.enqueued_at is not None and run.send_attempts == 1
