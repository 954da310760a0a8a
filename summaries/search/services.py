"""Keeping the search index in step: the services that write an article's texts call
`search_document_update` in their own transaction, and `search_index_rebuild` writes every document again
(the command, for an existing database or a benchmark); `search_index_catch_up` indexes, a batch per sweep,
the articles stored before search existed.

A document is made from the article and its newest run: the headline (articles/headline.py's choice, unless
it would be made up from the summary), the original, the translation, the machine summary, the editors'
headline and text, and the earlier revisions' texts; with the columns the filters read (arrival, outlet,
feed, language, review state, flagged sentences).
"""

import logging
import uuid
from collections.abc import Iterable

from django.db import transaction
from django.db.models import OuterRef, Subquery

from summaries.articles.headline import headline_for
from summaries.articles.models import Article
from summaries.review.models import SummaryRevision
from summaries.runs.models import Summary
from summaries.search.backends import search_backend
from summaries.search.documents import DocumentTexts, field_texts
from summaries.search.models import SearchDocument
from summaries.search.selectors import articles_unindexed

logger = logging.getLogger(__name__)

REBUILD_BATCH_SIZE = 500
_UPDATED = ["run", "language", "arrived_at", "outlet", "feed", "review_state", "flagged_sentences"]
_UPDATED += ["headline", "headline_language", "earlier_revisions", "updated_at"]


def search_document_update(*, article_id: uuid.UUID | str) -> None:
    """Index the article as it is now; called by every service that changes a text search reads, inside its
    transaction, so the index commits or rolls back with it (an article deleted meanwhile took its document
    with it: nothing is written)."""
    search_documents_write(article_ids=[article_id])


def search_index_rebuild(*, batch_size: int = REBUILD_BATCH_SIZE) -> int:
    """Write every article's document again, `batch_size` articles per transaction (a few queries each);
    returns how many were written."""
    written = 0
    ids = list(Article.objects.order_by("created_at", "pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        with transaction.atomic():
            written += search_documents_write(article_ids=batch)
        logger.info("search index: %d of %d articles written", written, len(ids))
    search_backend().optimize()
    return written


def search_index_catch_up(*, batch_size: int) -> int:
    """Index up to `batch_size` articles that have no document yet, in one transaction; the sweeper calls it
    every tick, so a database upgraded with articles from before search becomes searchable by itself, a
    bounded batch at a time. How many were written (0 once every article has its document)."""
    ids = articles_unindexed(limit=batch_size) if batch_size > 0 else []
    if not ids:
        return 0
    with transaction.atomic():
        written = search_documents_write(article_ids=ids)
    logger.info("search index: %d articles from before search indexed", written)
    return written


def search_documents_write(*, article_ids: Iterable[uuid.UUID | str]) -> int:
    """Write the documents of these articles (in the caller's transaction), with the same handful of queries
    for one article or a batch: what the single update and the rebuild share."""
    newest = Summary.objects.filter(article=OuterRef("pk")).order_by("-created_at", "-pk").values("pk")[:1]
    articles = list(
        Article.objects.filter(pk__in=list(article_ids)).select_related("feed").annotate(newest_run=Subquery(newest))
    )
    runs = {
        run.pk: run
        for run in Summary.objects.filter(pk__in=[a.newest_run for a in articles if a.newest_run]).select_related(
            "review"
        )
    }
    revisions: dict[int, list[str]] = {}
    for summary_id, text in (
        SummaryRevision.objects.filter(summary_id__in=list(runs)).order_by("number").values_list("summary_id", "text")
    ):
        revisions.setdefault(summary_id, []).append(text)
    documents = [_document(article, runs.get(article.newest_run), revisions) for article in articles]
    SearchDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=_UPDATED,
    )
    ids = dict(SearchDocument.objects.filter(article__in=[a.pk for a in articles]).values_list("article_id", "pk"))
    search_backend().write([DocumentTexts(ids[document.article_id], field_texts(document)) for document in documents])
    return len(documents)


def _document(article: Article, run: Summary | None, revisions: dict[int, list[str]]) -> SearchDocument:
    done = run is not None and run.status == Summary.Status.DONE
    review = run.review if run is not None and done else None
    headline = headline_for(article, run)
    if headline is not None and headline.generated:
        headline = None
    earlier = ""
    if run is not None:
        shown = {review.current_text if review is not None else "", run.summary_text}
        earlier = "\n\n".join(dict.fromkeys(text for text in revisions.get(run.pk, []) if text not in shown))
    return SearchDocument(
        article=article,
        run=run,
        language=article.language,
        arrived_at=article.created_at,
        outlet="" if article.feed_id else article.outlet[:200],  # a feed's name is read from the feed
        feed=article.feed,
        review_state=review.state if review is not None else "",
        flagged_sentences=run.flag_count[0] if run is not None and done else 0,
        headline=headline.text[:500] if headline else "",
        headline_language=headline.language if headline else "",
        earlier_revisions=earlier,
    )
