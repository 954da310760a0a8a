"""Who may open which article: read queries for the article pages, the API and the review tools."""

import uuid

from django.db.models import Prefetch, Q, QuerySet

from summaries.articles.models import Article
from summaries.common.permissions import User, sees_every_article
from summaries.runs.selectors import current_runs


def article_get_for_user(*, article_id: uuid.UUID, user: User | None, session_articles: list[str]) -> Article | None:
    """The article if this person may see it, else None (so a page cannot tell "forbidden" from "missing").

    Signed-in people see what they submitted; anonymous visitors see what this browser session
    submitted (the unguessable address alone is not enough); editors and staff see everything.
    """
    return articles_for_user(user=user, session_articles=session_articles).filter(pk=article_id).first()


def articles_for_user(*, user: User | None, session_articles: list[str]) -> QuerySet[Article]:
    """Every article this person may open, newest first."""
    if sees_every_article(user):
        return Article.objects.all()
    return articles_own(user=user, session_articles=session_articles)


def articles_own(*, user: User | None, session_articles: list[str]) -> QuerySet[Article]:
    """What this person submitted signed in, plus what this browser session submitted anonymously."""
    mine = Q(pk__in=[value for value in session_articles if _is_uuid(value)], submitted_by__isnull=True)
    if user is not None and user.is_authenticated:
        mine |= Q(submitted_by=user)
    return Article.objects.filter(mine)


def articles_own_list(*, user: User | None, session_articles: list[str]) -> QuerySet[Article]:
    """ "Your articles": newest first, each with its newest run in `newest_runs` (fetched for the whole page
    in one more query, not one per row)."""
    newest_runs = Prefetch("summaries", queryset=current_runs().select_related("review"), to_attr="newest_runs")
    return (
        articles_own(user=user, session_articles=session_articles).order_by("-created_at").prefetch_related(newest_runs)
    )


def _is_uuid(value: object) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
