"""Beat's periodic sweep: nothing left behind. Runs are sent again (runs/dispatch.py says which and why),
glossary imports whose worker died are taken up again, webhook deliveries whose message was lost are sent
again, articles stored before search existed are indexed a batch at a time, and the tick shows /healthz that
beat is alive."""

from datetime import timedelta

from django.conf import settings

from summaries.glossary.imports import glossary_imports_sweep
from summaries.runs import dispatch
from summaries.runs.beat import beat_stamp
from summaries.search.services import search_index_catch_up
from summaries.webhooks.services import webhook_deliveries_sweep


def summaries_sweep_tick() -> list[int]:
    """Beat's periodic sweep: stamp beat's tick for /healthz, then sweep (webhook deliveries left behind too)."""
    beat_stamp()
    webhook_deliveries_sweep()
    return summaries_sweep()


def summaries_sweep(
    *, enqueue: dispatch.Enqueue = dispatch.summary_enqueue, grace: timedelta = timedelta(seconds=10)
) -> list[int]:
    """Send again the runs left behind, take up the glossary imports left behind and index a batch of the
    articles search has no document for; returns the runs sent."""
    resent = dispatch.runs_resend(enqueue=enqueue, grace=grace)
    glossary_imports_sweep(lease_seconds=settings.SUMMARIES_LEASE_SECONDS)
    search_index_catch_up(batch_size=settings.SUMMARIES_SEARCH_SWEEP_BATCH)
    return resent
