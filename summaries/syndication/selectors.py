"""Read queries for the outgoing feeds: which scope an address names, its newest items, and when it changed."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from summaries.articles.models import Article
from summaries.review.models import Review, ReviewEvent
from summaries.review.selectors import published_list
from summaries.runs.models import Summary
from summaries.syndication.scopes import Scope, feed_scope, outlet_scope


@dataclass(frozen=True)
class FeedState:
    """What a conditional GET compares: when the scope's published set last changed, and its size."""

    last_change: datetime | None
    published: int


def syndication_feed_scope(*, feed_id: int) -> Scope | None:
    """A followed feed's scope, or None unless it has something published: a feed's name is only public once
    one of its articles is."""
    name = published_list().filter(article__feed_id=feed_id).values_list("article__feed__name", flat=True).first()
    return None if name is None else feed_scope(feed_id=feed_id, name=name)


def syndication_outlet_scope(*, host: str) -> Scope | None:
    """An outlet's scope, or None when the host is not one or nothing from it is published."""
    scope = outlet_scope(host=host)
    if scope is None:
        return None
    # Asked from the outlet's articles (Article.host's index), each for a published summary: asked the other
    # way round, SQLite without statistics walks every approved summary looking for the host.
    published = Exists(published_list().filter(article=OuterRef("pk")))
    return scope if Article.objects.filter(host=scope.key).filter(published).exists() else None


def syndication_items(*, scope: Scope, limit: int) -> QuerySet[Summary]:
    """The scope's newest published summaries, most recently approved first, with what an item shows."""
    return published_list().filter(scope.articles).select_related("article__feed")[:limit]


def syndication_state(*, scope: Scope) -> FeedState:
    """Approving sets `reviewed_at`, and so does every later move of a once-approved summary (withdrawn,
    superseded): the newest of those times is when the scope's published set last changed."""
    once_approved = Exists(ReviewEvent.objects.filter(summary=OuterRef("summary"), from_state=Review.State.APPROVED))
    found = (
        Review.objects.filter(scope.articles)
        .filter(Q(state=Review.State.APPROVED) | once_approved)
        .aggregate(last_change=Max("reviewed_at"), published=Count("pk", filter=Q(state=Review.State.APPROVED)))
    )
    return FeedState(found["last_change"], found["published"])
