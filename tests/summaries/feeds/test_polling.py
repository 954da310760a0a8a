"""Polling feeds against a real local site (tests/feeds_standin.py): RSS and Atom, conditional requests,
duplicates, failing feeds and their backoff, and which feeds a tick polls."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone

from summaries.articles.links import robots
from summaries.articles.models import Article
from summaries.feeds.models import Feed
from summaries.feeds.polling import feed_poll, feed_save, feeds_poll_due
from summaries.runs.models import Summary
from tests.feeds_standin import FeedsStandIn, corpus_pages

pytestmark = pytest.mark.django_db

INTERVAL = 30


@pytest.fixture(scope="module")
def _site() -> Iterator[FeedsStandIn]:
    pages = corpus_pages()
    if pages is None:
        pytest.skip("shared corpora not found: put shared/ beside the checkout or set SHARED_DIR")
    site = FeedsStandIn(pages).start()
    yield site
    site.stop()


@pytest.fixture
def site(_site: FeedsStandIn, settings) -> Iterator[FeedsStandIn]:
    """The stand-in site, emptied, with its host allowed and the feed settings at known values."""
    settings.SUMMARIES_LINK_ALLOWED_HOSTS = ["localhost:*", "127.0.0.1:*"]
    settings.SUMMARIES_LINK_RESPECT_ROBOTS = True
    settings.SUMMARIES_FEED_FAILING_AFTER = 3
    settings.SUMMARIES_FEED_MAX_BACKOFF_MINUTES = 24 * 60
    settings.SUMMARIES_FEED_MAX_NEW_ENTRIES = 20
    robots.clear_cache()
    _site.reset()
    yield _site
    _site.reset()
    robots.clear_cache()


def make_feed(url: str, **overrides) -> Feed:
    return Feed.objects.create(
        url=url, name=overrides.pop("name", "شبكة الأخبار"), interval_minutes=INTERVAL, **overrides
    )


def feed_articles(feed: Feed) -> list[Article]:
    return list(Article.objects.filter(feed=feed).order_by("url"))


class TestReading:
    def test_rss_entries_become_feed_articles_queued_as_links(self, site):
        """Each entry of an RSS feed becomes one article from the feed, with its entry id and address, and a
        queued run with the feed's language, strategy and length; the poll is recorded on the feed."""
        entries = [site.add_entry("news") for _ in range(3)]
        feed = make_feed(site.feed_url("news"), language="ar", strategy="extract-translate", length="short")
        now = timezone.now()

        result = feed_poll(feed=feed, now=now)

        assert result is not None and result.taken == 3
        articles = feed_articles(feed)
        assert [article.url for article in articles] == sorted(site.page_url(entry.slug) for entry in entries)
        assert {article.feed_entry_id for article in articles} == {entry.guid for entry in entries}
        assert {article.origin for article in articles} == {Article.Origin.FEED}
        assert {article.host for article in articles} == {"localhost"}  # the outlet's host, stored with the link
        runs = Summary.objects.filter(article__feed=feed)
        assert {(run.strategy, run.length, run.status) for run in runs} == {("extract-translate", "short", "queued")}
        feed.refresh_from_db()
        assert feed.entries_seen == 3 and feed.last_polled_at == now
        assert feed.next_poll_at == now + timedelta(minutes=INTERVAL)
        assert feed.etag and feed.last_modified and feed.failures == 0

    def test_atom_entries_with_relative_links_are_read(self, site):
        """Atom works as RSS does; links relative to the feed's address are made absolute."""
        entry = site.add_entry("atom-news")
        feed = make_feed(site.feed_url("atom-news", "atom"))

        assert feed_poll(feed=feed).taken == 1

        article = Article.objects.get(feed=feed)
        assert article.url == site.page_url(entry.slug) and article.feed_entry_id == entry.guid

    def test_an_html_page_is_not_a_feed(self, site):
        """A feed address that answers a web page fails with a message saying so."""
        site.fail("news", "not_feed")
        feed = make_feed(site.feed_url("news"))

        result = feed_poll(feed=feed)

        feed.refresh_from_db()
        assert result.error_code == feed.last_error_code == "feed_not_feed"
        assert feed.last_error.startswith("The address does not give a feed")
        assert not Article.objects.exists()


