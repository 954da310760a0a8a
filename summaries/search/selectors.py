"""Search reads: a page of ranked results with their snippets, and the outlets the filter offers.

A page costs three queries whatever its size: the ranking (ids, scores and the total), the page's documents
with their article, run and review, and the snippets of every field of the page (the engine marks its
matches: backends/)."""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from summaries.articles.models import Article
from summaries.feeds.models import Feed
from summaries.search.backends import search_backend
from summaries.search.documents import FIELDS, DocumentTexts, field_texts
from summaries.search.models import SearchDocument
from summaries.search.query import SearchQuery, query_parse
from summaries.search.snippets import Snippet, snippet_from_fragment

PAGE_SIZE = 20
SNIPPETS_PER_RESULT = 2


@dataclass(frozen=True)
class SearchFilters:
    """Every filter optional. The dates are the article's arrival (when it was submitted), in TIME_ZONE,
    both days included; `flagged` True keeps runs with a flagged sentence, False those without."""

    arrived_after: date | None = None
    arrived_before: date | None = None
    outlet: str = ""
    feed_id: int | None = None
    language: str = ""
    review_state: str = ""
    flagged: bool | None = None


@dataclass(frozen=True)
class SearchHit:
    document: SearchDocument
    rank: float
    snippets: list[Snippet] = field(default_factory=list)


@dataclass(frozen=True)
class SearchResults:
    query: SearchQuery
    hits: list[SearchHit]
    count: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))

    @property
    def first_number(self) -> int:
        """The place of the page's first result in the whole list (1-based)."""
        return (self.page - 1) * self.page_size + 1


def search_articles(
    *,
    query: str,
    filters: SearchFilters | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    snippets: bool = True,
) -> SearchResults:
    """The articles matching every term of `query` and the filters, best first, one page of them (a page past
    the last gives the last); SearchError when the query has nothing to search for.

    The ranking reads only the documents' ids, scores and the total (one pass over the matches); the page's
    documents, articles, runs and reviews are read after it, for the page alone."""
    parsed = query_parse(query)
    backend = search_backend()
    matching = backend.matching(_filtered(filters or SearchFilters()), parsed)
    page = max(1, page)
    with backend.ranking():
        ranked = backend.ranked(matching, (page - 1) * page_size, page * page_size)
        count = ranked[0][2] if ranked else 0
        if not ranked and page > 1 and (count := matching.count()):
            page = -(-count // page_size)
            ranked = backend.ranked(matching, (page - 1) * page_size, page * page_size)
    loaded = SearchDocument.objects.filter(pk__in=[pk for pk, _rank, _total in ranked]).select_related(
        "article", "article__feed", "run", "run__review"
    )
    by_id = {document.pk: document for document in loaded} if ranked else {}
    rows = [(by_id[pk], rank) for pk, rank, _total in ranked if pk in by_id]
    texts = {document.pk: field_texts(document) for document, _rank in rows}
    fragments: dict[int, dict[str, str]] = {}
    if snippets and rows:
        fragments = backend.fragments(parsed, [DocumentTexts(pk, fields) for pk, fields in texts.items()])
    hits = [
        SearchHit(document, float(rank), _snippets(texts[document.pk], fragments.get(document.pk, {})))
        for document, rank in rows
    ]
    return SearchResults(parsed, hits, count, page, page_size)


def search_outlets() -> list[str]:
    """Every outlet of an indexed article, alphabetically (the outlet filter's choices): the sites' names
    and hosts, and the names of the feeds articles came from."""
    sites = SearchDocument.objects.exclude(outlet="").order_by().values_list("outlet", flat=True)
    feeds = (
        Feed.objects.filter(pk__in=SearchDocument.objects.values("feed_id")).order_by().values_list("name", flat=True)
    )
    return sorted(set(sites.union(feeds)))


def articles_unindexed(*, limit: int) -> list[uuid.UUID]:
    """Up to `limit` articles that have no search document yet (stored before search existed), by id: an
    anti-join of the articles' primary key with the documents' unique article index, so it stops at the
    `limit`-th and costs two index scans once every article is indexed."""
    indexed = SearchDocument.objects.filter(article=OuterRef("pk"))
    return list(Article.objects.filter(~Exists(indexed)).order_by("pk").values_list("pk", flat=True)[:limit])


def _filtered(filters: SearchFilters) -> QuerySet[SearchDocument]:
    documents = SearchDocument.objects.all()
    start = _day_start(filters.arrived_after) if filters.arrived_after else None
    if start is not None:
        documents = documents.filter(arrived_at__gte=start)
    end = _day_start(filters.arrived_before, days=1) if filters.arrived_before else None
    if end is not None:
        documents = documents.filter(arrived_at__lt=end)
    if filters.outlet:  # a feed's entries by the feed's name now, so a renamed feed needs no re-indexing
        documents = documents.filter(Q(outlet=filters.outlet, feed__isnull=True) | Q(feed__name=filters.outlet))
    if filters.feed_id is not None:
        documents = documents.filter(feed_id=filters.feed_id)
    if filters.language:
        documents = documents.filter(language=filters.language)
    if filters.review_state:
        documents = documents.filter(review_state=filters.review_state)
    if filters.flagged is True:
        documents = documents.filter(flagged_sentences__gt=0)
    elif filters.flagged is False:
        documents = documents.filter(flagged_sentences=0)
    return documents


def _day_start(day: date, *, days: int = 0) -> datetime | None:
    """Midnight `days` after the day, in TIME_ZONE; None past the calendar's ends (year 1 or 9999: no bound)."""
    try:
        moment = timezone.make_aware(datetime.combine(day + timedelta(days=days), time.min))
        moment.astimezone(UTC)  # the database compares in UTC
    except OverflowError:
        return None
    return moment


def _snippets(texts: dict, fragments: dict[str, str]) -> list[Snippet]:
    """The first fields with a match, in FIELDS' order (headline, editors' text, summary, translation, ...)."""
    shown = [name for name in FIELDS if name in fragments][:SNIPPETS_PER_RESULT]
    return [
        snippet_from_fragment(
            field=name, original=texts[name].text, language=texts[name].language, fragment=fragments[name]
        )
        for name in shown
    ]
