"""The worker's job around the pipeline: claim a job, run it, and record how it ended.

Every run ends `done` or `failed`: errors become a readable reason, a job that keeps killing its
worker is failed after SUMMARIES_MAX_ATTEMPTS deliveries, and stale jobs are picked up again when a
worker starts.
"""

import logging
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..exceptions import EngineError, SummariesError
from ..models import Summary
from .pipeline import run_pipeline

logger = logging.getLogger(__name__)


def summary_process(*, summary_id: int, delivery_id: str | None = None) -> None:
    """Run the pipeline for one job; quietly skips jobs that vanished, finished, or run elsewhere.

    `delivery_id` identifies the queue message: a redelivery of the same message (its worker died)
    may take over a running job, a second message for the same job may not.
    """
    summary = _claim(summary_id, delivery_id)
    if summary is None:
        return
    if summary.attempts > settings.SUMMARIES_MAX_ATTEMPTS:
        summary_fail(summary_id=summary_id, error=EngineError("worker_lost", count=summary.attempts - 1))
        return
    try:
        run_pipeline(summary)
    except SoftTimeLimitExceeded:
        summary_fail(summary_id=summary_id, error=timeout_error())
    except SummariesError as exc:
        summary_fail(summary_id=summary_id, error=exc)
    except Exception:  # noqa: BLE001 - the last line of defence: record the failure, keep the traceback in the log
        logger.exception("summary %s failed unexpectedly", summary_id)
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


def summaries_requeue_stale(*, queued_for: timedelta, enqueue) -> int:  # type: ignore[no-untyped-def]
    """Send again jobs queued for longer than `queued_for` (lost while Redis was down); fail jobs
    running past the hard time limit (their worker was killed). Returns how many were sent again."""
    now = timezone.now()
    overdue = now - timedelta(seconds=settings.SUMMARIES_TASK_TIME_LIMIT)
    for summary_id in Summary.objects.filter(status=Summary.Status.RUNNING, started_at__lt=overdue).values_list("pk", flat=True):
        summary_fail(summary_id=summary_id, error=timeout_error())
    stale = list(Summary.objects.filter(status=Summary.Status.QUEUED, created_at__lt=now - queued_for).values_list("pk", flat=True))
    for summary_id in stale:
        enqueue(summary_id=summary_id)
    if stale:
        logger.warning("re-sent %d queued jobs: %s", len(stale), stale)
    return len(stale)


def timeout_error() -> EngineError:
    return EngineError("timeout")


def internal_error() -> EngineError:
    return EngineError("internal")


def _claim(summary_id: int, delivery_id: str | None) -> Summary | None:
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
        summary.started_at = timezone.now()
        summary.attempts += 1
        summary.delivery_id = delivery_id or ""
        summary.save(update_fields=["status", "started_at", "attempts", "delivery_id"])
    return summary
