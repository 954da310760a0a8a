"""Named points in a job that code outside it may watch, as Django signals: `checkpoint` is sent with the
point's name (`model_load`, `translation`) and, inside a `time_limits.deferred()` block, its deferral.

Nothing in the app listens. The fault tests connect a receiver from their own harness (tests/harness/)
that waits there for the worker's soft time limit, so they place it exactly, instead of guessing how long
the work takes; the production code carries no test switch.
"""

from django.dispatch import Signal

from .time_limits import Deferral

checkpoint = Signal()


def reached(point: str, deferral: Deferral | None = None) -> None:
    """Tell whoever watches that the job is at `point` (a no-op without receivers)."""
    checkpoint.send(sender=None, point=point, deferral=deferral)
