"""Read queries for review: the queue and its counts, revisions, the audit log, what is published."""

import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, OuterRef, QuerySet, Subquery

from summaries.articles.models import Article
from summaries.articles.selectors import articles_own
from summaries.common.permissions import User, sees_every_article
from summaries.review.filters import ReviewQueueFilter
from summaries.review.models import Review, ReviewEvent, SummaryRevision
from summaries.runs.models import Summary
from summaries.runs.selectors import current_runs

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def runs_for_user(*, user: User | None, session_articles: list[str], filters: Mapping[str, Any]) -> QuerySet[Summary]:
    """The queue as this person may see it: editors every article's newest run, others their own."""
    runs = review_queue_list(filters=filters)
    if not sees_every_article(user):
        runs = runs.filter(article__in=articles_own(user=user, session_articles=session_articles))
    return runs


def summary_revisions(
    *, summary: Summary, numbers: list[int] | None = None, oldest_first: bool = False
) -> QuerySet[SummaryRevision]:
    """The run's saved versions with their authors, newest first (the page) or oldest first (the API); only
    the numbered ones when given."""
    revisions = SummaryRevision.objects.filter(summary=summary).select_related("author")
    revisions = revisions.order_by("number" if oldest_first else "-number")
    return revisions if numbers is None else revisions.filter(number__in=numbers)


def review_queue_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Summary]:
    """The newest run of every article matching the filters (the query string of the queue page or the API,
    already validated there), newest article first."""
    return ReviewQueueFilter(filters or {}, queryset=_queue_runs()).qs


def review_state_counts(*, filters: Mapping[str, Any] | None = None) -> dict[str, int]:
    """How many queue rows each review state has under the other filters (for the state tabs)."""
    others = {key: value for key, value in (filters or {}).items() if key != "review_state"}
    runs = ReviewQueueFilter(others, queryset=_queue_runs()).qs
    finished = runs.filter(status=Summary.Status.DONE)  # failed and unfinished runs have nothing to review
    counts = dict(finished.order_by().values_list("review__state").annotate(count=Count("pk")))
    return {state: counts.get(state, 0) for state in Review.State.values}


def _queue_runs() -> QuerySet[Summary]:
    return (
        current_runs()
        .select_related("article", "article__submitted_by", "article__feed", "review")
        .order_by("-article__created_at", "-pk")
    )


class LatestReviewState(TypedDict):
    """What `articles_with_latest_review_state` adds to each article."""

    latest_review_state: str | None
    latest_status: str | None


def articles_with_latest_review_state(
    articles: QuerySet[Article],
) -> "QuerySet[WithAnnotations[Article, LatestReviewState]]":
    """Each article annotated with its newest run's review state and status, in the same query (admin lists)."""
    newest = Summary.objects.filter(article=OuterRef("pk")).order_by("-created_at", "-pk")
    return articles.annotate(
        latest_review_state=Subquery(newest.values("review__state")[:1]),
        latest_status=Subquery(newest.values("status")[:1]),
    )


def article_events(*, article: Article) -> QuerySet[ReviewEvent]:
    """The audit log of every run of the article, newest first."""
    return ReviewEvent.objects.filter(summary__article=article).select_related("actor", "summary")


def published_list() -> QuerySet[Summary]:
    """Approved summaries (at most one per article, by constraint), most recently approved first."""
    return (
        Summary.objects.filter(review__state=Review.State.APPROVED)
        .select_related("article", "review")
        .order_by("-review__reviewed_at", "-pk")
    )


def published_get(*, article_id: uuid.UUID) -> Summary | None:
    """The article's approved summary, or None when nothing about it is published."""
    return published_list().filter(article_id=article_id).first()
