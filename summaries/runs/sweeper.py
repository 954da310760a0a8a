"""Nothing left behind: the sweeper (Celery beat, every SWEEP_INTERVAL) sends runs again.

- queued and never sent (Redis was down when it was submitted), after a short grace period;
- queued and sent longer than QUEUED_RESEND_AFTER ago (the message was lost with Redis's data);
- running but silent for longer than LEASE_SECONDS (its worker died): sent again while attempts remain,
  else failed;
- waiting for models that are all here now.
A run sent twice runs once: the second message finds it running or finished (processing._claim).
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from summaries import engines
from summaries.articles.submission import summary_enqueue
from summaries.common.exceptions import EngineError
from summaries.glossary.imports import glossary_imports_sweep
from summaries.runs import lifecycle
from summaries.runs.beat import beat_stamp
from summaries.runs.lifecycle import summary_fail
from summaries.runs.models import Summary

logger = logging.getLogger(__name__)

Enqueue = Callable[..., bool]


def summaries_sweep_tick() -> list[int]:
    """Beat's periodic sweep: stamp beat's tick for /healthz, then sweep."""
    beat_stamp()
    return summaries_sweep()


def summaries_sweep(*, enqueue: Enqueue = summary_enqueue, grace: timedelta = timedelta(seconds=10)) -> list[int]:
    """Make sure no run is left behind; returns the ids sent again (`enqueue` sends one, as submitting does)."""
    now = timezone.now()
    lapsed = now - timedelta(seconds=settings.SUMMARIES_LEASE_SECONDS)
    silent = Q(heartbeat_at__lt=lapsed) | Q(heartbeat_at__isnull=True, started_at__lt=lapsed)
    orphans = []
    for summary in Summary.objects.filter(silent, status=Summary.Status.RUNNING):
        if summary.attempts >= settings.SUMMARIES_MAX_ATTEMPTS:
            summary_fail(summary_id=summary.pk, error=EngineError("worker_lost", count=summary.attempts))
        elif lifecycle.transition(summary.pk, "lapse", delivery_id="", enqueued_at=None):
            orphans.append(summary.pk)
    requeued = summaries_requeue_waiting(enqueue=enqueue)
    unsent = Q(enqueued_at__isnull=True, created_at__lt=now - grace)
    lost = Q(enqueued_at__lt=now - timedelta(seconds=settings.SUMMARIES_QUEUED_RESEND_AFTER))
    queued = Summary.objects.filter(unsent | lost, status=Summary.Status.QUEUED).values_list("pk", flat=True)
    glossary_imports_sweep(lease_seconds=settings.SUMMARIES_LEASE_SECONDS)
    stale = sorted({*orphans, *queued} - set(requeued))
    resent = [summary_id for summary_id in stale if enqueue(summary_id=summary_id)]
    if stale:
        logger.warning("sweeper: %d stale runs, %d sent again: %s", len(stale), len(resent), resent)
    return resent


def summaries_requeue_waiting(*, enqueue: Enqueue = summary_enqueue, summary_ids: list[int] | None = None) -> list[int]:
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
