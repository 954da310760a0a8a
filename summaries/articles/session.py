"""The articles an anonymous browser session submitted: its "own" articles, for the pages and the API.

The address of an article alone does not open it; the session that submitted it does (and keeps it
across signing in). One module so the web form and the API remember and check the same way.
"""

from django.http import HttpRequest

from summaries.articles.models import Article

SESSION_ARTICLES = "summaries_articles"
SESSION_ARTICLES_MAX = 500


def session_articles(request: HttpRequest) -> list[str]:
    """The ids of the articles this session submitted, oldest first."""
    return list(request.session.get(SESSION_ARTICLES, []))


def remember(request: HttpRequest, articles: list[Article]) -> None:
    """An anonymous submitter's browser keeps access to what it submitted (kept across signing in)."""
    known = [str(article.pk) for article in articles if article.submitted_by_id is None]
    if known:
        kept = [value for value in session_articles(request) if value not in known]
        request.session[SESSION_ARTICLES] = (kept + known)[-SESSION_ARTICLES_MAX:]
