"""The feeds a page advertises: everything, and for one published article its feed's and its outlet's."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from summaries.articles.models import Article
from summaries.syndication.scopes import article_host

# (format in the address, what readers call it, its media type)
FORMATS = [
    ("rss", "RSS", "application/rss+xml"),
    ("atom", "Atom", "application/atom+xml"),
    ("json", "JSON Feed", "application/feed+json"),
]


@dataclass(frozen=True)
class FeedLink:
    title: str  # what the feed is, with its format ("Published summaries (Atom)")
    label: str  # the format alone, for a visible link beside the scope's name
    url: str
    content_type: str


@dataclass(frozen=True)
class FeedGroup:
    name: str
    links: list[FeedLink]


def syndication_links(article: Article | None = None) -> list[FeedGroup]:
    """Every published summary, then (for a published article) its feed's and its outlet's, in each format."""
    groups = [_group(_("Published summaries"), "summaries:published_feed", {})]
    if article is not None and article.feed_id and article.feed is not None:
        name = _("Published summaries: %(name)s") % {"name": article.feed.name}
        groups.append(_group(name, "summaries:published_feed_of_feed", {"feed_id": article.feed_id}))
    host = article_host(article) if article is not None else ""
    if host:
        name = _("Published summaries: %(name)s") % {"name": host}
        groups.append(_group(name, "summaries:published_feed_of_outlet", {"host": host}))
    return groups


def _group(name: str, route: str, kwargs: dict[str, object]) -> FeedGroup:
    links = [
        FeedLink(f"{name} ({label})", label, reverse(route, kwargs={**kwargs, "fmt": fmt}), content_type)
        for fmt, label, content_type in FORMATS
    ]
    return FeedGroup(name, links)
