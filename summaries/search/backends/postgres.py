"""PostgreSQL: one stored tsvector per document (GIN index), each field parsed with its language's text
search configuration ('arabic' or 'english') and weighted (documents.WEIGHTS); ranked by ts_rank_cd.

A document's Arabic is stemmed by the arabic configuration and its English by the english one, so each
query word is looked up in both (`word` as the arabic and as the english configuration reads it): a query
may mix the two languages and still means "every term"."""

from functools import reduce

from django.contrib.postgres.search import SearchQuery as PgQuery
from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import F, QuerySet

from summaries.search.backends import MARK_END, MARK_START, MARKUP_BLANKS
from summaries.search.documents import FIELDS, WEIGHTS, DocumentTexts
from summaries.search.models import SearchDocument
from summaries.search.normalization import normalize
from summaries.search.query import SearchQuery, Term

CONFIGS = ("arabic", "english")
# ts_rank_cd's weights for D, C, B, A (original, translation, summaries, headline).
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
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
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE summaries_searchdocument SET vector = {vector} WHERE id = %s", rows)

    def optimize(self) -> None:
        """Fresh planner statistics for the table after a rebuild."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE summaries_searchdocument")

    def matching(self, documents: QuerySet[SearchDocument], query: SearchQuery) -> QuerySet[SearchDocument]:
        search = tsquery(query)
        return (
            documents.filter(vector=search)
            .annotate(rank=SearchRank(F("vector"), search, weights=RANK_WEIGHTS, cover_density=True))
            .order_by("-rank", "-arrived_at", "-pk")
        )

    def fragments(self, query: SearchQuery, documents: list[DocumentTexts]) -> dict[int, dict[str, str]]:
        """ts_headline over each field's folded text, all of a page's fields in one query."""
        ids, names, configs, texts = [], [], [], []
        for document in documents:
            for name in FIELDS:
                text = document.text(name)
                if text.text:
                    ids.append(document.document_id)
                    names.append(name)
                    configs.append(config_for(text.language))
                    texts.append(normalize(text.text).translate(MARKUP_BLANKS))
        if not ids:
            return {}
        query_sql, query_params = _compiled(tsquery(query))
        sql = (
            f"SELECT item.id, item.name, ts_headline(item.config::regconfig, item.text, {query_sql}, %s) "
            "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS item(id, name, config, text)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*query_params, HEADLINE_OPTIONS, ids, names, configs, texts])
            rows = cursor.fetchall()
        found: dict[int, dict[str, str]] = {}
        for document_id, name, fragment in rows:
            if MARK_START in fragment:
                found.setdefault(document_id, {})[name] = fragment
        return found


def _compiled(expression: PgQuery) -> tuple[str, list]:
    """The tsquery as SQL and parameters, to use outside the ORM's SELECT."""
    query = SearchDocument.objects.all().query
    compiler = query.get_compiler(connection=connection)
    sql, params = expression.resolve_expression(query).as_sql(compiler, connection)
    return sql, list(params)
