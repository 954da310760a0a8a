"""Where each summary sentence comes from, and how well each translation matches its source.

Scores are cosine similarities of multilingual embeddings: summary sentence vs. every source
sentence (cross-lingual), and each translated sentence vs. its own source. Anything below the
threshold is flagged for an editor to check. Without embeddings, summary sentences are matched to the
English translation by TF-IDF and translations are not scored.
"""

from dataclasses import asdict, dataclass

import numpy as np

from .embeddings import Embedder
from .ranking import tfidf_similarity

# How many supporting source sentences to keep per summary sentence.
_TOP_SOURCES = 3


@dataclass(frozen=True)
class SummarySentence:
    text: str
    sources: list[int]
    scores: list[float]
    support: float
    flagged: bool


@dataclass(frozen=True)
class Grounding:
    method: str
    threshold: float
    summary: list[SummarySentence]
    translation_scores: list[float | None]
    translation_flags: list[bool]

    def as_json(self) -> dict:
        return asdict(self)


def ground_abstractive(
    summary_sentences: list[str], sources: list[str], translations: list[str], *, embedder: Embedder | None,
    threshold: float,
) -> Grounding:
    """Support for a free-text summary: the closest source sentences to each summary sentence."""
    source_vectors = embedder(sources) if embedder is not None else None
    fidelity = translation_scores(sources, translations, embedder=embedder, source_vectors=source_vectors)
    if embedder is not None:
        similarity = embedder(summary_sentences) @ source_vectors.T if summary_sentences and sources else None
        method = "embeddings"
    else:
        english = [translation or source for source, translation in zip(sources, translations)]
        similarity = tfidf_similarity(summary_sentences + english)[: len(summary_sentences), len(summary_sentences) :]
        method = "tfidf"
    linked = [_links(text, None if similarity is None else similarity[row], threshold) for row, text in enumerate(summary_sentences)]
    return Grounding(method, threshold, linked, fidelity, _flags(fidelity, threshold))


def ground_extractive(
    selected: list[int], sources: list[str], translations: list[str], *, embedder: Embedder | None, threshold: float
) -> Grounding:
    """Each summary sentence is the translation of exactly one source sentence: the link is exact."""
    fidelity = translation_scores(sources, translations, embedder=embedder)
    summary = []
    for index in selected:
        score = fidelity[index] if fidelity[index] is not None else 1.0
        text = translations[index] or sources[index]
        summary.append(SummarySentence(text, [index], [round(score, 4)], round(score, 4), score < threshold))
    return Grounding("exact" if embedder is None else "exact+embeddings", threshold, summary, fidelity, _flags(fidelity, threshold))


def translation_scores(
    sources: list[str], translations: list[str], *, embedder: Embedder | None, source_vectors: np.ndarray | None = None
) -> list[float | None]:
    """Cross-lingual similarity of each translated sentence to its source (None when not translated)."""
    pairs = [index for index, translation in enumerate(translations) if translation]
    scores: list[float | None] = [None] * len(sources)
    if embedder is None or not pairs:
        return scores
    if source_vectors is None:
        source_vectors = embedder([sources[index] for index in pairs])
    else:
        source_vectors = source_vectors[pairs]
    target_vectors = embedder([translations[index] for index in pairs])
    for index, score in zip(pairs, np.sum(source_vectors * target_vectors, axis=1)):
        scores[index] = round(float(score), 4)
    return scores


def _links(text: str, row: np.ndarray | None, threshold: float) -> SummarySentence:
    if row is None or not len(row):
        return SummarySentence(text, [], [], 0.0, True)
    best = [int(index) for index in np.argsort(-row)[:_TOP_SOURCES]]
    scores = [round(float(row[index]), 4) for index in best]
    return SummarySentence(text, sorted(best), [scores[best.index(i)] for i in sorted(best)], scores[0], scores[0] < threshold)


def _flags(scores: list[float | None], threshold: float) -> list[bool]:
    return [score is not None and score < threshold for score in scores]
