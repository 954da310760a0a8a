"""Choosing the sentences that best represent an article (the extract-then-translate strategy).

TextRank over sentence similarities, with a mild preference for early sentences (news puts the
essentials first). Similarities come from multilingual embeddings, or from TF-IDF when those are
unavailable; both work on Arabic and English text.
"""

import math
import re
import unicodedata
from collections import Counter

import numpy as np

from summaries.engines.embeddings import Embedder

_WORD = re.compile(r"\w+")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ـ": None})


def select_sentences(sentences: list[str], count: int, *, embedder: Embedder | None) -> list[int]:
    """Indices of the `count` most central sentences, in article order."""
    if len(sentences) <= count:
        return list(range(len(sentences)))
    scores = rank_sentences(sentences, embedder=embedder)
    best = sorted(range(len(sentences)), key=lambda index: scores[index], reverse=True)[:count]
    return sorted(best)


def rank_sentences(sentences: list[str], *, embedder: Embedder | None) -> list[float]:
    """A centrality score per sentence (higher is more representative)."""
    similarity = embedding_similarity(sentences, embedder) if embedder else tfidf_similarity(sentences)
    centrality = textrank(similarity)
    position_prior = np.array([1.0 + 0.5 / (1 + index) for index in range(len(sentences))])
    return list(centrality * position_prior)


def embedding_similarity(sentences: list[str], embedder: Embedder) -> np.ndarray:
    vectors = embedder(sentences)
    return np.clip(vectors @ vectors.T, 0.0, None)


def tfidf_similarity(sentences: list[str]) -> np.ndarray:
    """Cosine similarity of TF-IDF vectors over normalised words (Arabic letter variants folded)."""
    documents = [Counter(words(sentence)) for sentence in sentences]
    vocabulary = sorted({word for document in documents for word in document})
    if not vocabulary:
        return np.zeros((len(sentences), len(sentences)))
    column = {word: index for index, word in enumerate(vocabulary)}
    frequency = Counter(word for document in documents for word in document)
    matrix = np.zeros((len(sentences), len(vocabulary)))
    for row, document in enumerate(documents):
        for word, count in document.items():
            matrix[row, column[word]] = count * math.log((1 + len(sentences)) / (1 + frequency[word]) + 1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = matrix / np.where(norms == 0, 1, norms)
    return matrix @ matrix.T


def words(text: str) -> list[str]:
    """Lower-cased words without diacritics, with alef/yeh/teh marbuta variants folded."""
    stripped = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    return _WORD.findall(stripped.lower().translate(_ARABIC_FOLD))


def textrank(similarity: np.ndarray, damping: float = 0.85, iterations: int = 50) -> np.ndarray:
    """PageRank over a sentence-similarity graph: how central each sentence is."""
    size = similarity.shape[0]
    weights = similarity.copy()
    np.fill_diagonal(weights, 0.0)
    totals = weights.sum(axis=1, keepdims=True)
    transition = np.where(totals == 0, 1.0 / size, weights / np.where(totals == 0, 1, totals))
    scores = np.full(size, 1.0 / size)
    for _ in range(iterations):
        scores = (1 - damping) / size + damping * transition.T @ scores
    return scores
