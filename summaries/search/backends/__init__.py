"""The search engines behind one interface, chosen by the database in use: PostgreSQL's full-text search
(postgres.py) or SQLite's FTS5 (sqlite.py). Each writes a document's texts, finds and ranks documents for a
parsed query, and returns the best fragment of each field with its matches marked by \\x02 and \\x03
(snippets.py turns them into marks on the original text)."""

from contextlib import AbstractContextManager
from typing import Protocol

from django.db import connection
from django.db.models import QuerySet

from summaries.search.documents import DocumentTexts
from summaries.search.models import SearchDocument
from summaries.search.query import SearchQuery

MARK_START = "\x02"
MARK_END = "\x03"
# PostgreSQL's parser reads "<b>" as a tag and "&amp;" as an entity, which ts_headline leaves out of its
# fragment; read as blanks (one for one, so no offset moves) they separate words exactly as before.
MARKUP_BLANKS = str.maketrans("<>&", "   ")


class SearchBackend(Protocol):
    def write(self, documents: list[DocumentTexts]) -> None:
        """Index these documents' texts, replacing what was indexed for them before."""

    def optimize(self) -> None:
        """Tidy the index after many writes (the rebuild)."""

    def matching(self, documents: QuerySet[SearchDocument], query: SearchQuery) -> QuerySet[SearchDocument]:
        """The documents that match every term, best first."""

    def ranking(self) -> AbstractContextManager[None]:
        """Around the ranking queries: what the engine needs set for them."""

    def ranked(self, matching: QuerySet[SearchDocument], start: int, stop: int) -> list[tuple[int, float, int]]:
        """(id, score, number of matches) of the matching documents from `start` to `stop`, best first."""

    def fragments(self, query: SearchQuery, documents: list[DocumentTexts]) -> dict[int, dict[str, str]]:
        """By document id and field, the field's best fragment (folded text) with its matches marked; only
        the fields with a match."""


def search_backend() -> SearchBackend:
    """The engine of the database this process talks to."""
    if connection.vendor == "postgresql":
        from summaries.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    from summaries.search.backends.sqlite import SqliteBackend

    return SqliteBackend()
