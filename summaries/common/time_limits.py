"""Celery's soft time limit arrives as a signal (SIGUSR1) that raises wherever the job happens to be.

Raised in the middle of a database command it leaves the connection unusable ("another command is
already in progress" on PostgreSQL), so the failure could not even be recorded; raised while torch
is being imported it leaves the module half-initialised for every later job. Code doing such things
holds the limit back with `deferred()`; it takes effect, and the job stops, as soon as they end.

The handler is swapped rather than the signal masked: the OS may hand a process-wide signal to any
thread (torch's worker threads, for one), and Python then runs the handler in the main thread anyway.

The fault tests place the limit exactly where they mean to (inside model loading, in the middle of
translating) through `checkpoints.py`, from their own harness.
"""

import logging
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType

logger = logging.getLogger(__name__)


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
