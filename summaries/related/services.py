"""Writing article vectors: when the worker processes an article, and in batches for the articles before.

Only this module embeds articles for "similar articles"; with SUMMARIES_EMBEDDINGS off (or the model not
installed) nothing is written and the pages say similar articles are unavailable.

A stored vector is the e5 vector minus the mean vector of its language, normalized again. Raw e5 vectors
share a large common part and a part that says which language the text is in: two unrelated Arabic
articles score about as high as an Arabic article and its own English translation (of 120 FLORES-200
articles, 28 % of the Arabic ones had another Arabic article above their translation, 18 % of the English
ones). Without the language's mean, the translation comes first for all 120, both ways, and unrelated
pairs fall from about 0.8 to about 0 (data/language_means.json says where the means come from).
"""

import json
import logging
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from summaries.articles.models import Article
from summaries.engines.embeddings import first_window, get_embedder
from summaries.related.models import STORED_DTYPE, VECTOR_KIND, ArticleVector

logger = logging.getLogger(__name__)


def article_vectors_enabled() -> bool:
    """Whether vectors can be written here: embeddings on, and the model installed."""
    return get_embedder(settings.SUMMARIES_EMBEDDINGS) is not None


def article_vector_centred(vector: np.ndarray, language: str) -> np.ndarray:
    """The e5 vector without its language's mean, normalized: what is stored and compared. A language
    without a mean of its own (neither Arabic nor English) takes the two means' average."""
    means = _language_means()
    mean = means.get(language, (means["ar"] + means["en"]) / 2)
    centred = np.asarray(vector, dtype=np.float32) - mean
    return centred / max(float(np.linalg.norm(centred)), 1e-12)


@cache
def _language_means() -> dict[str, np.ndarray]:
    """The shipped means (read once: they are part of the code, like the fact checker's file)."""
    data = json.loads((Path(__file__).parent / "data" / "language_means.json").read_text())
    return {language: np.asarray(data[language], dtype=np.float32) for language in ("ar", "en")}


def article_vector_text(article: Article) -> str:
    """What the vector stands for: the page's headline, then the text's opening, within one model window."""
    headline = " ".join(article.headline.split())
    body = " ".join(article.source_text.split())
    return first_window(f"{headline}\n{body}" if headline else body)


def article_vector_save(*, article: Article) -> ArticleVector | None:
    """Embed the article and store its vector, replacing one of another model; None when embeddings are off
    or there is no text yet (a link not read). A re-run keeps the vector it has: the text has not changed."""
    kept = ArticleVector.objects.filter(article=article, model=VECTOR_KIND).first()
    if kept is not None:
        return kept
    saved = _embed_and_store([article])
    return saved[0] if saved else None


def article_vectors_backfill(*, batch_size: int = 64, on_batch: Callable[[int], None] | None = None) -> int:
    """Embed every article that has text but no vector of the current model, `batch_size` at a time, each
    batch stored in its own transaction (an interrupted backfill keeps what it did); returns how many."""
    done, after = 0, None
    while article_vectors_enabled():
        missing = _missing()
        batch = list((missing if after is None else missing.filter(pk__gt=after))[:batch_size])
        if not batch:
            return done
        after = batch[-1].pk  # by id, so a text that cannot be embedded (blank) is passed, not met again
        done += len(_embed_and_store(batch))
        if on_batch is not None:
            on_batch(done)
    return done


def article_vectors_missing_count() -> int:
    """How many articles with text have no vector of the current model (the backfill's work)."""
    return _missing().count()


def _missing() -> QuerySet[Article]:
    return (
        Article.objects.exclude(source_text="")
        .exclude(vector__model=VECTOR_KIND)
        .only("pk", "headline", "source_text")
        .order_by("pk")
    )


def _embed_and_store(articles: list[Article]) -> list[ArticleVector]:
    articles = [article for article in articles if article.source_text.strip()]
    embed = get_embedder(settings.SUMMARIES_EMBEDDINGS)
    if embed is None or not articles:
        return []
    vectors = np.asarray(embed([article_vector_text(article) for article in articles]), dtype=np.float32)
    rows = [
        ArticleVector(
            article=article,
            model=VECTOR_KIND,
            vector=article_vector_centred(vector, article.language).astype(STORED_DTYPE).tobytes(),
        )
        for article, vector in zip(articles, vectors, strict=True)
    ]
    with transaction.atomic():  # a new row, not an update: the in-memory matrices see it as new (matrix.py)
        ArticleVector.objects.filter(article__in=articles).delete()
        ArticleVector.objects.bulk_create(rows)
    logger.info("stored %d article vectors", len(rows))
    return rows
