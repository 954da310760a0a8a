"""The feeds advertised: <link rel="alternate"> in the head of the published pages and the digest, and
links people can follow on the published pages, in both languages."""

import re
from datetime import date

import pytest
from django.urls import reverse

from summaries.digest.models import Digest

pytestmark = pytest.mark.django_db


def alternates(html: str) -> list[tuple[str, str]]:
    head = html[: html.index("</head>")]
    return re.findall(r'<link rel="alternate" type="([^"]+)" title="[^"]+" href="([^"]+)">', head)


EVERYTHING = [
    ("application/rss+xml", "/published/feed.rss"),
    ("application/atom+xml", "/published/feed.atom"),
    ("application/feed+json", "/published/feed.json"),
]


def test_the_list_advertises_and_links_the_feeds_of_everything(client, published):
    """Feed readers find the three formats in the head; people find them under the title."""
    html = client.get(reverse("summaries:published_list")).content.decode()
    assert alternates(html) == EVERYTHING
    assert "Follow in a feed reader" in html
    assert '<a href="/published/feed.atom" type="application/atom+xml" lang="en" dir="ltr">Atom</a>' in html


def test_an_article_page_also_advertises_its_feeds_and_its_outlets(client, published):
    """A followed feed's article: everything, its feed, its website; each feed found really answers."""
    article = published.fed.article
    html = client.get(reverse("summaries:published_detail", kwargs={"article_id": article.pk})).content.decode()
    found = alternates(html)
    assert found[:3] == EVERYTHING and len(found) == 9
    assert (
        "application/rss+xml",
        reverse("summaries:published_feed_of_feed", kwargs={"feed_id": article.feed_id, "fmt": "rss"}),
    ) in found
    assert ("application/feed+json", "/published/outlets/feeds.example.org/feed.json") in found
    for _, url in found:
        assert client.get(url).status_code == 200
    assert "Published summaries: شبكة الأخبار" in html


def test_a_pasted_articles_page_advertises_only_everything(client, published):
    """No link, no feed: nothing but the feed of everything."""
    url = reverse("summaries:published_detail", kwargs={"article_id": published.pasted.article_id})
    assert alternates(client.get(url).content.decode()) == EVERYTHING


def test_the_digest_page_advertises_the_feeds(client):
    Digest.objects.create(day=date(2026, 11, 30), published=True, content=[])
    html = client.get(reverse("summaries:digest_detail", kwargs={"day": "2026-11-30"})).content.decode()
    assert alternates(html) == EVERYTHING


def test_in_arabic(client, published):
    """The words around the links are Arabic on an Arabic page."""
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("summaries:published_list")).content.decode()
    assert "تابعها في قارئ الخلاصات" in html
    assert "الملخصات المنشورة (Atom)" in html
