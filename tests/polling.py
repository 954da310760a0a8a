"""The one way tests wait for something another process or thread does: poll a condition until a deadline.

A test never sleeps hoping the work is done by then; it asks until the answer is yes, so a slow machine only
makes it take longer, and a deadline turns "never" into a failure that says what was awaited and what was seen.
"""

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# How often the stand-in servers' serve_forever looks for a shutdown request: socketserver's default, half a
# second, is what every test that stops one waits at its end; at 0.05 s a few hundred such tests save minutes.
SHUTDOWN_POLL = 0.05


def wait_for(
    condition: Callable[[], T],
    *,
    timeout: float,
    interval: float = 0.1,
    message: str | Callable[[], str] = "",
) -> T:
    """Call `condition` until it returns something truthy, and return that.

    It is always asked at least once, and once more at the deadline, so a slow poll never fails a condition
    that had come true. On the deadline an AssertionError gives the timeout and `message`; pass a callable
    to show what is true only then (the last status, a log's tail). `interval` 0 suits a condition that
    waits by itself (a broadcast with its own reply timeout).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            text = message() if callable(message) else message
            raise AssertionError(f"timed out after {timeout} s: {text}" if text else f"timed out after {timeout} s")
        time.sleep(min(interval, remaining))
