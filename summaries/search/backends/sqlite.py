"""SQLite: an FTS5 table (made by the migration) holding each document's folded texts, one column per field,
English stemmed by the porter tokenizer over unicode61; ranked by bm25 with the column weights the
migration set (the table's `rank`)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.models import Count, F, QuerySet, Window

from summaries.search.backends import MARK_START
from summaries.search.documents import FIELDS, DocumentTexts
from summaries.search.models import FTS_TABLE, SearchDocument
from summaries.search.normalization import normalize
from summaries.search.query import SearchQuery, Term

SNIPPET_TOKENS = 24


def match_expression(query: SearchQuery) -> str:
    """The FTS5 MATCH text: each word in double quotes (so nothing typed is read as FTS5 syntax), a prefix
    marked after its closing quote, a phrase as one quoted string, the terms joined by AND."""
    return " AND ".join(_term(term) for term in query.terms)


def _term(term: Term) -> str:
    quoted = '"' + " ".join(term.words).replace('"', '""') + '"'
    return f"{quoted} *" if term.prefix else quoted


class SqliteBackend:
    def write(self, documents: list[DocumentTexts]) -> None:
        if not documents:
            return
        ids = [document.document_id for document in documents]
        columns = ", ".join(FIELDS)
        rows: list[list[int | str]] = [
            [document.document_id, *(normalize(document.text(name).text) for name in FIELDS)] for document in documents
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids)
            placeholders = ", ".join(["%s"] * (len(FIELDS) + 1))
            cursor.executemany(f"INSERT INTO {FTS_TABLE} (rowid, {columns}) VALUES ({placeholders})", rows)

    def optimize(self) -> None:
        """Merge the FTS5 index's segments into one (after a rebuild: fewer segments, faster queries)."""
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")

    def matching(self, documents: QuerySet[SearchDocument], query: SearchQuery) -> QuerySet[SearchDocument]:
        return (
            documents.filter(fts__match__matches=match_expression(query))
            .annotate(rank=F("fts__rank"))
            .order_by("rank", "-arrived_at", "-pk")  # bm25: lower is better
        )

    @contextmanager
    def ranking(self) -> Iterator[None]:
        """Nothing to set: FTS5 ranks from its own index."""
        yield

    def ranked(self, matching: QuerySet[SearchDocument], start: int, stop: int) -> list[tuple[int, float, int]]:
        return list(matching.annotate(total=Window(Count("pk"))).values_list("pk", "rank", "total")[start:stop])

    def fragments(self, query: SearchQuery, documents: list[DocumentTexts]) -> dict[int, dict[str, str]]:
        if not documents:
            return {}
        ids = [document.document_id for document in documents]
        snippets = ", ".join(
            f"snippet({FTS_TABLE}, {index}, char(2), char(3), '', {SNIPPET_TOKENS})" for index in range(len(FIELDS))
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, {snippets} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                f"AND rowid IN ({', '.join(['%s'] * len(ids))})",
                [match_expression(query), *ids],
            )
            rows = cursor.fetchall()
        return {
            row[0]: {name: fragment for name, fragment in zip(FIELDS, row[1:], strict=True) if MARK_START in fragment}
            for row in rows
        }
