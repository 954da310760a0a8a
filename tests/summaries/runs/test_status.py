"""summaries.runs.status: a queued run's estimate in honest words, from what recent runs took."""

import pytest
from django.utils import timezone
from django.utils.translation import override

from summaries.runs.models import Summary
from summaries.runs.selectors import queue_place
from summaries.runs.status import estimate_text, queued_label
from tests.factories import make_article


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (5, "a few seconds"),
        (14.9, "a few seconds"),
        (31, "about 30 seconds"),
        (54, "about 50 seconds"),
        (56, "about 1 minute"),
        (100, "about 2 minutes"),
        (180, "about 3 minutes"),
    ],
)
def test_estimates_are_rounded_honestly(seconds, words):
    with override("en"):
        assert estimate_text(seconds) == words


@pytest.mark.django_db
def test_a_run_behind_nothing_when_runs_take_5_seconds_is_a_few_seconds_away():
    done = make_article(source_text="A finished article.", language="en").latest_summary
    Summary.objects.filter(pk=done.pk).update(
        status=Summary.Status.DONE, duration_seconds=5, finished_at=timezone.now()
    )
    queued = make_article().latest_summary
    with override("en"):
        assert queued_label(queue_place(queued)) == "Waiting for a worker: next in the queue, a few seconds"
    with override("ar"):
        assert "،" in queued_label(queue_place(queued))  # the Arabic comma between the place and the estimate
