"""The editors' feeds page: who may see it, add and edit, poll now (queued, never fetched in the request),
deactivate and delete, a failing feed shown with its reason in the reader's language, a feed's articles."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from summaries.feeds.models import Feed
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

LIST = reverse("summaries:feeds_list")
ADD = reverse("summaries:feed_add")
FORM = {
    "url": "https://news.example/rss.xml",
    "name": "شبكة الأخبار",
    "language": "",
    "strategy": "extract-translate",
    "length": "short",
    "interval_minutes": "15",
    "active": "on",
}


def feed_url(name: str, feed: Feed) -> str:
    return reverse(f"summaries:{name}", kwargs={"feed_id": feed.pk})


@pytest.fixture
def editor():
    return make_user("feeds-editor", editor=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def feed() -> Feed:
    return Feed.objects.create(url="https://news.example/feed", name="الجزيرة <نت>", interval_minutes=30)


class TestPermissions:
    @pytest.mark.parametrize("name", ["feed_edit", "feed_articles"])
    def test_pages_send_anonymous_visitors_to_sign_in_and_refuse_non_editors(self, client, feed, name):
        for url in (LIST, ADD, feed_url(name, feed)):
            assert client.get(url)["Location"].startswith(reverse("login"))
        client.force_login(make_user("reader"))
        for url in (LIST, ADD, feed_url(name, feed)):
            assert client.get(url).status_code == 403

    @pytest.mark.parametrize("name", ["feed_poll_now", "feed_activate", "feed_delete", "feed_edit"])
    def test_actions_change_nothing_for_non_editors(self, client, feed, name):
        client.force_login(make_user("reader"))
        assert client.post(feed_url(name, feed), {**FORM, "active": "0"}).status_code == 403
        assert client.post(ADD, FORM).status_code == 403
        assert Feed.objects.get() == feed and Feed.objects.get().next_poll_at is None and Feed.objects.get().active

    def test_posts_need_the_csrf_token(self, editor, feed):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(editor)
        assert browser.post(ADD, FORM).status_code == 403
        assert browser.post(feed_url("feed_poll_now", feed)).status_code == 403
        assert browser.post(feed_url("feed_delete", feed)).status_code == 403
        assert Feed.objects.count() == 1 and Feed.objects.get().next_poll_at is None


class TestForm:
    def test_an_editor_adds_a_feed_that_is_due_at_once(self, editor_client, editor):
        response = editor_client.post(ADD, FORM)

        assert response.status_code == 302 and response["Location"] == LIST
        feed = Feed.objects.get()
        assert (feed.url, feed.name, feed.strategy, feed.length, feed.interval_minutes) == (
            FORM["url"],
            FORM["name"],
            "extract-translate",
            "short",
            15,
        )
        assert feed.active and feed.language == "" and feed.created_by == editor and feed.next_poll_at is None

    def test_a_bad_address_or_interval_is_refused_with_the_reason(self, editor_client):
        response = editor_client.post(ADD, {**FORM, "url": "ftp://news.example/feed", "interval_minutes": "0"})

        assert response.status_code == 400 and not Feed.objects.exists()
        page = response.content.decode()
        assert "Enter a valid URL." in page and "greater than or equal to 1" in page

    def test_the_same_address_twice_is_refused(self, editor_client, feed):
        response = editor_client.post(ADD, {**FORM, "url": feed.url})
        assert response.status_code == 400 and Feed.objects.count() == 1

    def test_an_editor_edits_a_feed(self, editor_client, feed):
        page = editor_client.get(feed_url("feed_edit", feed)).content.decode()
        assert 'value="https://news.example/feed"' in page and 'dir="auto"' in page

        response = editor_client.post(feed_url("feed_edit", feed), {**FORM, "url": feed.url, "language": "ar"})

        assert response.status_code == 302
        feed.refresh_from_db()
        assert feed.language == "ar" and feed.name == FORM["name"] and feed.interval_minutes == 15


class TestActions:
    def test_poll_now_makes_the_feed_due_without_fetching_in_the_request(self, editor_client, feed):
        """The site (news.example, which does not exist) is never asked; the feed is due for the worker."""
        before = timezone.now()
        response = editor_client.post(feed_url("feed_poll_now", feed), follow=True)

        feed.refresh_from_db()
        assert feed.next_poll_at is not None and before <= feed.next_poll_at <= timezone.now()
        assert feed.last_polled_at is None
        assert "will be polled in a moment" in response.content.decode()

    def test_an_inactive_feed_is_not_polled_now(self, editor_client, feed):
        Feed.objects.filter(pk=feed.pk).update(active=False)
        response = editor_client.post(feed_url("feed_poll_now", feed), follow=True)
        assert "is inactive" in response.content.decode() and Feed.objects.get().next_poll_at is None

    def test_deactivate_and_activate(self, editor_client, feed):
        editor_client.post(feed_url("feed_activate", feed), {"active": "0"})
        assert not Feed.objects.get().active
        editor_client.post(feed_url("feed_activate", feed), {"active": "1"})
        assert Feed.objects.get().active

    def test_delete_keeps_the_articles(self, editor_client, feed):
        article = make_article(feed=feed, feed_entry_id="urn:1", url="https://news.example/1", origin="feed")

        assert editor_client.post(feed_url("feed_delete", feed))["Location"] == LIST

        article.refresh_from_db()
        assert not Feed.objects.exists() and article.feed is None and article.url == "https://news.example/1"

    def test_get_is_not_allowed_for_actions(self, editor_client, feed):
        for name in ("feed_poll_now", "feed_activate", "feed_delete"):
            assert editor_client.get(feed_url(name, feed)).status_code == 405


class TestList:
    def test_a_failing_feed_shows_its_last_error_in_the_readers_language(self, editor_client, feed, settings):
        Feed.objects.filter(pk=feed.pk).update(
            failures=settings.SUMMARIES_FEED_FAILING_AFTER,
            last_error_code="feed_not_feed",
            last_error="stored when the poll failed",
            last_error_at=timezone.now(),
            last_polled_at=timezone.now(),
        )

        page = editor_client.get(LIST).content.decode()

        assert "data-failing" in page and '<span class="state state-failed">Failing</span>' in page
        # Rendered again from its code for this reader, not the words stored by the worker.
        assert "The address does not give a feed" in page and "stored when the poll failed" not in page

    def test_names_and_addresses_are_escaped_and_keep_their_direction(self, editor_client, feed):
        page = editor_client.get(LIST).content.decode()
        assert '<bdi dir="auto">الجزيرة &lt;نت&gt;</bdi>' in page
        assert '<code class="feed-url" dir="ltr">https://news.example/feed</code>' in page
        assert "Poll now" in page and reverse("summaries:feed_articles", kwargs={"feed_id": feed.pk}) in page

    def test_a_healthy_feed_is_not_marked_failing(self, editor_client, feed):
        page = editor_client.get(LIST).content.decode()
        assert "data-failing" not in page and "state-failed" not in page

    def test_the_feeds_articles_link_to_their_review(self, editor_client, feed):
        article = make_article(feed=feed, feed_entry_id="urn:1", url="https://news.example/1", origin="feed")
        make_article(source_text="مقال آخر لم يأت من هذه التغذية.")

        page = editor_client.get(feed_url("feed_articles", feed)).content.decode()

        run = article.summaries.get()
        assert reverse("summaries:summary_review", kwargs={"summary_id": run.pk}) in page
        assert page.count("data-summary=") == 1 and "https://news.example/1" in page
