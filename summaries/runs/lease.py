"""A running run's lease: renewed from a thread of its own while the run works.

A run whose worker dies (killed, out of memory, machine gone) stops renewing it, and the sweeper sends
it again once LEASE_SECONDS have passed, instead of at the hard time limit (half an hour by default).
"""

import logging

from django.db import DatabaseError
from django.utils import timezone

from summaries.runs.models import Summary
from summaries.runs.ticker import Ticker

logger = logging.getLogger(__name__)


class Heartbeat(Ticker):
    def __init__(self, summary_id: int, *, interval: float) -> None:
        super().__init__(interval=interval, name=f"heartbeat {summary_id}")
        self.summary_id = summary_id

    def tick(self) -> None:
        try:
            Summary.objects.filter(pk=self.summary_id, status=Summary.Status.RUNNING).update(
                heartbeat_at=timezone.now()
            )
        except DatabaseError as exc:  # the next beat tries again; the lease allows for a few misses
            logger.warning("summary %s: heartbeat not recorded (%s)", self.summary_id, exc)
