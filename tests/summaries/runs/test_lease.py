"""The lease: a running run's heartbeat moves on from its own thread while the run works."""

import pytest

from summaries.runs.lease import Heartbeat
from summaries.runs.models import Summary
from tests.factories import make_article
from tests.polling import wait_for


@pytest.mark.django_db(transaction=True)  # the heartbeat writes from a thread: it must see committed rows
def test_the_lease_moves_on_while_the_run_works():
    run = make_article().latest_summary
    Summary.objects.filter(pk=run.pk).update(status="running")
    claimed = Summary.objects.get(pk=run.pk).heartbeat_at
    with Heartbeat(run.pk, interval=0.05) as heartbeat:
        wait_for(
            lambda: Summary.objects.get(pk=run.pk).heartbeat_at != claimed,
            timeout=30,
            message="the heartbeat never moved the lease on",
        )
    assert not heartbeat.thread.is_alive()  # leaving the block stops it: nothing beats for a finished run
