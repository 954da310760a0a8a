"""The worker's job around the pipeline: claim a run, run it, and record how it ended.

A link's page is read first, by a worker of the fetching queue (summary_fetch), which then hands the run
to its models' queue. Every run ends `done`, `failed` or
`waiting` (for its models): errors become a readable reason, a run that keeps killing its worker is failed
after SUMMARIES_MAX_ATTEMPTS deliveries, and a model that is there but fails to load is left to the task's
retries. Every status change is a move of `lifecycle`.
"""

import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from summaries.articles.link_submission import article_fetch, article_needs_fetch
from summaries.articles.submission import summary_enqueue
from summaries.common.exceptions import EngineError, ModelUnavailable, SummariesError
from summaries.runs import lifecycle
from summaries.runs.lease import Heartbeat
from summaries.runs.lifecycle import summary_fail
from summaries.runs.models import Summary
from summaries.runs.pipeline import run_pipeline
from summaries.runs.sweeper import Enqueue, summaries_requeue_waiting

logger = logging.getLogger(__name__)


def summary_process(*, summary_id: int, delivery_id: str | None = None, worker: str = "") -> None:
    """Run the pipeline for one run; quietly skips runs that vanished, finished, or run elsewhere.

    `delivery_id` identifies the queue message: a redelivery of the same message (its worker died)
    may take over a running run, a second message for the same run may not. `worker` (the Celery
    node name) is recorded so an administrator can see which machine ran it.
    """
    summary = _claim_within_attempts(summary_id, delivery_id, worker)
    if summary is None:
        return
    if article_needs_fetch(summary.article):  # a link unread: the fetching queue's job first, never a model worker's
        _hand_off(summary_id, then=summary_enqueue)
        return
    try:
        with Heartbeat(summary_id, interval=settings.SUMMARIES_LEASE_SECONDS / 4):
            run_pipeline(summary)
        summaries_requeue_waiting(summary_ids=[summary_id])  # its models may have arrived meanwhile
    except ModelUnavailable:
        summary_defer(summary_id=summary_id)
        raise
    except SoftTimeLimitExceeded:
        _drop_broken_connection()  # the limit may still have interrupted a query the pipeline did not guard
        summary_fail(summary_id=summary_id, error=EngineError("timeout"))
    except SummariesError as exc:
        summary_fail(summary_id=summary_id, error=exc)
    except Exception:
        logger.exception("summary %s failed unexpectedly", summary_id)
        _drop_broken_connection()  # the error may have come from the connection itself
        summary_fail(summary_id=summary_id, error=EngineError("internal"))


def summary_fetch(
    *, summary_id: int, delivery_id: str | None = None, worker: str = "", then: Enqueue | None = None
) -> None:
    """The fetching queue's job for a link: read its page (articles/link_submission.py), then hand the run on to its
    models' queue (`then`, by default sending it; the command line runs it in its own process instead).

    It runs in a worker of its own, so a hostile page holds that worker for the link's deadline at most and
    never an article's processing. Failures end the run as they would in summary_process."""
    summary = _claim_within_attempts(summary_id, delivery_id, worker)
    if summary is None:
        return
    try:
        with Heartbeat(summary_id, interval=settings.SUMMARIES_LEASE_SECONDS / 4):
            if article_needs_fetch(summary.article):  # a redelivered message may find it read already
                article_fetch(summary=summary)
    except SoftTimeLimitExceeded:
        _drop_broken_connection()
        summary_fail(summary_id=summary_id, error=EngineError("timeout"))
    except SummariesError as exc:
        summary_fail(summary_id=summary_id, error=exc)
    except Exception:
        logger.exception("summary %s: fetching failed unexpectedly", summary_id)
        _drop_broken_connection()
        summary_fail(summary_id=summary_id, error=EngineError("internal"))
    else:
        _hand_off(summary_id, then=then or summary_enqueue)


def _hand_off(summary_id: int, *, then: Enqueue) -> None:
    """Back to `queued` for the next queue, as a fresh start there: its delivery, attempts and sends are
    those of the next stage."""
    if lifecycle.transition(summary_id, "handoff", delivery_id="", attempts=0, send_attempts=0, enqueued_at=None):
        then(summary_id=summary_id)


def summary_defer(*, summary_id: int) -> None:
    """Back to the queue for the task's retry: this delivery ended cleanly, so it is not counted as a
    crash towards MAX_ATTEMPTS."""
    if lifecycle.transition(
        summary_id,
        "defer",
        progress_done=0,
        progress_total=0,
        delivery_id="",
        attempts=F("attempts") - 1,
        enqueued_at=timezone.now(),
    ):
        logger.warning("summary %s deferred: a model could not be loaded; the task will retry", summary_id)


def _drop_broken_connection() -> None:
    """Record a failure on a fresh connection when this one was left unusable (an interrupted command);
    a healthy one, or one inside a transaction (tests), is kept."""
    if connection.connection is not None and not connection.in_atomic_block and not connection.is_usable():
        connection.close()


def _claim_within_attempts(summary_id: int, delivery_id: str | None, worker: str) -> Summary | None:
    """The run claimed for this delivery, or None: gone, finished, running elsewhere, or (then failed
    here) delivered more often than MAX_ATTEMPTS, since each worker that took it died."""
    summary = _claim(summary_id, delivery_id, worker)
    if summary is not None and summary.attempts > settings.SUMMARIES_MAX_ATTEMPTS:
        summary_fail(summary_id=summary_id, error=EngineError("worker_lost", count=summary.attempts - 1))
        return None
    return summary


def _claim(summary_id: int, delivery_id: str | None, worker: str = "") -> Summary | None:
    """Take the run in one transaction, so two messages for one run never both run it."""
    with transaction.atomic():
        summary = Summary.objects.select_for_update().select_related("article").filter(pk=summary_id).first()
        if summary is None or summary.status not in lifecycle.MOVES["claim"].sources:
            logger.info("summary %s skipped: %s", summary_id, "missing" if summary is None else summary.status)
            return None
        if summary.status == Summary.Status.RUNNING and summary.delivery_id != (delivery_id or ""):
            logger.info("summary %s skipped: already running under another message", summary_id)
            return None
        now = timezone.now()
        lifecycle.transition(
            summary_id,
            "claim",
            started_at=now,
            heartbeat_at=now,
            attempts=F("attempts") + 1,
            delivery_id=delivery_id or "",
            worker=worker[:255],
        )
        summary.refresh_from_db()
    return summary
