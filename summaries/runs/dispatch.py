"""Getting runs to the workers and keeping them there: route, send, re-send, claim, and hold the lease.

Every message goes out through `send`, by task name, so no service imports tasks.py (tasks.py calls the
services, and sits above them all). A run is sent once it is committed; the broker may be down, so a send
that fails leaves the run queued and counted, and the sweeper (`runs_resend`) sends it again, up to
SEND_ATTEMPTS. A worker that takes a message claims its run in one transaction, so two messages for one
run never both run it, and renews the run's lease while it works; a run whose lease lapsed (its worker
died) is sent again while attempts remain. Status changes are `lifecycle` moves.
"""

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError

from newsapp.celery import app as celery_app
from summaries import engines
from summaries.articles.models import FETCHED_ORIGINS
from summaries.common.exceptions import EngineError
from summaries.runs import lifecycle
from summaries.runs.models import Summary
from summaries.runs.ticker import Ticker

logger = logging.getLogger(__name__)

# The tasks, by the names Celery registers them under (tasks.py).
PROCESS = "summaries.tasks.summary_process"
FETCH = "summaries.tasks.summary_fetch"
SWEEP = "summaries.tasks.summaries_sweep"
FEEDS_POLL = "summaries.tasks.feeds_poll_due"
GLOSSARY_IMPORT = "summaries.tasks.glossary_import_run"
WEBHOOK_DELIVER = "summaries.tasks.webhook_deliver"

Enqueue = Callable[..., bool]


def send(task: str, *args: object, queue: str | None = None, countdown: float = 0) -> None:
    """One message for the workers, through the project's Celery app (named, not `current_app`, which is
    whichever app was made last in the process). Without time limits: Celery would stamp the sender's, and a message's
    limits win over the worker's, so the web process's settings would decide how long a worker lets a run
    go on; sent without them, the worker's SUMMARIES_TASK_*TIME_LIMIT apply. Routing (settings) applies.
    `countdown`: seconds before a worker may take it (a webhook's next attempt)."""
    options: dict[str, Any] = {"queue": queue} if queue else {}
    if countdown > 0:
        options["countdown"] = countdown
    celery_app.send_task(task, args, time_limit=None, soft_time_limit=None, **options)


def summary_enqueue(*, summary_id: int) -> bool:
    """Hand a run to the workers. When the broker cannot be reached the run stays queued and the sweeper
    sends it again, up to SEND_ATTEMPTS sends in all; then it fails with the reason. Any other error is a
    bug and is raised, not taken for a busy broker."""
    Summary.objects.filter(pk=summary_id).update(send_attempts=F("send_attempts") + 1)
    try:
        if needs_fetch(summary_id):  # a link's page is read in the fetching queue first
            send(FETCH, summary_id, queue=settings.SUMMARIES_FETCH_QUEUE)
        else:
            send(PROCESS, summary_id, queue=job_queue(summary_id=summary_id))
    except (OperationalError, ConnectionError) as exc:  # kombu's wrapper, or the socket's own error
        attempts = Summary.objects.filter(pk=summary_id).values_list("send_attempts", flat=True).first() or 0
        logger.error("could not enqueue summary %s (send %d): %s", summary_id, attempts, type(exc).__name__)
        if attempts >= settings.SUMMARIES_SEND_ATTEMPTS:
            lifecycle.summary_fail(summary_id=summary_id, error=EngineError("unsent", count=attempts))
        return False
    lifecycle.sent(summary_id)
    return True


def needs_fetch(summary_id: int) -> bool:
    """A link or feed entry whose page is unread: its run goes to the fetching queue first."""
    return Summary.objects.filter(
        pk=summary_id, article__origin__in=FETCHED_ORIGINS, article__source_text="", article__url__gt=""
    ).exists()


def job_queue(*, summary_id: int) -> str:
    """The queue named after the biggest model the job needs, so a worker machine can take only the
    jobs whose models it holds: the summarizer (translate-summarize) or at most the translator.

    Only the strategy decides, never the language (a link's is known only once its page is read, in the
    fetching queue, before it comes here)."""
    strategy = Summary.objects.filter(pk=summary_id).values_list("strategy", flat=True).first()
    if strategy == Summary.Strategy.TRANSLATE_SUMMARIZE:
        return settings.SUMMARIES_SUMMARIZATION_QUEUE
    return settings.SUMMARIES_TRANSLATION_QUEUE


def hand_off(summary_id: int, *, then: Enqueue) -> None:
    """Back to `queued` for the next queue (a link's page is read), as a fresh start there: its delivery,
    attempts and sends are those of the next stage."""
    if lifecycle.transition(summary_id, "handoff", delivery_id="", attempts=0, send_attempts=0, enqueued_at=None):
        then(summary_id=summary_id)


