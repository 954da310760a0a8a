"""The feed addresses: what each format holds, which summaries each scope lists, and conditional GET."""

import json
from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse

from summaries.review import decisions as review
from summaries.review.models import Review
from tests.factories import finish, make_article, make_user
from tests.summaries.digest_factories import DAY_START, make_approved

pytestmark = pytest.mark.django_db


def feed_url(fmt: str, **scope: object) -> str:
    route = {(): "published_feed", ("feed_id",): "published_feed_of_feed", ("host",): "published_feed_of_outlet"}
    return reverse(f"summaries:{route[tuple(scope)]}", kwargs={**scope, "fmt": fmt})


def parsed(client, url: str, **headers: str) -> feedparser.FeedParserDict:
    response = client.get(url, **headers)
    assert response.status_code == 200
    feed = feedparser.parse(response.content, response_headers={"content-type": response["Content-Type"]})
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def page_url(summary) -> str:
    return "http://testserver" + reverse("summaries:published_detail", kwargs={"article_id": summary.article_id})


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_xml_feeds_hold_every_published_summary_newest_first(client, published, fmt):
    """Headline, escaped summary, the published page as link and id, the source, the original language, the
    approval time: feedparser reads all of it without complaint."""
    feed = parsed(client, feed_url(fmt))
    assert [entry.link for entry in feed.entries] == [
        page_url(published.pasted),
        page_url(published.fed),
        page_url(published.page),
    ]
    page = feed.entries[2]
    assert page.title == "تجديد الشراكة بين البلدين"  # the page's headline, the control character dropped
    if fmt == "atom":  # plain text, which feedparser hands back as written
        assert page.summary == "Russia and Egypt renewed their <partnership> & more.\n\nBoth sides signed."
    else:  # HTML, in which the text's own angle brackets are escaped
        assert "<p>Russia and Egypt renewed their &lt;partnership&gt; &amp; more.</p>" in page.summary
    assert page.id == page_url(published.page)
    assert page.published_parsed[:5] == (2026, 12, 1, 8, 0)
    assert [(tag.term, tag.scheme) for tag in page.tags] == [("ar", "urn:ietf:bcp:47")]
    assert feed.entries[1].title == "Rates unchanged"  # the editors' headline
    assert feed.feed.title == "Published summaries · News summaries"


def test_atom_marks_languages_and_links_the_source(client, published):
    """The headline in Arabic, the summary in English, the source as a related link in Arabic."""
    entry = parsed(client, feed_url("atom")).entries[2]
    assert entry.title_detail.language == "ar" and entry.summary_detail.language == "en"
    assert entry.summary_detail.type == "text/plain"
    related = [link for link in entry.links if link.rel == "related"]
    assert [(link.href, link.hreflang) for link in related] == [("https://www.news.example/world/1?ref=a", "ar")]
    assert [tag.label for tag in entry.tags] == ["Arabic"]


def test_rss_names_the_language_and_links_the_source_in_the_description(client, published):
    """RSS readers that show only the description still see the original language and the source."""
    entry = parsed(client, feed_url("rss")).entries[2]
    assert "<p>Original language: Arabic</p>" in entry.summary
    assert '<a href="https://www.news.example/world/1?ref=a">Example News</a>' in entry.summary
    body = client.get(feed_url("rss")).content.decode()
    assert "<dc:source>https://www.news.example/world/1?ref=a</dc:source>" in body


def test_json_feed_holds_the_same_items(client, published):
    """JSON Feed 1.1 with its media type, the source as external_url and the original language in _newsapp."""
    response = client.get(feed_url("json"))
    assert response["Content-Type"] == "application/feed+json"
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == "http://testserver" + feed_url("json")
    page = data["items"][2]
    assert page["id"] == page["url"] == page_url(published.page)
    assert page["external_url"] == "https://www.news.example/world/1?ref=a"
    assert page["content_text"] == "Russia and Egypt renewed their <partnership> & more.\n\nBoth sides signed."
    assert "&lt;partnership&gt; &amp; more." in page["content_html"]
    assert page["date_published"] == "2026-12-01T08:00:00+00:00" and page["language"] == "en"
    extension = page["_newsapp"]
    assert extension["original_language"] == "ar" and extension["original_language_name"] == "Arabic"
    assert extension["headline_language"] == "ar" and extension["outlet"] == "Example News"
    pasted = data["items"][0]
    assert "external_url" not in pasted and pasted["_newsapp"]["original_language"] == "en"


