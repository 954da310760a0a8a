"""Rate limits for anonymous submissions: counting per address and per session, windows, messages."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from summaries.models import SubmissionHit
from summaries.services.throttle import Client, submission_record, submission_refusal

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):  # type: ignore[no-untyped-def]
    settings.SUMMARIES_RATE_LIMIT_PER_IP = (5, 3600)
    settings.SUMMARIES_RATE_LIMIT_PER_SESSION = (3, 60)
    return settings


def test_allows_until_the_session_limit_then_refuses(limits):
    client = Client(ip="203.0.113.7", session_key="abc")
    for _ in range(3):
        assert submission_refusal(client=client) is None
        submission_record(client=client, articles=1)
    refusal = submission_refusal(client=client)
    assert refusal is not None and refusal.scope == "session" and refusal.limit == 3 and refusal.period == 60
    assert 0 < refusal.retry_after <= 60


def test_a_new_session_from_the_same_address_meets_the_address_limit(limits):
    submission_record(client=Client(ip="203.0.113.7", session_key="one"), articles=3)
    submission_record(client=Client(ip="203.0.113.7", session_key="two"), articles=2)
    refusal = submission_refusal(client=Client(ip="203.0.113.7", session_key="three"))
    assert refusal is not None and refusal.scope == "ip" and refusal.limit == 5
    assert submission_refusal(client=Client(ip="198.51.100.1", session_key="four")) is None


def test_a_batch_counts_each_article(limits):
    client = Client(ip="203.0.113.7")  # no session yet: only the address limit applies
    submission_record(client=client, articles=5)
    assert submission_refusal(client=client).scope == "ip"


def test_hits_older_than_the_window_no_longer_count(limits):
    client = Client(ip="203.0.113.7", session_key="abc")
    submission_record(client=client, articles=3)
    SubmissionHit.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    assert submission_refusal(client=client) is None  # the session window (60 s) has passed


def test_retry_after_is_when_the_oldest_hit_leaves_the_window(limits):
    client = Client(ip="203.0.113.7")
    submission_record(client=client, articles=5)
    SubmissionHit.objects.update(created_at=timezone.now() - timedelta(minutes=50))
    refusal = submission_refusal(client=client)
    assert 9 * 60 <= refusal.retry_after <= 10 * 60 + 1
    assert "at most 5 per hour" in refusal.message and "Try again in 10 minutes." in refusal.message


def test_old_hits_are_pruned_when_new_ones_are_recorded(limits):
    submission_record(client=Client(ip="203.0.113.7"), articles=1)
    SubmissionHit.objects.update(created_at=timezone.now() - timedelta(hours=2))
    submission_record(client=Client(ip="198.51.100.1"), articles=1)
    assert SubmissionHit.objects.count() == 1


def test_addresses_and_sessions_are_stored_only_as_keyed_hashes(limits):
    submission_record(client=Client(ip="203.0.113.7", session_key="secret-session"), articles=1)
    keys = list(SubmissionHit.objects.values_list("key", flat=True))
    assert len(keys) == 2 and all(len(key) == 64 for key in keys)
    assert not any("203.0.113.7" in key or "secret-session" in key for key in keys)


def test_off_disables_a_limit(settings):
    settings.SUMMARIES_RATE_LIMIT_PER_IP = None
    settings.SUMMARIES_RATE_LIMIT_PER_SESSION = None
    client = Client(ip="203.0.113.7", session_key="abc")
    submission_record(client=client, articles=1000)
    assert submission_refusal(client=client) is None
    assert SubmissionHit.objects.count() == 0


def test_the_message_is_translated(limits):
    client = Client(ip="203.0.113.7", session_key="abc")
    submission_record(client=client, articles=3)
    with translation.override("ar"):
        message = submission_refusal(client=client).message
    assert "Too many" not in message and "3" in message
