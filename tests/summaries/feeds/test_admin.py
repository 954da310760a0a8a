"""The feeds' admin: the list shows the poll state and a failing feed's reason, the form records who added a
feed and keeps the poll state read-only, and "poll now" queues a poll instead of fetching."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from summaries.feeds.models import Feed
from tests.factories import make_user

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:summaries_feed_changelist")


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("feeds-admin", staff=True))
    return client


@pytest.fixture
def feed() -> Feed:
    return Feed.objects.create(url="https://news.example/feed", name="<b>الجزيرة</b>")


def test_the_list_shows_a_failing_feed_with_its_reason(admin_client, feed, settings):
    Feed.objects.filter(pk=feed.pk).update(
        failures=settings.SUMMARIES_FEED_FAILING_AFTER, last_error_code="link_timeout", last_error_at=timezone.now()
    )

    page = admin_client.get(CHANGELIST).content.decode()

    assert '<span dir="auto">&lt;b&gt;الجزيرة&lt;/b&gt;</span>' in page
    assert '<td class="field-failing"><img src="/static/admin/img/icon-yes.svg" alt="True"></td>' in page
    assert "The site took too long to answer." in page


def test_search_and_filter(admin_client, feed):
    Feed.objects.create(url="https://other.example/rss", name="Other", active=False)
    assert "other.example" not in admin_client.get(CHANGELIST, {"q": "news.example"}).content.decode()
    assert "news.example" not in admin_client.get(CHANGELIST, {"active__exact": "0"}).content.decode()


def test_adding_a_feed_records_who_and_leaves_the_poll_state_alone(admin_client):
    response = admin_client.post(
        reverse("admin:summaries_feed_add"),
        {
            "url": "https://news.example/atom",
            "name": "Atom",
            "language": "",
            "strategy": "translate-summarize",
            "length": "medium",
            "interval_minutes": "20",
            "active": "on",
            "failures": "9",
            "etag": '"forged"',
        },
    )

    assert response.status_code == 302
    feed = Feed.objects.get()
    assert feed.created_by.username == "feeds-admin" and feed.failures == 0 and feed.etag == ""


def test_the_change_page_loads(admin_client, feed):
    page = admin_client.get(reverse("admin:summaries_feed_change", args=[feed.pk])).content.decode()
    assert "https://news.example/feed" in page and 'name="failures"' not in page


def test_poll_now_makes_the_selected_active_feeds_due(admin_client, feed):
    idle = Feed.objects.create(url="https://idle.example/rss", name="Idle", active=False)
    before = timezone.now()

    response = admin_client.post(
        CHANGELIST, {"action": "poll_now", ACTION_CHECKBOX_NAME: [feed.pk, idle.pk], "index": 0}, follow=True
    )

    assert "1 feed will be polled in a moment." in response.content.decode()
    feed.refresh_from_db()
    assert feed.next_poll_at is not None and feed.next_poll_at >= before and feed.last_polled_at is None
    assert Feed.objects.get(pk=idle.pk).next_poll_at is None
