"""PostgreSQL's engine: what the rank vector holds, how a query with many matches is ranked on it, and the
ranking's plan (these run in the PostgreSQL pass only; the engine-neutral behaviour is test_selectors.py's)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from summaries.articles.models import Article
from summaries.search.backends import postgres
from summaries.search.models import SearchDocument
from summaries.search.selectors import search_articles
from tests.summaries.search.helpers import indexed_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text search"),
]


def lexemes(article: Article, column: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT unnest(tsvector_to_array({column})) FROM summaries_searchdocument WHERE article_id = %s",
            [article.pk],
        )
        return {row[0] for row in cursor.fetchall()}


def test_the_rank_vector_is_the_headline_and_summaries_part_of_the_vector():
    """Written with the vector: the headline's and the summary's words, not the original's or the translation's."""
    article = indexed_article(
        "Cairo hosts the summit\nLeaders met in Alexandria.", language="en", summary="Giza was calm.", translation=""
    )
    assert {"cairo", "giza"} <= lexemes(article, "rank_vector")
    assert "alexandria" not in lexemes(article, "rank_vector")
    assert {"cairo", "giza", "alexandria"} <= lexemes(article, "vector")


def test_past_the_limit_headline_and_summary_matches_come_first_then_the_newest(monkeypatch):
    """With more matches than FULL_RANK_LIMIT the ranking reads the rank vector: a headline, then a summary
    that names the word, then the articles that only mention it in the text, newest first."""
    monkeypatch.setattr(postgres, "FULL_RANK_LIMIT", 2)
    now = timezone.now()
    older = indexed_article("Markets were calm. Cairo was mentioned once, and Cairo again.", language="en")
    newer = indexed_article("Trade rose. A note on Cairo followed.", language="en")
    summary = indexed_article("Ports were busy this week.", language="en", summary="Cairo ports were busy.")
    headline = indexed_article("Cairo hosts the summit\nLeaders met for the summit.", language="en")
    for article, age in ((older, 4), (newer, 3), (summary, 2), (headline, 1)):
        SearchDocument.objects.filter(article=article).update(arrived_at=now - timedelta(days=age))
    hits = search_articles(query="Cairo").hits
    assert [hit.document.article for hit in hits] == [headline, summary, newer, older]
    assert hits[2].rank == hits[3].rank == 0.0
    monkeypatch.setattr(postgres, "FULL_RANK_LIMIT", 1000)  # within the limit the whole text counts again
    assert [hit.document.article for hit in search_articles(query="Cairo").hits][2:] == [older, newer]


def test_the_ranking_takes_the_gin_index():
    """Inside the ranking the planner may not read every document (a sequential scan reads every vector)."""
    indexed_article("Cairo news.", language="en")
    with postgres.PostgresBackend().ranking(), connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone() == ("off",)
