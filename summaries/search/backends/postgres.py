"""PostgreSQL: one stored tsvector per document (GIN index), each field parsed with its language's text
search configuration ('arabic' or 'english') and weighted (documents.WEIGHTS); ranked by ts_rank_cd.

Ranking reads the vector of every match, and a document's vector is kilobytes kept out of line (TOAST): a
word found in a fifth of 100,000 articles took 200 ms to rank. So a query with more than FULL_RANK_LIMIT
matches is ranked on `rank_vector` instead, the headline's, summaries' and editors' part of the vector (a
few hundred bytes in the row): those matches come first as before, and the documents that match only in
the translation or the original follow newest first. Up to the limit the whole vector ranks, as always.

A document's Arabic is stemmed by the arabic configuration and its English by the english one, so each
query word is looked up in both (`word` as the arabic and as the english configuration reads it): a query
may mix the two languages and still means "every term"."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import reduce

from django.contrib.postgres.search import SearchQuery as PgQuery
from django.contrib.postgres.search import SearchRank
from django.db import connection, transaction
from django.db.models import Case, Exists, F, FloatField, QuerySet, Value, When

from summaries.search.backends import MARK_END, MARK_START, MARKUP_BLANKS
from summaries.search.documents import FIELDS, WEIGHTS, DocumentTexts
from summaries.search.models import SearchDocument
from summaries.search.normalization import normalize
from summaries.search.query import SearchQuery, Term

CONFIGS = ("arabic", "english")
# ts_rank_cd's weights for D, C, B, A (original, translation, summaries, headline).
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
# Past this many matches a query is ranked on the rank vector alone (see above).
FULL_RANK_LIMIT = 1000
# The rank vector: the weights of the headline, the summaries and the editors' texts.
RANK_VECTOR_WEIGHTS = "{a,b}"
HEADLINE_OPTIONS = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, MaxFragments=1"


def config_for(language: str) -> str:
    """The text search configuration a field in this language is parsed with."""
    return "arabic" if language == "ar" else "english"


def tsquery(query: SearchQuery) -> PgQuery:
    """Every term ANDed; each term the OR of its reading by the two configurations."""
    return reduce(lambda left, right: left & right, (_term(term) for term in query.terms))


def _term(term: Term) -> PgQuery:
    readings = []
    for config in CONFIGS:
        if term.is_phrase:
            readings.append(PgQuery(" ".join(term.words), config=config, search_type="phrase"))
        elif term.prefix:  # the word has letters and digits only, so it is safe inside the quotes
            readings.append(PgQuery(f"'{term.words[0]}':*", config=config, search_type="raw"))
        else:
            readings.append(PgQuery(term.words[0], config=config, search_type="plain"))
    return reduce(lambda left, right: left | right, readings)


class PostgresBackend:
    def write(self, documents: list[DocumentTexts]) -> None:
        if not documents:
            return
        vector = " || ".join(f"setweight(to_tsvector(%s::regconfig, %s), '{WEIGHTS[name]}')" for name in FIELDS)
        rows = []
        for document in documents:
            params: list[int | str] = []
            for name in FIELDS:
                text = document.text(name)
                params += [config_for(text.language), normalize(text.text)]
            rows.append([*params, document.document_id])
        sql = (
            "UPDATE summaries_searchdocument SET (vector, rank_vector) = "
            f"(SELECT v, ts_filter(v, '{RANK_VECTOR_WEIGHTS}') FROM (SELECT {vector} AS v) AS made) WHERE id = %s"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def optimize(self) -> None:
        """Fresh planner statistics for the table after a rebuild."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE summaries_searchdocument")

    def matching(self, documents: QuerySet[SearchDocument], query: SearchQuery) -> QuerySet[SearchDocument]:
        """Ranked on the whole vector up to FULL_RANK_LIMIT matches (the filters' included), past it on the
        rank vector: the database counts to the limit once (an InitPlan) and reads one vector or the other."""
        search = tsquery(_without_stop_words(query))
        matches = documents.filter(vector=search)
        many = Exists(matches.values("pk")[FULL_RANK_LIMIT : FULL_RANK_LIMIT + 1])
        ranked_small = Case(  # a document that matched in the translation or the original only scores 0
            When(
                rank_vector=search, then=SearchRank(F("rank_vector"), search, weights=RANK_WEIGHTS, cover_density=True)
            ),
            default=Value(0.0),
        )
        rank = Case(
            When(many, then=ranked_small),
            default=SearchRank(F("vector"), search, weights=RANK_WEIGHTS, cover_density=True),
            output_field=FloatField(),
        )
        return matches.annotate(rank=rank).order_by("-rank", "-arrived_at", "-pk")

    @contextmanager
    def ranking(self) -> Iterator[None]:
        """Left to itself the planner reads a common word's matches with a sequential scan (its estimate
        leaves out reading every document's vector out of line: 450 ms where the GIN index takes 15): told
        not to, for this transaction only (the caller's, when it has one)."""
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            yield

    def ranked(self, matching: QuerySet[SearchDocument], start: int, stop: int) -> list[tuple[int, float, int]]:
        """The scores are computed under a fence (OFFSET 0), so that counting every match (the window)
        holds ids, arrivals and scores, not the vectors the scores were read from (11 MB for a common
        word, 30 ms more)."""
        scores = matching.order_by().annotate(score=F("rank")).values_list("pk", "arrived_at", "score")
        inner, params = scores.query.sql_with_params()
        sql = (
            f"SELECT id, rank, COUNT(*) OVER () FROM ({inner} OFFSET 0) AS ranked (id, arrived_at, rank) "
            "ORDER BY rank DESC, arrived_at DESC, id DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, stop - start, start])
            return list(cursor.fetchall())

    def fragments(self, query: SearchQuery, documents: list[DocumentTexts]) -> dict[int, dict[str, str]]:
        """ts_headline over each field's folded text, all of a page's fields in one query; only over the
        fields of a weight in whose part of the stored vector a query word is (ts_filter), since parsing a
        whole original or translation for nothing was most of a page's snippets."""
        ids, names, configs, texts, weights = [], [], [], [], []
        for document in documents:
            for name in FIELDS:
                text = document.text(name)
                if text.text:
                    ids.append(document.document_id)
                    names.append(name)
                    configs.append(config_for(text.language))
                    texts.append(normalize(text.text).translate(MARKUP_BLANKS))
                    weights.append(WEIGHTS[name].lower())
        if not ids:
            return {}
        query_sql, query_params = _compiled(tsquery(query))
        any_sql, any_params = _compiled(reduce(lambda left, right: left | right, (_term(t) for t in query.terms)))
        sql = (
            f"SELECT item.id, item.name, ts_headline(item.config::regconfig, item.text, {query_sql}, %s) "
            'FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::"char"[]) '
            "AS item(id, name, config, text, weight) "
            "JOIN summaries_searchdocument AS document ON document.id = item.id "
            f"WHERE ts_filter(document.vector, ARRAY[item.weight]) @@ {any_sql}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*query_params, HEADLINE_OPTIONS, ids, names, configs, texts, weights, *any_params])
            rows = cursor.fetchall()
        found: dict[int, dict[str, str]] = {}
        for document_id, name, fragment in rows:
            if MARK_START in fragment:
                found.setdefault(document_id, {})[name] = fragment
        return found


def _without_stop_words(query: SearchQuery) -> SearchQuery:
    """The query without its single-word terms that the english configuration drops as stop words.

    English text is indexed without its stop words, so "the" (read by the arabic configuration as the word
    itself) would find no English text at all: such a term is left out, as websearch_to_tsquery leaves it
    out (SQLite's FTS5 keeps every word, and there it matches). A query of stop words only keeps them all.
    """
    words = sorted({term.words[0] for term in query.terms if not term.is_phrase and not term.prefix})
    if not words:
        return query
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM unnest(%s::text[]) AS word WHERE numnode(plainto_tsquery('english', word)) = 0", [words]
        )
        stop = {word for (word,) in cursor.fetchall()}
    kept = tuple(term for term in query.terms if term.is_phrase or term.prefix or term.words[0] not in stop)
    return SearchQuery(query.text, kept) if kept else query


def _compiled(expression: PgQuery) -> tuple[str, list]:
    """The tsquery as SQL and parameters, to use outside the ORM's SELECT."""
    query = SearchDocument.objects.all().query
    compiler = query.get_compiler(connection=connection)
    sql, params = expression.resolve_expression(query).as_sql(compiler, connection)
    return sql, list(params)