class TestConditionalPolling:
    def test_the_next_poll_sends_the_validators_and_a_304_takes_nothing(self, site):
        """The ETag and Last-Modified the site sent are sent back; the unchanged feed answers 304 and no
        article is made, yet the poll counts as a success."""
        site.add_entry("news")
        feed = make_feed(site.feed_url("news"))
        now = timezone.now()
        feed_poll(feed=feed, now=now)
        feed.refresh_from_db()

        later = now + timedelta(minutes=INTERVAL)
        result = feed_poll(feed=feed, now=later)

        requests = site.seen("/feeds/news")
        assert len(requests) == 2 and "if-none-match" not in requests[0].headers
        assert requests[1].headers["if-none-match"] == feed.etag
        assert requests[1].headers["if-modified-since"] == feed.last_modified
        assert result.unchanged and result.taken == 0
        assert Article.objects.count() == 1
        feed.refresh_from_db()
        assert feed.last_polled_at == later and feed.next_poll_at == later + timedelta(minutes=INTERVAL)

    def test_a_changed_feed_gives_only_its_new_entries(self, site):
        """Entries taken by an earlier poll are skipped by their id; the one added since is taken."""
        site.add_entry("news")
        feed = make_feed(site.feed_url("news"))
        now = timezone.now()
        feed_poll(feed=feed, now=now)
        new = site.add_entry("news")

        result = feed_poll(feed=feed, now=now + timedelta(minutes=INTERVAL))

        assert not result.unchanged and result.taken == 1
        assert Article.objects.filter(feed=feed).count() == 2
        assert Article.objects.filter(feed=feed, feed_entry_id=new.guid).exists()


class TestDuplicates:
    def test_the_same_entry_twice_in_a_feed_is_taken_once(self, site):
        site.add_entry("news", slug="twice")
        site.add_entry("news", slug="twice")
        feed = make_feed(site.feed_url("news"))

        assert feed_poll(feed=feed).taken == 1
        assert Article.objects.count() == 1

    def test_a_story_in_two_feeds_is_taken_once(self, site):
        """Two feeds list the same page (each with its own entry id): the second is skipped by address."""
        site.add_entry("politics", slug="shared")
        site.add_entry("front-page", slug="shared")
        first, second = make_feed(site.feed_url("politics")), make_feed(site.feed_url("front-page"), name="Front")

        assert feed_poll(feed=first).taken == 1
        assert feed_poll(feed=second).taken == 0
        assert Article.objects.get().feed == first

    def test_an_entry_already_submitted_as_a_link_is_skipped(self, site):
        """An article with the entry's address as its link or as where its redirects ended is the same story."""
        by_link, by_redirect, new = (site.add_entry("news") for _ in range(3))
        Article.objects.create(source_text="", language="ar", url=site.page_url(by_link.slug), origin="link")
        Article.objects.create(
            source_text="", language="ar", url="http://short.example/x", final_url=site.page_url(by_redirect.slug)
        )
        feed = make_feed(site.feed_url("news"))

        assert feed_poll(feed=feed).taken == 1
        assert Article.objects.get(feed=feed).feed_entry_id == new.guid


class TestFailures:
    def test_a_failing_feed_backs_off_and_is_marked_failing_with_its_error(self, site, settings):
        """Each failure doubles the wait; after FEED_FAILING_AFTER in a row the feed is failing, with the
        fetch's own message."""
        site.fail("news", "error")
        feed = make_feed(site.feed_url("news"))
        now = timezone.now()
        waits = []
        for _ in range(settings.SUMMARIES_FEED_FAILING_AFTER):
            assert not feed.is_failing
            assert feed_poll(feed=feed, now=now).error_code == "link_refused"
            feed.refresh_from_db()
            waits.append(feed.next_poll_at - now)
            now = feed.next_poll_at

        assert waits == [timedelta(minutes=INTERVAL * 2**n) for n in (1, 2, 3)]
        assert feed.is_failing and feed.failures == 3 and feed.last_error_at is not None
        assert feed.last_error.startswith("The site did not give the page")

    def test_the_wait_stops_growing_at_the_maximum(self, site, settings):
        settings.SUMMARIES_FEED_MAX_BACKOFF_MINUTES = 90
        site.fail("news", "error")
        feed = make_feed(site.feed_url("news"), failures=5)
        now = timezone.now()

        feed_poll(feed=feed, now=now)

        feed.refresh_from_db()
        assert feed.next_poll_at == now + timedelta(minutes=90) and feed.failures == 6

    def test_a_good_poll_clears_the_failure(self, site):
        site.add_entry("news")
        feed = make_feed(
            site.feed_url("news"),
            failures=4,
            last_error_code="link_timeout",
            last_error="x",
            last_error_at=timezone.now(),
        )

        assert feed_poll(feed=feed).taken == 1

        feed.refresh_from_db()
        assert not feed.is_failing and feed.failures == 0
        assert (feed.last_error_code, feed.last_error, feed.last_error_at) == ("", "", None)

    def test_a_refused_address_is_a_failure_not_a_crash(self, site, settings):
        """A feed on a host that is not allowed (a private address) fails with the link's reason."""
        settings.SUMMARIES_LINK_ALLOWED_HOSTS = []
        site.add_entry("news")
        feed = make_feed(site.feed_url("news"))

        assert feed_poll(feed=feed).error_code == "link_address"
        assert not site.seen("/") and not Article.objects.exists()


