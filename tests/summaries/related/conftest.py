"""Vectors written the way services.py writes them, and a matrix cache emptied around every test."""

import numpy as np
import pytest

from summaries.articles.models import Article
from summaries.related import matrix
from summaries.related.models import DIMENSIONS, STORED_DTYPE, VECTOR_KIND, ArticleVector


@pytest.fixture(autouse=True)
def fresh_matrix():
    """Each test starts and ends with no vectors in memory (a rolled-back test's rows must not linger)."""
    matrix.clear_cache()
    yield
    matrix.clear_cache()


def unit(*weights: float) -> np.ndarray:
    """A normalized vector whose first dimensions are `weights`: cosines that a test can work out by hand."""
    vector = np.zeros(DIMENSIONS, dtype=np.float32)
    vector[: len(weights)] = weights
    return vector / np.linalg.norm(vector)


def store_vector(article: Article, vector: np.ndarray) -> ArticleVector:
    """A stored vector of the current model, replacing the article's earlier one as a new row."""
    ArticleVector.objects.filter(article=article).delete()
    return ArticleVector.objects.create(
        article=article, model=VECTOR_KIND, vector=np.asarray(vector, dtype=STORED_DTYPE).tobytes()
    )
