"""Celery tasks: thin entry points that take an id and call one service.

Acks are late and a lost worker's message is redelivered (settings), so a job survives a crash; the
service makes a rerun harmless. The failure hook covers what the service cannot see (the hard time
limit killing the process), and a starting worker picks up jobs left behind while Redis was down.
"""

import logging
from datetime import timedelta

from celery import Task, shared_task
from celery.signals import worker_ready

logger = logging.getLogger(__name__)


class SummaryTask(Task):
    """Records a failure the service could not record itself, so no job stays `running`."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:  # type: ignore[no-untyped-def]
        from celery.exceptions import TimeLimitExceeded

        from .services import processing

        summary_id = args[0] if args else kwargs.get("summary_id")
        error = processing.timeout_error() if isinstance(exc, TimeLimitExceeded) else processing.internal_error()
        processing.summary_fail(summary_id=summary_id, error=error)


@shared_task(base=SummaryTask, acks_late=True, reject_on_worker_lost=True, ignore_result=True, bind=True)
def summary_process(self: Task, summary_id: int) -> None:
    """Run the pipeline for one queued summary."""
    from .services import processing

    processing.summary_process(summary_id=summary_id, delivery_id=self.request.id)


@worker_ready.connect
def requeue_stale_jobs(**kwargs: object) -> None:
    """A worker coming up sends again what was queued while no worker or no Redis was there."""
    from .services import processing
    from .services.submission import summary_enqueue

    processing.summaries_requeue_stale(queued_for=timedelta(seconds=30), enqueue=summary_enqueue)