class TestSchedule:
    def test_a_tick_polls_the_due_active_feeds_only(self, site):
        """Never polled and overdue feeds are polled; inactive ones and ones not due yet are not."""
        for name in ("never", "overdue", "inactive", "later"):
            site.add_entry(name)
        now = timezone.now()
        never = make_feed(site.feed_url("never"))
        overdue = make_feed(site.feed_url("overdue"), next_poll_at=now - timedelta(minutes=1))
        make_feed(site.feed_url("inactive"), active=False)
        make_feed(site.feed_url("later"), next_poll_at=now + timedelta(minutes=1))

        results = feeds_poll_due(now=now)

        assert {result.feed_id for result in results} == {never.pk, overdue.pk}
        assert {request.path for request in site.seen("/feeds/")} == {"/feeds/never.rss", "/feeds/overdue.rss"}

    def test_a_feed_being_polled_is_not_polled_again(self, site):
        """The claim moves the next poll past the poll's own duration: a second tick at the same moment, or
        another worker, finds the feed not due."""
        site.add_entry("news")
        feed = make_feed(site.feed_url("news"))
        now = timezone.now()

        assert feed_poll(feed=feed, now=now) is not None
        assert feed_poll(feed=feed, now=now) is None
        assert feeds_poll_due(now=now) == []
        assert len(site.seen("/feeds/news")) == 1

    def test_at_most_max_new_entries_are_taken_newest_first_and_the_rest_next_time(self, site, settings):
        """The newest entries go first; those left over are taken by the next poll (which therefore asks
        for the whole feed again, not for changes)."""
        settings.SUMMARIES_FEED_MAX_NEW_ENTRIES = 2
        entries = [site.add_entry("news") for _ in range(5)]
        feed = make_feed(site.feed_url("news"))
        now = timezone.now()

        assert feed_poll(feed=feed, now=now).taken == 2
        assert {a.feed_entry_id for a in feed_articles(feed)} == {entries[4].guid, entries[3].guid}

        now += timedelta(minutes=INTERVAL)
        assert feed_poll(feed=feed, now=now).taken == 2
        assert "if-none-match" not in site.seen("/feeds/news")[-1].headers
        assert feed_poll(feed=feed, now=now + timedelta(minutes=INTERVAL)).taken == 1
        assert {a.feed_entry_id for a in feed_articles(feed)} == {entry.guid for entry in entries}
        feed.refresh_from_db()
        assert feed.entries_seen == 5


