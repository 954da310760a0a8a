"""A feed produces reviewed English summaries end to end: Celery beat polls a feed on a local news site, its
entries become articles that a real worker fetches, translates and summarizes with the tiny models, an
editor approves one, and "poll now" on the feeds page brings the entry published since. And the feeds
pages on a phone."""

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from summaries.feeds.models import Feed
from summaries.runs.models import Summary
from tests.factories import make_article, make_user
from tests.feeds_standin import FeedsStandIn, corpus_pages
from tests.integration.browser import check_accessibility, screenshot
from tests.integration.test_responsive import LONG_AR, UNBROKEN, WIDER_THAN_THE_WINDOW, page_width, signed_in
from tests.polling import wait_for

pytestmark = pytest.mark.integration


@pytest.fixture
def news_site() -> Iterator[FeedsStandIn]:
    pages = corpus_pages()
    if pages is None:
        pytest.fail("shared corpora not found: put shared/ beside the checkout or set SHARED_DIR")
    site = FeedsStandIn(pages).start()
    yield site
    site.stop()


def runs_of(feed: Feed) -> list[Summary]:
    return list(Summary.objects.filter(article__feed=feed).select_related("article").order_by("article__url"))


def finished(feed: Feed, count: int) -> list[Summary] | None:
    """The feed's runs once there are `count` and all are done; a failed one fails the test at once."""
    runs = runs_of(feed)
    failed = [(run.article.url, run.error_code, run.error_params) for run in runs if run.status == "failed"]
    assert not failed, f"runs failed: {failed}"
    return runs if len(runs) == count and all(run.status == "done" for run in runs) else None


def describe(feed: Feed) -> str:
    feed.refresh_from_db()
    runs = [(run.article.url, run.status, run.stage) for run in runs_of(feed)]
    return f"feed polled {feed.last_polled_at}, error {feed.last_error_code!r}; runs {runs}"


def test_a_feed_produces_reviewed_english_summaries_end_to_end(client, start_worker, news_site):
    first, second = news_site.add_entry("akhbar"), news_site.add_entry("akhbar")
    feed = Feed.objects.create(
        url=news_site.feed_url("akhbar"), name="شبكة الأخبار المحلية", language="ar", interval_minutes=60
    )
    start_worker(beat=True, FEED_POLL_SECONDS="1", LINK_ALLOWED_HOSTS="localhost:*,127.0.0.1:*")

    runs = wait_for(lambda: finished(feed, 2), timeout=240, interval=0.5, message=lambda: describe(feed))

    titles = {news_site.page_url(entry.slug): entry.title for entry in (first, second)}
    for run in runs:
        article = run.article
        assert article.origin == "feed" and article.feed_entry_id in {first.guid, second.guid}
        assert article.headline == titles[article.url] and article.language == "ar"
        assert titles[article.url].split()[0] in article.source_text  # the page's article, fetched by the worker
        assert run.translation.strip() and run.summary_text.strip()
    feed.refresh_from_db()
    assert feed.entries_seen == 2 and feed.failures == 0 and feed.etag

    editor = Client()
    editor.force_login(make_user("feed-editor", editor=True))
    chosen = runs[0]
    assert (
        editor.post(
            reverse("summaries:summary_decide", kwargs={"summary_id": chosen.pk}),
            {"action": "approve", "confirm": "on"},
        )
    ).status_code == 302
    published = client.get(reverse("summaries:published_detail", kwargs={"article_id": chosen.article_id}))
    assert published.status_code == 200
    chosen.refresh_from_db()
    assert chosen.review.state == "approved"
    assert escape(chosen.review.text.split()[0]) in published.content.decode()

    third = news_site.add_entry("akhbar")
    polls = len(news_site.seen("/feeds/akhbar"))
    assert editor.post(reverse("summaries:feed_poll_now", kwargs={"feed_id": feed.pk})).status_code == 302

    runs = wait_for(lambda: finished(feed, 3), timeout=240, interval=0.5, message=lambda: describe(feed))
    assert third.guid in {run.article.feed_entry_id for run in runs}
    assert news_site.seen("/feeds/akhbar")[polls].headers.get("if-none-match") == feed.etag


@pytest.fixture
def feeds_world(transactional_db):
    """An editor, a failing feed with a long name and an unbroken address, and one of its articles."""
    editor = make_user("feeds-page-editor", editor=True)
    feed = Feed.objects.create(
        url=UNBROKEN,
        name="شبكة الأخبار المحلية — الشرق الأوسط والعالم العربي (النشرة الكاملة)",
        failures=5,
        last_error_code="link_unreachable",
        last_error_at=timezone.now(),
        last_polled_at=timezone.now(),
    )
    make_article(feed=feed, origin="feed", url=UNBROKEN + "/1", feed_entry_id="urn:1", headline=LONG_AR[:200])
    return {"editor": editor, "feed": feed}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_feeds_pages_fit_a_phone(page_in, live_server, feeds_world, language):
    """The list, the form and a feed's articles: nothing scrolls the page sideways at 390 or 360 px."""
    page = page_in(language)
    signed_in(page, live_server, feeds_world["editor"])
    feed_id = feeds_world["feed"].pk
    urls = {
        "feeds": reverse("summaries:feeds_list"),
        "feed-add": reverse("summaries:feed_add"),
        "feed-edit": reverse("summaries:feed_edit", kwargs={"feed_id": feed_id}),
        "feed-articles": reverse("summaries:feed_articles", kwargs={"feed_id": feed_id}),
    }
    too_wide = []
    for name, url in urls.items():
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server.url + url)
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        screenshot(page, f"{name}-{language}-1280")
        for width in (390, 360):
            page.set_viewport_size({"width": width, "height": 844})
            if page_width(page) > width:
                too_wide.append(f"{name} at {width} px: {page.evaluate(WIDER_THAN_THE_WINDOW)}")
            if width == 390:
                check_accessibility(page)
                screenshot(page, f"{name}-{language}-390")
    assert too_wide == []
