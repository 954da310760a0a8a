"""One search document per article: what the filters read, and the stored search vector (PostgreSQL).

The texts themselves are indexed by the engine the database has (backends/): on PostgreSQL in `vector`
(a tsvector with a GIN index; `rank_vector` its small part that ranking reads), on SQLite in the FTS5 table `summaries_search_fts`, one row per document
under the document's id (SearchEntry maps it). Written only by services.py, in the transaction that
changed a text.
"""

from typing import Any

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from summaries.articles.models import Article
from summaries.feeds.models import Feed
from summaries.runs.models import Summary

FTS_TABLE = "summaries_search_fts"


class FtsColumn(models.TextField):
    """An FTS5 table's hidden column of the table's own name: the left side of `MATCH` (lookup `matches`)."""


@FtsColumn.register_lookup
class Matches(models.Lookup):
    lookup_name = "matches"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class SearchDocument(models.Model):
    """An article as search finds it: its newest run's state, and the columns the filters use (indexed)."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="search_document", verbose_name=_("article")
    )
    run = models.ForeignKey(
        Summary, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("newest run")
    )
    language = models.CharField(_("language"), max_length=8, blank=True, db_index=True)
    arrived_at = models.DateTimeField(_("arrived"), db_index=True, help_text=_("When the article was submitted."))
    outlet = models.CharField(
        _("outlet"),
        max_length=200,
        blank=True,
        db_index=True,
        help_text=_("The page's site name or the link's host; empty for a feed's entry (the feed names it)."),
    )
    feed = models.ForeignKey(Feed, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("feed"))
    review_state = models.CharField(
        _("review state"),
        max_length=24,
        blank=True,
        db_index=True,
        help_text=_("The newest run's review state once it is done; empty before and when it failed."),
    )
    flagged_sentences = models.PositiveIntegerField(_("flagged sentences"), default=0, db_index=True)
    headline = models.CharField(_("headline"), max_length=500, blank=True)
    headline_language = models.CharField(_("headline language"), max_length=8, blank=True)
    earlier_revisions = models.TextField(
        _("earlier revisions"), blank=True, help_text=_("Editors' texts replaced since, searched too.")
    )
    vector = SearchVectorField(null=True, editable=False)
    # The headline's, summaries' and editors' part of `vector` (weights A and B), a few hundred bytes kept in
    # the row: what a query matching thousands of documents is ranked by (backends/postgres.py).
    rank_vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(_("indexed"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return f"search document of {self.article_id}"


class SearchEntry(models.Model):
    """The FTS5 row of a document (SQLite only; the table is made by the migration there). `match` is the
    table's hidden column of its own name, the left side of MATCH; `rank` its bm25 score (lower is better)."""

    document = models.OneToOneField(
        SearchDocument, on_delete=models.DO_NOTHING, primary_key=True, db_column="rowid", related_name="fts"
    )
    match = FtsColumn(db_column=FTS_TABLE)
    rank = models.FloatField(db_column="rank")

    class Meta:
        managed = False
        db_table = FTS_TABLE

    def __str__(self) -> str:
        return f"index row of {self.document_id}"