def rss_of(site: FeedsStandIn, items: list[tuple[str, str, str]]) -> bytes:
    """An RSS document of (guid, page slug, pubDate) items, written out as a hostile feed would be (no guid:
    the link is the entry's id)."""
    body = "".join(
        "<item>"
        + (f"<guid>{guid}</guid>" if guid else "")
        + f"<link>{site.page_url(slug)}</link>"
        + (f"<pubDate>{date}</pubDate>" if date else "")
        + "</item>"
        for guid, slug, date in items
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'.encode()


class TestOneFeedsFailureIsThatFeeds:
    """A hostile or broken feed can fail its own poll, never the tick: the other feeds are polled on schedule
    and the failure is recorded on it, with backoff, as any other."""

    def test_an_entry_dated_0000_00_00_is_an_undated_entry(self, site):
        """feedparser reads 0000-00-00 as the year -1; sorting by date raised ValueError and ended the tick."""
        url = site.serve_raw(
            "broken",
            rss_of(site, [("a", "story-a", "0000-00-00T00:00:00Z"), ("b", "story-b", "Mon, 02 Dec 2026 10:00:00 GMT")]),
        )
        feed = make_feed(url)

        result = feed_poll(feed=feed)

        assert (result.error_code, result.taken) == ("", 2)
        feed.refresh_from_db()
        assert feed.failures == 0

    def test_a_feed_of_140_000_entries_is_read_to_its_newest_and_checked_in_batches(self, site, settings):
        """The duplicate check asked about every entry in one query: past SQLite's (250,000) and PostgreSQL's
        (65,535) limits on a query's parameters, it raised and ended the tick. Now the newest
        FEED_MAX_ENTRIES are read and asked about in batches."""
        settings.SUMMARIES_FEED_MAX_NEW_ENTRIES = 3
        feed = make_feed(site.serve_raw("flood", rss_of(site, [("", f"f{n}", "") for n in range(140_000)])))

        result = feed_poll(feed=feed)

        assert (result.error_code, result.taken) == ("", 3)
        assert sorted(a.url for a in feed_articles(feed)) == [site.page_url(f"f{n}") for n in (0, 1, 2)]

    def test_a_document_too_costly_to_parse_is_refused_in_the_sandbox(self, site, settings):
        """A feed is parsed in the same limited child as uploaded files and pages: one that needs more time
        than EXTRACT_SECONDS is that feed's failure (feed_too_complex), not the worker's minutes."""
        settings.SUMMARIES_EXTRACT_SECONDS = 1
        flood = rss_of(site, [("", f"f{n}", "") for n in range(140_000)])
        feed = make_feed(site.serve_raw("flood", flood))

        assert feed_poll(feed=feed).error_code == "feed_too_complex"
        feed.refresh_from_db()
        assert feed.failures == 1 and "too large or too complex" in feed.last_error

    def test_an_unexpected_error_is_recorded_on_its_feed_and_the_tick_goes_on(self, site, monkeypatch):
        from summaries.feeds import polling as feeds

        site.add_entry("good")
        broken = make_feed(site.serve_raw("broken", rss_of(site, [("a", "story-a", "")])))
        good = make_feed(site.feed_url("good"))
        real_parse = feeds.parse_feed

        def parse(fetched):
            if "broken" in fetched.url:
                raise RuntimeError("a bug only this feed's document reaches")
            return real_parse(fetched)

        monkeypatch.setattr(feeds, "parse_feed", parse)
        results = {result.feed_id: result for result in feeds_poll_due()}

        assert results[good.pk].taken == 1
        assert results[broken.pk].error_code == "feed_error"
        broken.refresh_from_db()
        assert broken.failures == 1 and broken.next_poll_at > timezone.now() + timedelta(minutes=INTERVAL)
        assert "(RuntimeError)" in broken.last_error and "a bug" not in broken.last_error

    def test_a_tick_stops_starting_polls_when_its_time_is_spent(self, site, settings):
        """A feed whose headers never end holds its poll until the link deadline; the tick then has no time
        for more, and the feeds it did not reach are due for the next tick, not skipped for an interval."""
        settings.SUMMARIES_LINK_TOTAL_SECONDS = 1
        settings.SUMMARIES_FEED_TICK_SECONDS = 0.5
        site.fail("slow", "drips")
        site.add_entry("later")
        now = timezone.now()
        slow = make_feed(site.feed_url("slow"), next_poll_at=now - timedelta(minutes=2))
        later = make_feed(site.feed_url("later"), next_poll_at=now - timedelta(minutes=1))

        assert [(result.feed_id, result.error_code) for result in feeds_poll_due(now=now)] == [
            (slow.pk, "link_timeout")
        ]
        later.refresh_from_db()
        assert later.last_polled_at is None and later.next_poll_at <= now
        assert [result.feed_id for result in feeds_poll_due(now=now)] == [later.pk]


class TestSaving:
    def test_a_shorter_interval_brings_the_planned_poll_forward(self):
        """Editing a feed from every day to every 10 minutes takes effect now, not after tomorrow's poll."""
        polled = timezone.now() - timedelta(minutes=30)
        feed = make_feed("https://news.example/rss")
        Feed.objects.filter(pk=feed.pk).update(
            interval_minutes=24 * 60, last_polled_at=polled, next_poll_at=polled + timedelta(days=1)
        )
        feed.refresh_from_db()
        feed.interval_minutes = 10
        feed_save(feed=feed, editor=None)
        feed.refresh_from_db()
        assert feed.next_poll_at == polled + timedelta(minutes=10)

    def test_a_failing_feed_keeps_its_backoff(self):
        polled = timezone.now()
        feed = make_feed("https://news.example/rss")
        Feed.objects.filter(pk=feed.pk).update(
            interval_minutes=60, last_polled_at=polled, next_poll_at=polled + timedelta(hours=8), failures=3
        )
        feed.refresh_from_db()
        feed.interval_minutes = 10
        feed_save(feed=feed, editor=None)
        feed.refresh_from_db()
        assert feed.next_poll_at == polled + timedelta(hours=8)
