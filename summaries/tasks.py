"""Celery tasks: thin entry points that take an id and call one service; retry and failure policy only.

Acks are late and a lost worker's message is redelivered (settings), so a job survives a crash; the
service makes a rerun harmless. A model that fails to load although its files are there is retried
with exponential backoff; the failure hook covers what the service cannot see (the hard time limit
killing the process, retries exhausted). The sweeper runs on Celery beat and when a worker starts.
"""

import logging

from celery import Task, shared_task
from celery.signals import worker_process_init, worker_ready, worker_shutdown
from django.conf import settings

from .exceptions import ModelUnavailable

logger = logging.getLogger(__name__)


class SummaryTask(Task):
    """Records a failure the service could not record itself, so no job stays `running` or `queued`; the
    worker that runs a job applies its own time limits."""

    def apply_async(self, args=None, kwargs=None, **options):  # type: ignore[no-untyped-def, override]
        """Send the job without time limits in the message. Celery stamps the sender's task limits into
        every message and a message's limits win over the worker's, so the web process's settings would
        decide how long a worker lets a job run; without them the worker's SUMMARIES_TASK_*TIME_LIMIT apply."""
        return super().apply_async(args, kwargs, **{**options, "time_limit": None, "soft_time_limit": None})

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

    try:
        processing.summary_process(summary_id=summary_id, delivery_id=self.request.id, worker=self.request.hostname or "")
    except ModelUnavailable as exc:
        if self.request.retries >= settings.SUMMARIES_TRANSIENT_RETRIES:
            exc.params["tries"] = self.request.retries + 1
            processing.summary_fail(summary_id=summary_id, error=exc)
            return
        countdown = settings.SUMMARIES_RETRY_BACKOFF * 2**self.request.retries
        raise self.retry(exc=exc, countdown=countdown, max_retries=None) from exc


@shared_task(ignore_result=True)
def summaries_sweep() -> None:
    """Periodic (Celery beat): send again jobs the queue lost, bring back jobs whose worker died."""
    from .services import processing
    from .services.submission import summary_enqueue

    processing.summaries_sweep(enqueue=summary_enqueue)


@worker_process_init.connect
def preload_models(**kwargs: object) -> None:
    """Each worker process loads the models PRELOAD_MODELS names before it takes a job."""
    if not settings.SUMMARIES_PRELOAD_MODELS:
        return
    from . import engines
    from .services.provisioning import models_loaded_record

    try:
        loaded = engines.preload(settings.SUMMARIES_PRELOAD_MODELS)
    except Exception:  # noqa: BLE001 - a model that cannot load now fails its jobs with the reason, not the worker
        logger.exception("could not preload models %s; jobs will load them", settings.SUMMARIES_PRELOAD_MODELS)
        return
    models_loaded_record()
    logger.info("preloaded models: %s", ", ".join(loaded) or "none (not on this machine yet)")


@worker_ready.connect
def sweep_on_worker_start(**kwargs: object) -> None:
    """A worker coming up sweeps at once, so jobs left while no worker or no Redis was there move on."""
    summaries_sweep()


@worker_ready.connect
def start_model_fetcher(**kwargs: object) -> None:
    """With AUTO_DOWNLOAD_MODELS on, a worker starts `download_models --watch` beside itself: the models
    come in while the worker already takes jobs (which wait for them), and the fetcher stops with the worker."""
    if not settings.SUMMARIES_AUTO_DOWNLOAD_MODELS:
        return
    import subprocess
    import sys

    from newsapp import devstack

    fetcher = subprocess.Popen(
        [sys.executable, "manage.py", "download_models", "--watch", "--exit-with-parent"], cwd=settings.BASE_DIR
    )
    logger.info("model fetcher started (pid %s)", fetcher.pid)

    def stop_fetcher(**kwargs: object) -> None:
        devstack.stop([fetcher], timeout=10)

    worker_shutdown.connect(stop_fetcher, weak=False)
