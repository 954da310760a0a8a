"""Holding back Celery's soft time limit (SIGUSR1) until a block that must not be interrupted ends."""

import os
import signal
import threading

import pytest

from summaries.common import time_limits
from tests.harness import holds
from tests.polling import wait_for


class SoftLimit(Exception):
    pass


@pytest.fixture
def soft_limit_handler():
    def handler(signum, frame):
        raise SoftLimit

    previous = signal.signal(signal.SIGUSR1, handler)
    yield
    signal.signal(signal.SIGUSR1, previous)


def test_the_limit_arrives_when_the_block_ends_not_inside_it(soft_limit_handler):
    steps = []
    with pytest.raises(SoftLimit), time_limits.deferred():
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
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    steps = []
    try:
        with pytest.raises(SoftLimit), time_limits.deferred() as deferral:
            signal.pthread_kill(worker.ident, signal.SIGUSR1)
            wait_for(deferral.held.is_set, timeout=60, interval=0.01, message="the signal never reached the block")
            steps.append("the whole block ran")
    finally:
        release.set()
        worker.join()
    assert steps == ["the whole block ran"]


class TestHoldForTests:
    """The fault tests' hook: a worker waits at a named point until its soft limit lands there."""

    @pytest.fixture
    def reached(self):
        """Set by the hold once it waits; another thread then sends the limit to this (the main) thread."""
        reached = threading.Event()
        main = threading.main_thread().ident
        cancelled = threading.Event()

        def send() -> None:
            if reached.wait(60) and not cancelled.is_set():
                signal.pthread_kill(main, signal.SIGUSR1)

        sender = threading.Thread(target=send)
        sender.start()
        yield reached
        cancelled.set()
        reached.set()
        sender.join()

    def test_outside_a_block_the_limit_is_raised_at_the_hold(self, soft_limit_handler, reached, monkeypatch, caplog):
        monkeypatch.setenv(holds.HOLD_VARIABLE, "translation")
        with pytest.raises(SoftLimit):
            holds.hold_for_tests("translation", patience=30, reached=reached)
        assert "the soft time limit arrived at translation" in caplog.text

    def test_inside_a_block_the_hold_ends_when_the_limit_is_held_back(
        self, soft_limit_handler, reached, monkeypatch, caplog
    ):
        monkeypatch.setenv(holds.HOLD_VARIABLE, "model_load")
        with pytest.raises(SoftLimit), time_limits.deferred() as deferral:
            holds.hold_for_tests("model_load", deferral, patience=30, reached=reached)
        assert "arrived at model_load and was held back" in caplog.text

    def test_anywhere_else_it_does_nothing(self, monkeypatch):
        monkeypatch.setenv(holds.HOLD_VARIABLE, "model_load")
        holds.hold_for_tests("translation")  # returns at once: no limit is coming
