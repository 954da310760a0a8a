"""Similar articles: the nearest stored vectors to an article's, among the articles the viewer may see.

The scores come from one matrix product over every stored vector (matrix.py keeps them in memory); the
database is asked only which of the best candidates this viewer may see, a few dozen ids at a time.
Editors and staff see every article; everyone else the published ones (an approved summary, as on
/published/) and their own, so a public page never leads to, nor names, an article its viewer cannot open.
"""

from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value

from summaries.articles.headline import Headline, article_headline
from summaries.articles.models import Article
from summaries.articles.selectors import articles_own
from summaries.common.permissions import User, sees_every_article
from summaries.related.matrix import article_vectors
from summaries.review.models import Review

SIMILAR_LIMIT = 10
_CANDIDATES_PER_QUERY = 50  # candidates looked up at once; most viewers need one look-up


@dataclass(frozen=True)
class SimilarArticle:
    article: Article
    score: float
    headline: Headline | None
    published: bool  # it has an approved summary (its public page exists)
    openable: bool  # this viewer may open its article page (editors, its submitter)


@dataclass(frozen=True)
class SimilarArticles:
    """`state`: "off" (embeddings switched off), "pending" (no vector of this article yet) or "ready"."""

    state: str
    items: list[SimilarArticle] = field(default_factory=list)


def similar_articles(
    *, article: Article, user: User | None, session_articles: list[str], limit: int = SIMILAR_LIMIT
) -> SimilarArticles:
    """Up to `limit` articles nearest to this one above SUMMARIES_SIMILAR_THRESHOLD, best first, leaving out
    the article itself and exact duplicates of it (the same content hash)."""
    if not settings.SUMMARIES_EMBEDDINGS:
        return SimilarArticles("off")
    vectors = article_vectors()
    position = vectors.positions.get(article.pk)
    if position is None or position >= len(vectors.matrix):
        return SimilarArticles("pending")
    scores = vectors.matrix @ vectors.matrix[position]
    scores[position] = -1.0
    above = np.flatnonzero(scores >= settings.SUMMARIES_SIMILAR_THRESHOLD)
    ranked = above[np.argsort(-scores[above], kind="stable")]
    visible = _visible(article=article, user=user, session_articles=session_articles)
    items: list[SimilarArticle] = []
    hashes = {article.content_hash}
    for start in range(0, len(ranked), _CANDIDATES_PER_QUERY):
        chunk = ranked[start : start + _CANDIDATES_PER_QUERY]
        ids = [vectors.article_ids[index] for index in chunk]
        found = {row.pk: row for row in visible.filter(pk__in=ids)}
        for index, article_id in zip(chunk, ids, strict=True):
            row = found.get(article_id)
            if row is None or row.content_hash in hashes:
                continue
            hashes.add(row.content_hash)
            items.append(_item(row, float(scores[index])))
            if len(items) == limit:
                return SimilarArticles("ready", items)
    return SimilarArticles("ready", items)


def _visible(*, article: Article, user: User | None, session_articles: list[str]) -> QuerySet[Article]:
    """The articles this viewer may be shown, each marked published or not and openable or not."""
    published = Exists(Review.objects.filter(article=OuterRef("pk"), state=Review.State.APPROVED))
    articles = Article.objects.exclude(content_hash=article.content_hash).select_related("feed")
    if sees_every_article(user):
        return articles.annotate(is_published=published, is_openable=Value(True, output_field=BooleanField()))
    own = Q(pk__in=articles_own(user=user, session_articles=session_articles).values("pk"))
    return articles.annotate(is_published=published, is_openable=own).filter(Q(is_published=True) | own)


def _item(row: Article, score: float) -> SimilarArticle:
    return SimilarArticle(
        article=row,
        score=score,
        headline=article_headline(row),
        published=bool(getattr(row, "is_published", False)),
        openable=bool(getattr(row, "is_openable", False)),
    )
