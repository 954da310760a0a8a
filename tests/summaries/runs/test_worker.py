"""summaries/runs/worker.py: which workers start the model fetcher."""

from types import SimpleNamespace

import pytest

from newsapp.celery import app
from summaries.runs import worker


@pytest.fixture
def queues():
    """The app's queue table, put back as it was: `select` is what `celery worker -Q` does to it."""
    table = app.amqp.queues
    saved = table._consume_from
    yield table
    table._consume_from = saved


def consumer() -> SimpleNamespace:
    return SimpleNamespace(app=app)


def test_a_worker_on_every_queue_runs_models(queues):
    queues._consume_from = None
    assert worker.runs_models(consumer())


def test_a_worker_on_the_model_queues_runs_models(queues, settings):
    queues.select(settings.SUMMARIES_MODEL_WORKER_QUEUES.split(","))
    assert worker.runs_models(consumer())


def test_a_worker_that_only_fetches_starts_no_model_fetcher(queues, settings, monkeypatch):
    queues.select([settings.SUMMARIES_FETCH_QUEUE])
    settings.SUMMARIES_AUTO_DOWNLOAD_MODELS = True
    started = []
    monkeypatch.setattr("summaries.runs.supervision.Supervised.start", lambda self: started.append(self))  # noqa: PLW0108 (a bound method)
    worker.start_model_fetcher(sender=consumer())
    assert not worker.runs_models(consumer()) and started == []
