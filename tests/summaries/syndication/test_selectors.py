"""The feed selectors: one query each, at 2 rows as at 6, and a feed built from them costs no more."""

from datetime import timedelta

import pytest
from django.urls import reverse

from summaries.syndication.scopes import EVERYTHING, outlet_scope
from summaries.syndication.selectors import (
    syndication_feed_scope,
    syndication_items,
    syndication_outlet_scope,
    syndication_state,
)
from tests.query_counts import assert_database_query_count
from tests.summaries.digest_factories import DAY_START, make_approved

pytestmark = pytest.mark.django_db


def publish(rows: int) -> int:
    """`rows` published summaries from one followed feed at one website; returns the feed's id."""
    first = make_approved("Story 0.", feed="wire", url="https://news.example/0", at=DAY_START)
    feed = first.article.feed
    assert feed is not None
    for number in range(1, rows):
        summary = make_approved(f"Story {number}.", url=f"https://news.example/{number}")
        type(summary.article).objects.filter(pk=summary.article_id).update(feed=feed)
        type(summary.review).objects.filter(pk=summary.pk).update(reviewed_at=DAY_START + timedelta(hours=number))
    return feed.pk


@pytest.mark.parametrize("rows", [2, 6])
def test_each_selector_is_one_query(rows):
    """Scopes, items (with everything an item shows) and the state cost one query whatever the size."""
    feed_id = publish(rows)
    with assert_database_query_count(1):
        scope = syndication_feed_scope(feed_id=feed_id)
    assert scope is not None and scope.name == "wire"
    with assert_database_query_count(1):
        assert syndication_outlet_scope(host="news.example") is not None
    with assert_database_query_count(1):
        items = list(syndication_items(scope=scope, limit=50))
        assert [item.article.outlet for item in items] == ["wire"] * rows
    with assert_database_query_count(1):
        state = syndication_state(scope=EVERYTHING)
    assert state.published == rows and state.last_change == DAY_START + timedelta(hours=rows - 1)


@pytest.mark.parametrize("rows", [2, 6])
def test_a_feed_costs_the_same_for_2_rows_and_for_6(client, rows):
    """Scope, state, items: three queries for a per-feed feed, two for the feed of everything."""
    feed_id = publish(rows)
    with assert_database_query_count(3):
        response = client.get(reverse("summaries:published_feed_of_feed", kwargs={"feed_id": feed_id, "fmt": "atom"}))
    assert response.content.count(b"<entry>") == rows
    with assert_database_query_count(2):
        client.get(reverse("summaries:published_feed", kwargs={"fmt": "rss"}))


def test_an_outlet_is_a_host():
    """Hosts in any script are outlets, "www." dropped; anything else is not an address at all."""
    assert outlet_scope(host="WWW.News.Example").key == "news.example"
    assert outlet_scope(host="أخبار.مصر").key == "أخبار.مصر"
    for bad in ["", "a b", "news.example/x", "..", "x" * 254]:
        assert outlet_scope(host=bad) is None
