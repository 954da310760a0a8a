"""The sweeper leaves nothing behind, and a run that cannot be handed to the workers is not sent forever."""

from datetime import timedelta

import pytest
from django.utils import timezone

from summaries.articles.submission import article_submit
from summaries.runs.models import Summary
from summaries.runs.sweeper import summaries_sweep
from summaries.search.models import SearchDocument
from summaries.search.selectors import search_articles

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


def test_the_sweep_indexes_articles_from_before_search_a_batch_per_tick(arabic_article, settings):
    """A database upgraded with articles that search has no document for becomes searchable by itself:
    each sweep indexes at most SEARCH_SWEEP_BATCH of them."""
    settings.SUMMARIES_SEARCH_SWEEP_BATCH = 2
    for _ in range(3):
        article_submit(text=arabic_article, force_new=True, enqueue=False)
    SearchDocument.objects.all().delete()
    assert search_articles(query="بوتين").count == 0
    summaries_sweep(enqueue=lambda summary_id: True)
    assert SearchDocument.objects.count() == 2
    summaries_sweep(enqueue=lambda summary_id: True)
    assert SearchDocument.objects.count() == 3
    assert search_articles(query="بوتين").count == 3
