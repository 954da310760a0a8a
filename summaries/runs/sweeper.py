"""Beat's periodic sweep: nothing left behind. Runs are sent again (runs/dispatch.py says which and why),
glossary imports whose worker died are taken up again, webhook deliveries whose message was lost are sent
again, and the tick shows /healthz that beat is alive."""

from datetime import timedelta

from django.conf import settings

from summaries.glossary.imports import glossary_imports_sweep
from summaries.runs import dispatch
from summaries.runs.beat import beat_stamp
from summaries.webhooks.services import webhook_deliveries_sweep


def summaries_sweep_tick() -> list[int]:
    """Beat's periodic sweep: stamp beat's tick for /healthz, then sweep (webhook deliveries left behind too)."""
    beat_stamp()
    webhook_deliveries_sweep()
    return summaries_sweep()


def summaries_sweep(
    *, enqueue: dispatch.Enqueue = dispatch.summary_enqueue, grace: timedelta = timedelta(seconds=10)
) -> list[int]:
    """Send again the runs left behind and take up the glossary imports left behind; returns the runs sent."""
    resent = dispatch.runs_resend(enqueue=enqueue, grace=grace)
    glossary_imports_sweep(lease_seconds=settings.SUMMARIES_LEASE_SECONDS)
    return resent
