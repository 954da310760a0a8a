"""Celery tasks: thin entry points that take an id and call one service.

Acks are late and lost workers' messages are redelivered (settings), so a job survives a crash; the
service makes a rerun harmless.
"""

from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def summary_process(summary_id: int) -> None:
    """Run the pipeline for one queued summary."""
    from .services import processing

    processing.summary_process(summary_id=summary_id)
