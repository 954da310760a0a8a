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


def test_held_back_even_when_another_thread_receives_the_signal(soft_limit_handler):
    """The OS may hand the signal to any thread (torch's workers in a real job): Python then runs the
    handler in the main thread whenever it notices, which must not be inside the block."""
    import threading
    import time

    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    steps = []
    try:
        with pytest.raises(SoftLimit):
            with time_limits.deferred():
                signal.pthread_kill(worker.ident, signal.SIGUSR1)
                time.sleep(0.3)  # the main thread notices the signal about now
                steps.append("the whole block ran")
            time.sleep(2)  # noticed only now, it is raised by the restored handler
    finally:
        release.set()
        worker.join()
    assert steps == ["the whole block ran"]
