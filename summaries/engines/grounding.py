"""Where each summary sentence comes from, and how well each translation matches its source.

Scores are cosine similarities of multilingual embeddings: summary sentence vs. every source
sentence (cross-lingual), and each translated sentence vs. its own source. Anything below the
threshold is flagged for an editor to check. Without embeddings, summary sentences are matched to the
English translation by TF-IDF and translations are not scored.
"""

from dataclasses import asdict, dataclass, field

import numpy as np

from .embeddings import Embedder
from .facts import (
    GLOSSARY_MISSING,
    NAME_ADDED,
    NEGATION_ADDED,
    NEGATION_DROPPED,
    NUMBER_ADDED,
    NUMBER_MISSING,
    FactIssue,
    check_facts,
)
from .glossary import Glossary
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
    issues: list[FactIssue] = field(default_factory=list)


@dataclass(frozen=True)
class Grounding:
    method: str
    threshold: float
    summary: list[SummarySentence]
    translation_scores: list[float | None]
    translation_flags: list[bool]
    translation_issues: list[list[FactIssue]] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)


def ground_abstractive(
    summary_sentences: list[str],
    sources: list[str],
    translations: list[str],
    *,
    embedder: Embedder | None,
    threshold: float,
    glossary: Glossary | None = None,
) -> Grounding:
    """Support for a free-text summary: the closest source sentences to each summary sentence."""
    source_vectors = embedder(sources) if embedder is not None else None
    fidelity, issues = translation_scores(
        sources, translations, embedder=embedder, source_vectors=source_vectors, glossary=glossary
    )
    if embedder is not None and source_vectors is not None:  # both or neither: the vectors come from the embedder
        similarity = embedder(summary_sentences) @ source_vectors.T if summary_sentences and sources else None
        method = "embeddings"
    else:
        english = [translation or source for source, translation in zip(sources, translations, strict=True)]
        similarity = tfidf_similarity(summary_sentences + english)[: len(summary_sentences), len(summary_sentences) :]
        method = "tfidf"
    linked = [
        _links(text, None if similarity is None else similarity[row], threshold, sources, glossary)
        for row, text in enumerate(summary_sentences)
    ]
    return Grounding(method, threshold, linked, fidelity, _flags(fidelity, threshold), issues)


def ground_extractive(
    selected: list[int],
    sources: list[str],
    translations: list[str],
    *,
    embedder: Embedder | None,
    threshold: float,
    glossary: Glossary | None = None,
) -> Grounding:
    """Each summary sentence is the translation of exactly one source sentence: the link is exact."""
    fidelity, issues = translation_scores(sources, translations, embedder=embedder, glossary=glossary)
    summary = []
    for index in selected:
        scored = fidelity[index]
        score = scored if scored is not None else 1.0
        text = translations[index] or sources[index]
        summary.append(
            SummarySentence(text, [index], [round(score, 4)], round(score, 4), score < threshold, issues[index])
        )
    method = "exact" if embedder is None else "exact+embeddings"
    return Grounding(method, threshold, summary, fidelity, _flags(fidelity, threshold), issues)


def translation_scores(
    sources: list[str],
    translations: list[str],
    *,
    embedder: Embedder | None,
    source_vectors: np.ndarray | None = None,
    glossary: Glossary | None = None,
) -> tuple[list[float | None], list[list[FactIssue]]]:
    """Support of each translated sentence by its source, and the facts that did not match.

    The score is the cross-lingual embedding similarity minus a penalty per mismatched fact (None when
    the sentence was not translated or there are no embeddings).
    """
    pairs = [index for index, translation in enumerate(translations) if translation]
    scores: list[float | None] = [None] * len(sources)
    issues: list[list[FactIssue]] = [[] for _ in sources]
    for index in pairs:
        issues[index] = check_facts(sources[index], translations[index], glossary=glossary).issues
    if embedder is None or not pairs:
        return scores, issues
    source_vectors = embedder([sources[index] for index in pairs]) if source_vectors is None else source_vectors[pairs]
    target_vectors = embedder([translations[index] for index in pairs])
    for index, similarity in zip(pairs, np.sum(source_vectors * target_vectors, axis=1), strict=True):
        scores[index] = round(support_score(float(similarity), issues[index]), 4)
    return scores, issues


# How much each kind of mismatched fact lowers the support score. Chosen on the NTREX tuning split as
# the largest penalties that keep true-vs-mismatched ROC-AUC at 0.99 or above: the checks also fire on
# some true pairs (names translated rather than transliterated, negation paraphrased), so heavier
# penalties would push good translations below unrelated ones. A missing glossary rendering weighs like a
# number: editors wrote the rule, so it rarely fires on a true pair, but it is not tuned on NTREX (no glossary).
PENALTIES = {
    NUMBER_MISSING: 0.04,
    NUMBER_ADDED: 0.04,
    NAME_ADDED: 0.02,
    NEGATION_DROPPED: 0.06,
    NEGATION_ADDED: 0.06,
    GLOSSARY_MISSING: 0.04,
}


def support_score(similarity: float, issues: list[FactIssue]) -> float:
    """Embedding similarity lowered for every fact that does not match."""
    return similarity - sum(PENALTIES[issue.kind] for issue in issues)


def _links(
    text: str, row: np.ndarray | None, threshold: float, sources: list[str], glossary: Glossary | None
) -> SummarySentence:
    """The closest source sentences; facts new to the summary (not in those sources) lower the support."""
    if row is None or not len(row):
        return SummarySentence(text, [], [], 0.0, True)
    best = [int(index) for index in np.argsort(-row)[:_TOP_SOURCES]]
    scores = {index: round(float(row[index]), 4) for index in best}
    issues = check_facts(" ".join(sources[index] for index in best), text, added_only=True, glossary=glossary).issues
    support = round(support_score(scores[best[0]], issues), 4)
    ordered = sorted(best)
    return SummarySentence(text, ordered, [scores[index] for index in ordered], support, support < threshold, issues)


def _flags(scores: list[float | None], threshold: float) -> list[bool]:
    return [score is not None and score < threshold for score in scores]
