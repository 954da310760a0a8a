"""A running run's lease: renewed from a thread of its own while the run works.

A run whose worker dies (killed, out of memory, machine gone) stops renewing it, and the sweeper sends
it again once LEASE_SECONDS have passed, instead of at the hard time limit (half an hour by default).
"""

import logging
import threading

from django.db import DatabaseError, connection
from django.utils import timezone

from ..models import Summary

logger = logging.getLogger(__name__)


class Heartbeat:
    def __init__(self, summary_id: int, *, interval: float) -> None:
        self.summary_id, self.interval = summary_id, interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"heartbeat {summary_id}", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stopped.set()
        self.thread.join()

    def _run(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                try:
                    Summary.objects.filter(pk=self.summary_id, status=Summary.Status.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError as exc:  # the next beat tries again; the lease allows for a few misses
                    logger.warning("summary %s: heartbeat not recorded (%s)", self.summary_id, exc)
        finally:
            connection.close()  # this thread's own connection
