"""The web process warm-up: prepares what the first request would pay for, and never stops a start."""

import logging

import pytest

from summaries import warmup
from summaries.intake import language

pytestmark = pytest.mark.django_db(transaction=True)


def test_loads_the_detector_and_survives_an_unreachable_broker(caplog, settings):
    from newsapp.celery import app as celery_app

    language._detector.cache_clear()
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    try:
        with caplog.at_level(logging.WARNING, logger="summaries.warmup"):
            elapsed = warmup.warm_up()
    finally:
        celery_app.conf.broker_url = previous
    assert elapsed > 0
    assert language._detector.cache_info().currsize == 1
    assert "broker not reachable yet (OperationalError)" in caplog.text
