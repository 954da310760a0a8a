"""Celery tasks: each takes an id and calls one service; retries and the final failure are Celery's.

Acks are late and a lost worker's message is redelivered (settings), so a run survives a crash and the
service makes a rerun harmless. A model that is there but fails to load (ModelUnavailable) is retried by
the task with exponential backoff (RETRY_BACKOFF, TRANSIENT_RETRIES, read when a retry is due); what the service
cannot record itself (retries exhausted, the hard time limit killing the process, a crash) is recorded by
`on_failure`. What a worker does when it starts and stops is in `summaries/runs/worker.py`.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from celery import Task, shared_task
from celery.exceptions import TimeLimitExceeded
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings

from summaries.common.exceptions import EngineError, ModelUnavailable
from summaries.runs import worker  # noqa: F401 - connects the worker's start-up and shut-down handlers


class SummaryTask(Task):
    """Sent without time limits (the worker's own apply); retried with backoff for a model that fails to
    load; failed with the reason when that, or anything else, ends the task."""

    def apply_async(self, args=None, kwargs=None, **options):  # type: ignore[override]
        """Celery stamps the sender's task limits into every message and a message's limits win over the
        worker's, so the web process's settings would decide how long a worker lets a run go on; sent
        without them (as runs/dispatch.py sends), the worker's SUMMARIES_TASK_*TIME_LIMIT apply. Celery's
        own retries come through here."""
        return super().apply_async(args, kwargs, **{**options, "time_limit": None, "soft_time_limit": None})

    @contextmanager
    def retrying(self) -> Iterator[None]:
        """A model that is there but fails to load is tried again later, with exponential backoff, up to
        TRANSIENT_RETRIES times. The settings are read now, in the worker, not when this module was imported
        (Celery's `autoretry_for` reads them once, at registration)."""
        try:
            yield
        except ModelUnavailable as exc:
            countdown = get_exponential_backoff_interval(
                factor=settings.SUMMARIES_RETRY_BACKOFF, retries=self.request.retries, maximum=3600, full_jitter=False
            )
            raise self.retry(exc=exc, countdown=countdown, max_retries=settings.SUMMARIES_TRANSIENT_RETRIES) from None

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        from summaries.runs.lifecycle import summary_fail

        summary_id = args[0] if args else kwargs["summary_id"]
        summary_fail(summary_id=summary_id, error=failure_reason(exc, tries=self.request.retries + 1))


def failure_reason(exc: BaseException, *, tries: int) -> EngineError:
    """What people are told when the task itself ends a run."""
    if isinstance(exc, TimeLimitExceeded):
        return EngineError("timeout")
    if isinstance(exc, ModelUnavailable):
        return EngineError(
            "model_unavailable", model=exc.params.get("model", ""), reason=exc.params.get("reason", ""), tries=tries
        )
    return EngineError("internal")


@shared_task(base=SummaryTask, bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def summary_process(self: SummaryTask, summary_id: int) -> None:
    """Run the pipeline for one queued run."""
    from summaries.runs import processing

    with self.retrying():
        processing.summary_process(
            summary_id=summary_id, delivery_id=self.request.id, worker=self.request.hostname or ""
        )


@shared_task(base=SummaryTask, bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def summary_fetch(self: SummaryTask, summary_id: int) -> None:
    """Read a link's page (the fetching queue), then hand the run to its models' queue."""
    from summaries.runs import processing

    with self.retrying():
        processing.summary_fetch(summary_id=summary_id, delivery_id=self.request.id, worker=self.request.hostname or "")


@shared_task(ignore_result=True)
def summaries_sweep() -> None:
    """Periodic (Celery beat): send again runs the queue lost, bring back runs whose worker died, queue
    runs whose models arrived; the tick itself shows /healthz that beat is alive."""
    from summaries.runs.sweeper import summaries_sweep_tick

    summaries_sweep_tick()


@shared_task(ignore_result=True)
def feeds_poll_due() -> None:
    """Periodic (Celery beat, every FEED_POLL_SECONDS) and on an editor's "poll now": poll the feeds that are
    due; new entries are queued as links."""
    from summaries.feeds.polling import feeds_poll_due as poll

    poll()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def glossary_import_run(import_id: int) -> None:
    """Import an uploaded glossary file in short batches, recording its progress."""
    from summaries.glossary.imports import glossary_import_run as run

    run(import_id=import_id)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def webhook_deliver(delivery_id: int) -> None:
    """Make a webhook delivery's due attempt (the fetching queue); retries are scheduled by the service."""
    from summaries.webhooks.attempts import webhook_deliver as deliver

    deliver(delivery_id=delivery_id)
