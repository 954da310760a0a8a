"""Named points in a job that code outside it may watch, as Django signals: `checkpoint` is sent with the
point's name (`model_load`, `translation`, `glossary_batch`) and, inside a `time_limits.deferred()` block,
its deferral.

Nothing in the app listens. The tests connect a receiver from their own harness (tests/harness/) that
holds a worker there (until its soft time limit arrives, or until the test releases it), so they act at
an exact point instead of guessing how long the work takes; the production code carries no test switch.
"""

from django.dispatch import Signal

from summaries.common.time_limits import Deferral

checkpoint = Signal()


def reached(point: str, deferral: Deferral | None = None) -> None:
    """Tell whoever watches that the job is at `point` (a no-op without receivers)."""
    checkpoint.send(sender=None, point=point, deferral=deferral)
