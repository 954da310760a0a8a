"""The worker's job around the pipeline: claim a run, run it, and record how it ended.

A link's page is read first, by a worker of the fetching queue (summary_fetch), which then hands the run
to its models' queue. Every run ends `done`, `failed` or
`waiting` (for its models): errors become a readable reason, a run that keeps killing its worker is failed
after SUMMARIES_MAX_ATTEMPTS deliveries, and a model that is there but fails to load is left to the task's
retries. Every status change is a move of `lifecycle`.
"""

import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.db import connection
from django.db.models import F
from django.utils import timezone

from summaries.articles.link_submission import article_fetch, article_needs_fetch
from summaries.common.exceptions import EngineError, ModelUnavailable, SummariesError
from summaries.runs import dispatch, lifecycle
from summaries.runs.lifecycle import summary_fail
from summaries.runs.pipeline import run_pipeline

logger = logging.getLogger(__name__)


def summary_process(*, summary_id: int, delivery_id: str | None = None, worker: str = "") -> None:
    """Run the pipeline for one run; quietly skips runs that vanished, finished, or run elsewhere.

    `delivery_id` identifies the queue message: a redelivery of the same message (its worker died)
    may take over a running run, a second message for the same run may not. `worker` (the Celery
    node name) is recorded so an administrator can see which machine ran it.
    """
    summary = dispatch.claim(summary_id, delivery_id, worker)
    if summary is None:
        return
    if article_needs_fetch(summary.article):  # a link unread: the fetching queue's job first, never a model worker's
        dispatch.hand_off(summary_id, then=dispatch.summary_enqueue)
        return
    try:
        with dispatch.Lease(summary_id):
            run_pipeline(summary)
        dispatch.runs_requeue_waiting(summary_ids=[summary_id])  # its models may have arrived meanwhile
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
    *, summary_id: int, delivery_id: str | None = None, worker: str = "", then: dispatch.Enqueue | None = None
) -> None:
    """The fetching queue's job for a link: read its page (articles/link_submission.py), then hand the run on to its
    models' queue (`then`, by default sending it; the command line runs it in its own process instead).

    It runs in a worker of its own, so a hostile page holds that worker for the link's deadline at most and
    never an article's processing. Failures end the run as they would in summary_process."""
    summary = dispatch.claim(summary_id, delivery_id, worker)
    if summary is None:
        return
    try:
        with dispatch.Lease(summary_id):
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
        dispatch.hand_off(summary_id, then=then or dispatch.summary_enqueue)


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
