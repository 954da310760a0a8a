"""What a Celery worker does when it starts and stops, beside running tasks.

Each pool process preloads the models PRELOAD_MODELS names; the worker sweeps once when it is ready (runs
left while no worker or no Redis was there move on) and, with AUTO_DOWNLOAD_MODELS on, starts the model
fetcher beside itself (unless it only fetches links and feeds), stopping it when it shuts down.
"""

import logging
import sys

from celery.signals import beat_init, worker_process_init, worker_ready, worker_shutdown
from django.conf import settings

logger = logging.getLogger(__name__)


@worker_process_init.connect
def preload_models(**kwargs: object) -> None:
    """Each worker process loads the models PRELOAD_MODELS names before it takes a job."""
    if not settings.SUMMARIES_PRELOAD_MODELS:
        return
    from summaries import engines
    from summaries.modelops.provisioning import models_loaded_record

    try:
        loaded = engines.preload(settings.SUMMARIES_PRELOAD_MODELS)
    except Exception:
        logger.exception("could not preload models %s; jobs will load them", settings.SUMMARIES_PRELOAD_MODELS)
        return
    models_loaded_record()
    logger.info("preloaded models: %s", ", ".join(loaded) or "none (not on this machine yet)")


@beat_init.connect
def stamp_beat_start(**kwargs: object) -> None:
    """Beat's first sweep comes a sweep interval after it starts: the start counts as its first sign of life."""
    from summaries.runs.beat import beat_stamp

    beat_stamp()


@worker_ready.connect
def sweep_on_worker_start(**kwargs: object) -> None:
    """Runs left while no worker or no Redis was there move on at once."""
    from summaries.runs.sweeper import summaries_sweep

    summaries_sweep()


@worker_ready.connect
def start_model_fetcher(**kwargs: object) -> None:
    """With AUTO_DOWNLOAD_MODELS on, `download_models --watch` runs beside the worker: the models come in
    while the worker already takes jobs (which wait for them); it is started again if it dies, and stops
    with the worker (supervision.py)."""
    if not settings.SUMMARIES_AUTO_DOWNLOAD_MODELS or not runs_models(kwargs.get("sender")):
        return
    from summaries.runs.supervision import Supervised

    fetcher = Supervised(
        "model fetcher",
        [sys.executable, "manage.py", "download_models", "--watch", "--exit-with-parent"],
        cwd=settings.BASE_DIR,
    ).start()

    def stop_fetcher(**kwargs: object) -> None:
        fetcher.stop()

    worker_shutdown.connect(stop_fetcher, weak=False)


def runs_models(consumer: object) -> bool:
    """Whether this worker takes a queue whose tasks run the models: a worker that only fetches links and
    feeds (`-Q fetching`, runstack's second worker, compose's `fetcher`) needs no models and starts no fetcher,
    so one stack never runs two fetchers side by side."""
    app = getattr(consumer, "app", None)
    if app is None:
        return True
    consumed = set(app.amqp.queues.consume_from or {})
    return not consumed or bool(consumed - {settings.SUMMARIES_FETCH_QUEUE})