def test_only_published_summaries_are_listed(client, published):
    """Pending, rejected and withdrawn summaries stay out of every feed."""
    make_approved("Still pending.", state=Review.State.PENDING)
    make_approved("Rejected.", state=Review.State.REJECTED)
    editor = make_user("editor", editor=True)
    review.summary_transition(summary_id=published.pasted.pk, editor=editor, action="withdraw")
    body = client.get(feed_url("json")).content.decode()
    assert [item["url"] for item in json.loads(body)["items"]] == [page_url(published.fed), page_url(published.page)]
    assert "Still pending" not in body and "Rejected" not in body


def test_a_feeds_and_an_outlets_feeds_hold_only_theirs(client, published):
    """Per followed feed by its id; per outlet by the host of the source ("www." dropped)."""
    feed_id = published.fed.article.feed_id
    of_feed = parsed(client, feed_url("atom", feed_id=feed_id))
    assert [entry.link for entry in of_feed.entries] == [page_url(published.fed)]
    assert of_feed.feed.title == "Published summaries: شبكة الأخبار"
    of_outlet = parsed(client, feed_url("rss", host="news.example"))
    assert [entry.link for entry in of_outlet.entries] == [page_url(published.page)]
    also = make_approved("Another story.", url="http://NEWS.example:8080/other", at=DAY_START + timedelta(hours=3))
    make_approved("A lookalike host.", url="https://news.example.evil/x")
    make_approved("Another host's path.", url="https://other.example/news.example/y")
    links = [entry.link for entry in parsed(client, feed_url("rss", host="www.news.example")).entries]
    assert links == [page_url(also), page_url(published.page)]


@pytest.mark.parametrize(
    "url",
    [
        lambda p: feed_url("rss", feed_id=99999),
        lambda p: feed_url("rss", host="nothing.example"),
        lambda p: feed_url("rss", host="bad host!"),
        lambda p: feed_url("xml"),
        lambda p: feed_url("atom", feed_id=p.page.article.feed_id or 0),
    ],
    ids=["unknown feed", "unknown outlet", "not a host", "unknown format", "no feed"],
)
def test_unknown_scopes_and_formats_are_not_found(client, published, url):
    """A feed, outlet or format with nothing published behind it answers 404 and names nothing."""
    assert client.get(url(published)).status_code == 404


def test_a_feed_with_nothing_published_is_not_found(client, published):
    """A followed feed's name is private until one of its articles is published."""
    pending = make_approved("Not yet.", feed="private feed", state=Review.State.PENDING)
    assert client.get(feed_url("rss", feed_id=pending.article.feed_id)).status_code == 404


def test_the_newest_items_up_to_the_setting(client, published, settings):
    """SUMMARIES_SYNDICATION_ITEMS caps every feed; the newest approvals are the ones kept."""
    settings.SUMMARIES_SYNDICATION_ITEMS = 2
    data = json.loads(client.get(feed_url("json")).content)
    assert [item["url"] for item in data["items"]] == [page_url(published.pasted), page_url(published.fed)]


def test_conditional_get_until_the_published_set_changes(client, published):
    """A reader's copy is current (304) until a summary is approved or withdrawn; then the ETag and
    Last-Modified move on."""
    first = client.get(feed_url("atom"))
    assert first["Last-Modified"] == "Tue, 01 Dec 2026 10:00:00 GMT"
    again = client.get(feed_url("atom"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    since = client.get(feed_url("atom"), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    editor = make_user("editor", editor=True)
    review.summary_transition(summary_id=published.page.pk, editor=editor, action="withdraw")  # the oldest one
    changed = client.get(feed_url("atom"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert client.get(feed_url("atom"), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200
    newer = finish(make_article(source_text="مقال جديد تماما عن الاقتصاد.").latest_summary)
    review.summary_approve(summary_id=newer.pk, editor=editor)
    assert client.get(feed_url("atom"), HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 200


def test_the_feeds_words_follow_the_readers_language(client, published):
    """Title and description in Arabic for an Arabic reader; the items stay as written."""
    feed = parsed(client, feed_url("atom"), HTTP_ACCEPT_LANGUAGE="ar")
    assert feed.feed.title == "الملخصات المنشورة · ملخصات الأخبار"
    assert feed.feed.language == "ar" and feed.entries[2].summary_detail.language == "en"
    english = client.get(feed_url("atom"))
    assert (
        client.get(feed_url("atom"), HTTP_IF_NONE_MATCH=english["ETag"], HTTP_ACCEPT_LANGUAGE="ar").status_code == 200
    )


def test_an_empty_feed_is_still_a_feed(client):
    """Before anything is published the feed of everything answers, empty and well-formed."""
    assert parsed(client, feed_url("atom")).entries == []
    assert json.loads(client.get(feed_url("json")).content)["items"] == []