def runs_resend(*, enqueue: Enqueue = summary_enqueue, grace: timedelta = timedelta(seconds=10)) -> list[int]:
    """Send again every run left behind; returns the ids sent again (`enqueue` sends one, as submitting does).

    - queued and never sent (Redis was down when it was submitted), after a short grace period;
    - queued and sent longer than QUEUED_RESEND_AFTER ago (the message was lost with Redis's data);
    - running but silent for longer than LEASE_SECONDS (its worker died): sent again while attempts remain,
      else failed;
    - waiting for models that are all here now.
    A run sent twice runs once: the second message finds it running or finished (`claim`).
    """
    now = timezone.now()
    lapsed = now - timedelta(seconds=settings.SUMMARIES_LEASE_SECONDS)
    silent = Q(heartbeat_at__lt=lapsed) | Q(heartbeat_at__isnull=True, started_at__lt=lapsed)
    orphans = []
    for summary in Summary.objects.filter(silent, status=Summary.Status.RUNNING):
        if summary.attempts >= settings.SUMMARIES_MAX_ATTEMPTS:
            lifecycle.summary_fail(summary_id=summary.pk, error=EngineError("worker_lost", count=summary.attempts))
        elif lifecycle.transition(summary.pk, "lapse", delivery_id="", enqueued_at=None):
            orphans.append(summary.pk)
    requeued = runs_requeue_waiting(enqueue=enqueue)
    unsent = Q(enqueued_at__isnull=True, created_at__lt=now - grace)
    lost = Q(enqueued_at__lt=now - timedelta(seconds=settings.SUMMARIES_QUEUED_RESEND_AFTER))
    queued = Summary.objects.filter(unsent | lost, status=Summary.Status.QUEUED).values_list("pk", flat=True)
    stale = sorted({*orphans, *queued} - set(requeued))
    resent = [summary_id for summary_id in stale if enqueue(summary_id=summary_id)]
    if stale:
        logger.warning("sweeper: %d stale runs, %d sent again: %s", len(stale), len(resent), resent)
    return resent


def runs_requeue_waiting(*, enqueue: Enqueue = summary_enqueue, summary_ids: list[int] | None = None) -> list[int]:
    """Queue again the runs that waited for models which are all on this machine now; returns their ids.

    Called by the sweeper, by the background fetcher when a model arrives, and right after a run starts
    waiting (its model may have arrived meanwhile)."""
    waiting = Summary.objects.filter(status=Summary.Status.WAITING)
    if summary_ids is not None:
        waiting = waiting.filter(pk__in=summary_ids)
    ready = [
        pk
        for pk, models in waiting.values_list("pk", "waiting_for")
        if all(engines.model_available(model["model"]) for model in models)
    ]
    queued = [pk for pk in ready if lifecycle.transition(pk, "requeue", waiting_for=[], enqueued_at=None)]
    for pk in queued:
        enqueue(summary_id=pk)
    if queued:
        logger.info("models arrived: %d waiting runs queued again: %s", len(queued), queued)
    return queued


def claim(summary_id: int, delivery_id: str | None, worker: str) -> Summary | None:
    """The run claimed for this delivery, or None: gone, finished, running elsewhere, or (then failed
    here) delivered more often than MAX_ATTEMPTS, since each worker that took it died."""
    summary = _claim(summary_id, delivery_id, worker)
    if summary is not None and summary.attempts > settings.SUMMARIES_MAX_ATTEMPTS:
        lifecycle.summary_fail(summary_id=summary_id, error=EngineError("worker_lost", count=summary.attempts - 1))
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


class Lease(Ticker):
    """A running run's lease, renewed from a thread of its own while the run works. A run whose worker
    dies (killed, out of memory, machine gone) stops renewing it, and `runs_resend` sends it again once
    LEASE_SECONDS have passed, instead of at the hard time limit (half an hour by default)."""

    def __init__(self, summary_id: int, *, interval: float | None = None) -> None:
        interval = settings.SUMMARIES_LEASE_SECONDS / 4 if interval is None else interval
        super().__init__(interval=interval, name=f"lease {summary_id}")
        self.summary_id = summary_id

    def tick(self) -> None:
        try:
            Summary.objects.filter(pk=self.summary_id, status=Summary.Status.RUNNING).update(
                heartbeat_at=timezone.now()
            )
        except DatabaseError as exc:  # the next tick tries again; the lease allows for a few misses
            logger.warning("summary %s: lease not renewed (%s)", self.summary_id, exc)
