"""Rate limits for anonymous submissions: counting per address, session and account, windows, races."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from summaries.articles.models import SubmissionHit
from summaries.articles.throttle import Client, Refusal, Reservation, submission_reserve

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.SUMMARIES_RATE_LIMIT_PER_IP = (5, 3600)
    settings.SUMMARIES_RATE_LIMIT_PER_SESSION = (3, 60)
    settings.SUMMARIES_RATE_LIMIT_PER_USER = (4, 3600)
    return settings


def accept(client: Client, articles: int = 1) -> None:
    reservation = submission_reserve(client=client, articles=articles)
    assert isinstance(reservation, Reservation), reservation
    reservation.settle(articles)


def test_allows_until_the_session_limit_then_refuses(limits):
    client = Client(ip="203.0.113.7", session_key="abc")
    for _ in range(3):
        accept(client)
    refusal = submission_reserve(client=client, articles=1)
    assert isinstance(refusal, Refusal) and refusal.scope == "session" and refusal.limit == 3 and refusal.period == 60
    assert 0 < refusal.retry_after <= 60
    assert SubmissionHit.objects.filter(scope="session").count() == 3  # the refused request left nothing


def test_a_batch_larger_than_what_is_left_is_refused_whole(limits):
    client = Client(ip="203.0.113.7", session_key="abc")
    accept(client, 2)
    assert isinstance(submission_reserve(client=client, articles=2), Refusal)  # 2 + 2 > 3
    assert isinstance(submission_reserve(client=client, articles=1), Reservation)


def test_a_new_session_from_the_same_address_meets_the_address_limit(limits):
    accept(Client(ip="203.0.113.7", session_key="one"), 3)
    accept(Client(ip="203.0.113.7", session_key="two"), 2)
    refusal = submission_reserve(client=Client(ip="203.0.113.7", session_key="three"), articles=1)
    assert isinstance(refusal, Refusal) and refusal.scope == "ip" and refusal.limit == 5
    assert isinstance(submission_reserve(client=Client(ip="198.51.100.1", session_key="four"), articles=1), Reservation)


def test_racing_requests_for_the_last_place_are_never_both_let_in(limits):
    """Hits are written before the window is summed: the second of two reservations sees the first."""
    client = Client(ip="203.0.113.7")
    accept(client, 4)
    first = submission_reserve(client=client, articles=1)  # takes the last place, not yet settled
    second = submission_reserve(client=client, articles=1)
    assert isinstance(first, Reservation) and isinstance(second, Refusal)


def test_settling_counts_only_what_was_accepted(limits):
    client = Client(ip="203.0.113.7", session_key="abc")
    submission_reserve(client=client, articles=3).settle(0)  # all three refused by the intake
    accept(client, 2)
    reservation = submission_reserve(client=client, articles=1)
    assert isinstance(reservation, Reservation)
    reservation.settle(1)
    assert isinstance(submission_reserve(client=client, articles=1), Refusal)


def test_token_clients_are_counted_per_account(limits):
    account = Client(ip="203.0.113.7", user_id=42)
    accept(account, 4)
    refusal = submission_reserve(client=account, articles=1)
    assert isinstance(refusal, Refusal) and refusal.scope == "user" and "with this account" in refusal.message
    assert "Editors who sign in" not in refusal.message
    assert isinstance(submission_reserve(client=Client(ip="203.0.113.7", user_id=43), articles=1), Reservation)


def test_hits_older_than_the_window_no_longer_count(limits):
    client = Client(ip="203.0.113.7", session_key="abc")
    accept(client, 3)
    SubmissionHit.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    assert isinstance(submission_reserve(client=client, articles=1), Reservation)


def test_retry_after_is_when_the_oldest_hit_leaves_the_window(limits):
    client = Client(ip="203.0.113.7")
    accept(client, 5)
    SubmissionHit.objects.update(created_at=timezone.now() - timedelta(minutes=50))
    refusal = submission_reserve(client=client, articles=1)
    assert 9 * 60 <= refusal.retry_after <= 10 * 60 + 1
    assert "at most 5 per hour" in refusal.message and "Try again in 10 minutes." in refusal.message


def test_only_hits_older_than_every_configured_window_are_forgotten(limits):
    limits.SUMMARIES_RATE_LIMIT_PER_IP = (500, 86400)  # a daily address limit
    accept(Client(ip="203.0.113.7"))
    SubmissionHit.objects.update(created_at=timezone.now() - timedelta(hours=2))
    accept(Client(ip="198.51.100.1", user_id=7))  # an hourly account limit must not prune the daily hits
    assert SubmissionHit.objects.count() == 2
    SubmissionHit.objects.update(created_at=timezone.now() - timedelta(days=2))
    accept(Client(ip="198.51.100.1"))
    assert SubmissionHit.objects.count() == 1


def test_addresses_and_sessions_are_stored_only_as_keyed_hashes(limits):
    accept(Client(ip="203.0.113.7", session_key="secret-session"))
    keys = list(SubmissionHit.objects.values_list("key", flat=True))
    assert len(keys) == 2 and all(len(key) == 64 for key in keys)
    assert not any("203.0.113.7" in key or "secret-session" in key for key in keys)


def test_off_disables_a_limit(settings):
    settings.SUMMARIES_RATE_LIMIT_PER_IP = None
    settings.SUMMARIES_RATE_LIMIT_PER_SESSION = None
    client = Client(ip="203.0.113.7", session_key="abc")
    accept(client, 1000)
    assert isinstance(submission_reserve(client=client, articles=1), Reservation)
    assert SubmissionHit.objects.count() == 0


def test_the_message_is_translated(limits):
    client = Client(ip="203.0.113.7", session_key="abc")
    accept(client, 3)
    with translation.override("ar"):
        message = submission_reserve(client=client, articles=1).message
    assert "Too many" not in message and "3" in message
