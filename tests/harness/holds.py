"""Holding a worker at a named point of its job until its soft time limit arrives there.

A worker started with SUMMARIES_TEST_HOLD_AT=<point> in its environment waits at that checkpoint
(summaries/common/checkpoints.py), and logs where the limit landed, so a fault test knows the limit came inside
model loading or in the middle of translating, and not somewhere else.
"""

import logging
import os
import threading
import time

from summaries.common.time_limits import Deferral

logger = logging.getLogger(__name__)

# The point (`model_load`, `translation`) where a worker waits for its soft time limit.
HOLD_VARIABLE = "SUMMARIES_TEST_HOLD_AT"


# A file whose appearance lets a worker go on past its glossary import's first batch (test_glossary_import).
GLOSSARY_RELEASE_VARIABLE = "SUMMARIES_TEST_GLOSSARY_RELEASE"


def hold_at_checkpoint(sender: object, *, point: str, deferral: Deferral | None = None, **kwargs: object) -> None:
    """The receiver the harness connects to `checkpoint`."""
    if point == "glossary_batch":
        hold_between_batches()
    else:
        hold_for_tests(point, deferral)


def hold_between_batches(*, patience: float = 300) -> None:
    """Only with SUMMARIES_TEST_GLOSSARY_RELEASE=<file>: after a batch of a glossary import, wait until the
    test creates that file, so it acts while the import is surely under way (between two batches)."""
    release = os.environ.get(GLOSSARY_RELEASE_VARIABLE)
    if not release:
        return
    deadline = time.monotonic() + patience
    while not os.path.exists(release):
        if time.monotonic() > deadline:
            raise RuntimeError(f"test hold: {release} never appeared")
        time.sleep(0.05)


def hold_for_tests(
    point: str, deferral: Deferral | None = None, *, patience: float = 600, reached: threading.Event | None = None
) -> None:
    """Only with SUMMARIES_TEST_HOLD_AT=<point> in the environment: wait here until the soft time limit
    arrives. Inside a `deferred()` block the limit is held back (waiting ends when `held` is set); outside,
    Celery's handler raises SoftTimeLimitExceeded here. `reached` is set once waiting (for a test in the
    same process that sends the limit itself)."""
    if os.environ.get(HOLD_VARIABLE) != point:
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
