"""The in-memory matrix of article vectors: read once, then only what changed, and emptied by clear_cache()."""

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from summaries.related import matrix
from summaries.related.models import ArticleVector
from tests.factories import make_article
from tests.summaries.related.conftest import store_vector, unit

pytestmark = pytest.mark.django_db


def read() -> tuple[matrix.Vectors, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        vectors = matrix.article_vectors()
    return vectors, [query["sql"] for query in captured.captured_queries]


def row_of(vectors: matrix.Vectors, article) -> np.ndarray:
    return vectors.matrix[vectors.positions[article.pk]]


class TestArticleVectors:
    def test_the_stored_vectors_are_read_as_one_float32_matrix(self):
        first, second = make_article(source_text="أ" * 90), make_article(source_text="ب" * 90)
        store_vector(first, unit(1, 0))
        store_vector(second, unit(0.6, 0.8))
        vectors, queries = read()
        assert len(queries) == 2  # how the rows stand, then every row
        assert vectors.matrix.dtype == np.float32 and vectors.matrix.shape == (2, 384)
        assert np.allclose(row_of(vectors, second)[:2], [0.6, 0.8], atol=1e-3)
        assert set(vectors.article_ids) == {first.pk, second.pk}

    def test_an_unchanged_table_costs_one_small_query(self):
        store_vector(make_article(source_text="أ" * 90), unit(1, 0))
        read()
        vectors, queries = read()
        assert len(queries) == 1 and "MAX" in queries[0].upper() and "COUNT" not in queries[0].upper()
        assert len(vectors.article_ids) == 1

    def test_new_rows_are_read_alone_and_added(self):
        first = make_article(source_text="أ" * 90)
        store_vector(first, unit(1, 0))
        read()
        added = make_article(source_text="ب" * 90)
        row = store_vector(added, unit(0, 1))
        vectors, queries = read()
        assert len(queries) == 2
        assert f"> {row.pk - 1}" in queries[1] or f">{row.pk - 1}" in queries[1]  # only the rows after those read
        assert len(vectors.matrix) == 2
        assert np.allclose(row_of(vectors, first)[:2], [1, 0]) and np.allclose(row_of(vectors, added)[:2], [0, 1])

    def test_a_rewritten_vector_replaces_the_old_one(self):
        article = make_article(source_text="أ" * 90)
        store_vector(article, unit(1, 0))
        read()
        store_vector(article, unit(0, 1))
        vectors, _queries = read()
        assert vectors.article_ids == [article.pk]
        assert np.allclose(row_of(vectors, article)[:2], [0, 1])

    def test_deleting_the_newest_vector_reads_everything_again(self):
        kept, deleted = make_article(source_text="أ" * 90), make_article(source_text="ب" * 90)
        store_vector(kept, unit(1, 0))
        store_vector(deleted, unit(0, 1))
        read()
        deleted.delete()
        vectors, queries = read()
        assert len(queries) == 2  # the newest id fell: everything is read again
        assert vectors.article_ids == [kept.pk] and len(vectors.matrix) == 1

    def test_vectors_of_another_model_are_left_out(self):
        store_vector(make_article(source_text="أ" * 90), unit(1, 0))
        ArticleVector.objects.update(model="another-model")
        vectors, _queries = read()
        assert vectors.article_ids == [] and vectors.matrix.shape == (0, 384)

    def test_clear_cache_forgets_the_matrix(self):
        store_vector(make_article(source_text="أ" * 90), unit(1, 0))
        read()
        matrix.clear_cache()
        _vectors, queries = read()
        assert len(queries) == 2

    def test_growing_past_the_first_allocation_keeps_every_row(self):
        articles = [make_article(source_text=f"مقال {number} " * 20) for number in range(70)]
        for number, article in enumerate(articles[:3]):
            store_vector(article, unit(1, number))
        read()
        for number, article in enumerate(articles[3:], start=3):
            store_vector(article, unit(1, number))
        vectors, _queries = read()
        assert len(vectors.matrix) == 70
        for number, article in enumerate(articles):
            assert np.allclose(row_of(vectors, article), unit(1, number), atol=2e-3)
