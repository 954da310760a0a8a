"""Holding back Celery's soft time limit (SIGUSR1) until a block that must not be interrupted ends."""

import os
import signal

import pytest

from summaries import time_limits


class SoftLimit(Exception):
    pass


@pytest.fixture
def soft_limit_handler():  # type: ignore[no-untyped-def]
    def handler(signum, frame):  # type: ignore[no-untyped-def]
        raise SoftLimit

    previous = signal.signal(signal.SIGUSR1, handler)
    yield
    signal.signal(signal.SIGUSR1, previous)


def test_the_limit_arrives_when_the_block_ends_not_inside_it(soft_limit_handler):
    steps = []
    with pytest.raises(SoftLimit):
        with time_limits.deferred():
            os.kill(os.getpid(), signal.SIGUSR1)
            steps.append("the whole block ran")
    assert steps == ["the whole block ran"]


def test_outside_a_block_the_limit_stops_at_once(soft_limit_handler):
    with pytest.raises(SoftLimit):
        os.kill(os.getpid(), signal.SIGUSR1)  # the handler runs at the next instruction
        raise AssertionError("not stopped")
