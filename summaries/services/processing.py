"""The worker's job around the pipeline: claim a job, run it, and record how it ended.

Every run ends `done` or `failed`: errors become a readable reason, a job that keeps killing its
worker is failed after SUMMARIES_MAX_ATTEMPTS deliveries, a model that fails to load for a while is
retried, and the sweeper sends again what the queue lost.
"""

import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from .. import engines
from ..exceptions import EngineError, ModelUnavailable, SummariesError
from ..models import Summary
from .pipeline import run_pipeline
from .submission import summary_enqueue

logger = logging.getLogger(__name__)


def summary_process(*, summary_id: int, delivery_id: str | None = None, worker: str = "") -> None:
    """Run the pipeline for one job; quietly skips jobs that vanished, finished, or run elsewhere.

    `delivery_id` identifies the queue message: a redelivery of the same message (its worker died)
    may take over a running job, a second message for the same job may not. `worker` (the Celery
    node name) is recorded so an administrator can see which machine ran the job.
    """
    summary = _claim(summary_id, delivery_id, worker)
    if summary is None:
        return
    if summary.attempts > settings.SUMMARIES_MAX_ATTEMPTS:
        summary_fail(summary_id=summary_id, error=EngineError("worker_lost", count=summary.attempts - 1))
        return
    try:
        with Heartbeat(summary_id, interval=settings.SUMMARIES_LEASE_SECONDS / 4):
            run_pipeline(summary)
        _requeue_if_ready(summary_id)
    except ModelUnavailable:
        summary_defer(summary_id=summary_id)
        raise
    except SoftTimeLimitExceeded:
        _drop_broken_connection()  # the limit may still have interrupted a query the pipeline did not guard
        summary_fail(summary_id=summary_id, error=timeout_error())
    except SummariesError as exc:
        summary_fail(summary_id=summary_id, error=exc)
    except Exception:  # noqa: BLE001 - the last line of defence: record the failure, keep the traceback in the log
        logger.exception("summary %s failed unexpectedly", summary_id)
        _drop_broken_connection()  # the error may have come from the connection itself
        summary_fail(summary_id=summary_id, error=internal_error())


def summary_fail(*, summary_id: int, error: SummariesError) -> None:
    """Mark a job failed with a message for people; a job that already finished is left alone."""
    updated = Summary.objects.unfinished().filter(pk=summary_id).update(
        status=Summary.Status.FAILED,
        stage=Summary.Stage.FAILED,
        error_code=error.code,
        error_params=error.params,
        error_message=str(error.message),
        finished_at=timezone.now(),
    )
    if updated:
        logger.warning("summary %s failed: %s", summary_id, error.code)


def summary_defer(*, summary_id: int) -> None:
    """Put a job back in the queue for a retry: this delivery ended cleanly, so it is not counted as a
    crash towards MAX_ATTEMPTS."""
    Summary.objects.filter(pk=summary_id, status=Summary.Status.RUNNING).update(
        status=Summary.Status.QUEUED, stage=Summary.Stage.QUEUED, progress_done=0, progress_total=0,
        delivery_id="", attempts=F("attempts") - 1, enqueued_at=timezone.now(),
    )
    logger.warning("summary %s deferred: a model could not be loaded; the task will retry", summary_id)


def summaries_sweep(*, enqueue: Callable[..., bool], grace: timedelta = timedelta(seconds=10)) -> list[int]:
    """Make sure no job is left behind; returns the ids sent again.

    - queued and never sent (Redis was down when it was submitted), after a short grace period;
    - queued and sent longer than QUEUED_RESEND_AFTER ago (the message was lost with Redis's data);
    - running but silent for longer than LEASE_SECONDS (its worker died): sent again while attempts
      remain, else failed;
    - waiting for models that are all here now.
    A job sent twice runs once: the second message finds it running or finished (see _claim).
    """
    now = timezone.now()
    lapsed = now - timedelta(seconds=settings.SUMMARIES_LEASE_SECONDS)
    silent = Q(heartbeat_at__lt=lapsed) | Q(heartbeat_at__isnull=True, started_at__lt=lapsed)
    orphans = []
    for summary in Summary.objects.filter(silent, status=Summary.Status.RUNNING):
        if summary.attempts >= settings.SUMMARIES_MAX_ATTEMPTS:
            summary_fail(summary_id=summary.pk, error=EngineError("worker_lost", count=summary.attempts))
        elif Summary.objects.filter(pk=summary.pk, status=Summary.Status.RUNNING).update(
            status=Summary.Status.QUEUED, stage=Summary.Stage.QUEUED, delivery_id="", enqueued_at=None
        ):
            orphans.append(summary.pk)
    requeued = summaries_requeue_waiting(enqueue=enqueue)
    unsent = Q(enqueued_at__isnull=True, created_at__lt=now - grace)
    lost = Q(enqueued_at__lt=now - timedelta(seconds=settings.SUMMARIES_QUEUED_RESEND_AFTER))
    queued = Summary.objects.filter(unsent | lost, status=Summary.Status.QUEUED).values_list("pk", flat=True)
    stale = sorted({*orphans, *queued} - set(requeued))
    resent = [summary_id for summary_id in stale if enqueue(summary_id=summary_id)]
    if stale:
        logger.warning("sweeper: %d stale jobs, %d sent again: %s", len(stale), len(resent), resent)
    return resent


