"""Celery's soft time limit arrives as a signal (SIGUSR1) that raises wherever the job happens to be.

Raised in the middle of a database command it leaves the connection unusable ("another command is
already in progress" on PostgreSQL), so the failure could not even be recorded; raised while torch
is being imported it leaves the module half-initialised for every later job. Code doing such things
holds the signal back with `deferred()`; it is delivered, and the job stopped, as soon as they end.
"""

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def deferred() -> Iterator[None]:
    """Hold back a soft time limit until the block ends (main thread only, where Celery delivers it)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
