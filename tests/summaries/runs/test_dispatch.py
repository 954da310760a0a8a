"""Dispatch: how a run is sent (by task name, routed, without the sender's time limits), what a failed send
does, and the lease a running run renews from its own thread."""

from datetime import timedelta

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from newsapp.celery import app as celery_app
from summaries.articles.submission import article_submit
from summaries.runs import dispatch
from summaries.runs.dispatch import summary_enqueue
from summaries.runs.models import Summary
from summaries.runs.sweeper import summaries_sweep
from tests.factories import latest_run, make_article
from tests.polling import wait_for


@pytest.mark.django_db(transaction=True)  # the heartbeat writes from a thread: it must see committed rows
def test_the_lease_moves_on_while_the_run_works():
    run = make_article().latest_summary
    Summary.objects.filter(pk=run.pk).update(status="running")
    claimed = Summary.objects.get(pk=run.pk).heartbeat_at
    with dispatch.Lease(run.pk, interval=0.05) as heartbeat:
        wait_for(
            lambda: Summary.objects.get(pk=run.pk).heartbeat_at != claimed,
            timeout=30,
            message="the heartbeat never moved the lease on",
        )
    assert not heartbeat.thread.is_alive()  # leaving the block stops it: nothing beats for a finished run


class TestRouting:
    """Each run goes to the queue of the biggest model it needs, by task name, without the sender's limits."""

    @pytest.fixture
    def sent(self, monkeypatch):
        calls = []
        monkeypatch.setattr(celery_app, "send_task", lambda name, args, **options: calls.append((name, args, options)))
        return calls

    @pytest.mark.django_db
    def test_a_pasted_article_goes_to_its_models_queue_without_time_limits(self, arabic_article, sent, settings):
        run = latest_run(article_submit(text=arabic_article, strategy="translate-summarize", enqueue=False).article)
        assert summary_enqueue(summary_id=run.pk) is True
        assert sent == [
            (
                dispatch.PROCESS,
                (run.pk,),
                {"queue": settings.SUMMARIES_SUMMARIZATION_QUEUE, "time_limit": None, "soft_time_limit": None},
            )
        ]

    def test_a_message_without_a_queue_is_left_to_the_routes(self, sent):
        dispatch.send(dispatch.FEEDS_POLL)
        assert sent == [(dispatch.FEEDS_POLL, (), {"time_limit": None, "soft_time_limit": None})]

    def test_the_names_are_the_tasks_celery_registered(self):
        from summaries import tasks

        names = {dispatch.PROCESS, dispatch.FETCH, dispatch.SWEEP, dispatch.FEEDS_POLL, dispatch.GLOSSARY_IMPORT}
        assert names <= set(celery_app.tasks)
        assert tasks.summary_process.name == dispatch.PROCESS


@pytest.mark.django_db
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

        monkeypatch.setattr(celery_app, "send_task", refuse)

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
            raise TypeError("send_task() got an unexpected keyword argument")

        monkeypatch.setattr(celery_app, "send_task", bug)
        with pytest.raises(TypeError):
            summary_enqueue(summary_id=run.pk)

    def test_a_successful_send_is_recorded(self, run, monkeypatch):
        monkeypatch.setattr(celery_app, "send_task", lambda *args, **kwargs: None)
        assert summary_enqueue(summary_id=run.pk) is True
        run.refresh_from_db()
        assert run.status == "queued" and run.enqueued_at is not None and run.send_attempts == 1