def summaries_requeue_waiting(*, enqueue: Callable[..., bool], summary_ids: list[int] | None = None) -> list[int]:
    """Queue again the runs that waited for models which are all on this machine now; returns their ids.

    Called by the sweeper, by the background fetcher when a model arrives, and right after a run starts
    waiting (its model may have arrived meanwhile)."""
    waiting = Summary.objects.filter(status=Summary.Status.WAITING)
    if summary_ids is not None:
        waiting = waiting.filter(pk__in=summary_ids)
    ready = [
        pk for pk, models in waiting.values_list("pk", "waiting_for")
        if all(engines.model_available(model["model"]) for model in models)
    ]
    queued = [
        pk for pk in ready
        if Summary.objects.filter(pk=pk, status=Summary.Status.WAITING).update(
            status=Summary.Status.QUEUED, stage=Summary.Stage.QUEUED, waiting_for=[], enqueued_at=None
        )
    ]
    for pk in queued:
        enqueue(summary_id=pk)
    if queued:
        logger.info("models arrived: %d waiting runs queued again: %s", len(queued), queued)
    return queued


def _requeue_if_ready(summary_id: int) -> None:
    """A run that has just started waiting is queued again at once if its models arrived meanwhile."""
    summaries_requeue_waiting(enqueue=summary_enqueue, summary_ids=[summary_id])


def _drop_broken_connection() -> None:
    """Record a failure on a fresh connection when this one was left unusable (an interrupted command);
    a healthy one, or one inside a transaction (tests), is kept."""
    if connection.connection is not None and not connection.in_atomic_block and not connection.is_usable():
        connection.close()


def timeout_error() -> EngineError:
    return EngineError("timeout")


def internal_error() -> EngineError:
    return EngineError("internal")


def _claim(summary_id: int, delivery_id: str | None, worker: str = "") -> Summary | None:
    """Move the job to running in one transaction, so two messages for one job never both run it."""
    with transaction.atomic():
        summary = Summary.objects.select_for_update().select_related("article").filter(pk=summary_id).first()
        if summary is None or summary.is_finished:
            logger.info("summary %s skipped: %s", summary_id, "missing" if summary is None else summary.status)
            return None
        if summary.status == Summary.Status.RUNNING and summary.delivery_id != (delivery_id or ""):
            logger.info("summary %s skipped: already running under another message", summary_id)
            return None
        summary.status = Summary.Status.RUNNING
        summary.started_at = summary.heartbeat_at = timezone.now()
        summary.attempts += 1
        summary.delivery_id = delivery_id or ""
        summary.worker = worker[:255]
        summary.save(update_fields=["status", "started_at", "heartbeat_at", "attempts", "delivery_id", "worker"])
    return summary


class Heartbeat:
    """Renews a running job's lease from a thread of its own while the job works, so a job whose worker
    dies is noticed within LEASE_SECONDS instead of at the hard time limit (half an hour by default)."""

    def __init__(self, summary_id: int, *, interval: float) -> None:
        self.summary_id, self.interval = summary_id, interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"heartbeat {summary_id}", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stopped.set()
        self.thread.join()

    def _run(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                try:
                    Summary.objects.filter(pk=self.summary_id, status=Summary.Status.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError as exc:  # the next beat tries again; the lease allows for a few misses
                    logger.warning("summary %s: heartbeat not recorded (%s)", self.summary_id, exc)
        finally:
            connection.close()  # this thread's own connection
