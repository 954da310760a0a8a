"""Celery's soft time limit arrives as a signal (SIGUSR1) that raises wherever the job happens to be.

Raised in the middle of a database command it leaves the connection unusable ("another command is
already in progress" on PostgreSQL), so the failure could not even be recorded; raised while torch
is being imported it leaves the module half-initialised for every later job. Code doing such things
holds the limit back with `deferred()`; it takes effect, and the job stops, as soon as they end.

The handler is swapped rather than the signal masked: the OS may hand a process-wide signal to any
thread (torch's worker threads, for one), and Python then runs the handler in the main thread anyway.

`hold_for_tests` lets the fault tests place the limit exactly where they mean to (inside model loading,
in the middle of translating) instead of guessing how long the work takes on the machine.
"""

import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType

logger = logging.getLogger(__name__)

# Tests only: the point (`model_load`, `translation`) where a worker waits for its soft time limit.
TEST_HOLD_VARIABLE = "SUMMARIES_TEST_HOLD_AT"


@dataclass
class Deferral:
    """A `deferred()` block; `held` is set when a limit arrived inside it and was held back."""

    held: threading.Event = field(default_factory=threading.Event)


@contextmanager
def deferred() -> Iterator[Deferral]:
    """Hold back a soft time limit until the block ends (handlers can only be changed in the main thread,
    which is where Celery's job and its limit run)."""
    deferral = Deferral()
    if threading.current_thread() is not threading.main_thread():
        yield deferral
        return
    pending: list[FrameType | None] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        pending.append(frame)
        deferral.held.set()

    previous = signal.signal(signal.SIGUSR1, hold)
    try:
        yield deferral
    finally:
        signal.signal(signal.SIGUSR1, previous)
        if pending:
            if callable(previous):
                previous(signal.SIGUSR1, pending[0])  # Celery's handler: raises SoftTimeLimitExceeded here
            elif previous == signal.SIG_DFL:
                os.kill(os.getpid(), signal.SIGUSR1)


def hold_for_tests(
    point: str, deferral: Deferral | None = None, *, patience: float = 600, reached: threading.Event | None = None
) -> None:
    """Tests only, and only with SUMMARIES_TEST_HOLD_AT=<point> in the worker's environment: wait here until
    the soft time limit arrives, and log where it did, so a test knows the limit landed inside this block
    and not somewhere else. Inside a `deferred()` block the limit is held back (waiting ends when `held` is
    set); outside, Celery's handler raises SoftTimeLimitExceeded here. `reached` is set once waiting (for a
    test in the same process that sends the limit itself)."""
    if os.environ.get(TEST_HOLD_VARIABLE) != point:
        return
    deadline = time.monotonic() + patience
    try:
        # Nothing is logged on the way in: logging swallows an exception raised inside a handler, and the
        # limit may land at any instruction.
        if reached is not None:
            reached.set()
        while time.monotonic() < deadline:
            if deferral is not None and deferral.held.is_set():
                logger.warning("test hold: the soft time limit arrived at %s and was held back", point)
                return
            time.sleep(0.01)  # the handler runs between two sleeps, in this (the main) thread
    except BaseException:
        logger.warning("test hold: the soft time limit arrived at %s", point)
        raise
    raise RuntimeError(f"test hold at {point}: no soft time limit within {patience:.0f} s")
