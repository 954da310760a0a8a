"""Where each summary sentence comes from, and how well each translation matches its source.

Summary sentences are linked to their closest source sentences by multilingual embeddings (TF-IDF over
the English without them). Each translated sentence is scored by the learned fact checker
(engines/checker/) when one is loaded: the probability that it says what its source says, with the words
it blames; otherwise by embedding similarity lowered by fixed penalties per mismatched fact. Anything
below its threshold is flagged for an editor to check. Text nobody can read (readability.py) scores 0
whatever those say.
"""

from dataclasses import asdict, dataclass, field

import numpy as np

from summaries.engines.blame import with_issue_words
from summaries.engines.checker.flags import WordFlag
from summaries.engines.checker.model import Checker
from summaries.engines.embeddings import Embedder
from summaries.engines.facts import (
    GLOSSARY_MISSING,
    NAME_ADDED,
    NEGATION_ADDED,
    NEGATION_DROPPED,
    NUMBER_ADDED,
    NUMBER_MISSING,
    FactIssue,
    check_facts,
)
from summaries.engines.glossary import Glossary
from summaries.engines.ranking import tfidf_similarity
from summaries.engines.readability import readability_issues

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
    words: list[WordFlag] = field(default_factory=list)


@dataclass(frozen=True)
class Grounding:
    method: str
    threshold: float
    summary: list[SummarySentence]
    translation_scores: list[float | None]
    translation_flags: list[bool]
    translation_issues: list[list[FactIssue]] = field(default_factory=list)
    translation_words: list[list[WordFlag]] = field(default_factory=list)
    translation_method: str = "similarity"  # or "checker": what translation_scores are
    translation_threshold: float | None = None

    def as_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class TranslationCheck:
    """Each translated sentence's score (None when not translated or not scored), facts and blamed words."""

    scores: list[float | None]
    issues: list[list[FactIssue]]
    words: list[list[WordFlag]]
    method: str
    threshold: float

    @property
    def flags(self) -> list[bool]:
        return [score is not None and score < self.threshold for score in self.scores]


def ground_abstractive(
    summary_sentences: list[str],
    sources: list[str],
    translations: list[str],
    *,
    embedder: Embedder | None,
    threshold: float,
    glossary: Glossary | None = None,
    checker: Checker | None = None,
    model_scores: list[float | None] | None = None,
) -> Grounding:
    """Support for a free-text summary: the closest source sentences to each summary sentence."""
    source_vectors = embedder(sources) if embedder is not None else None
    checked = translation_scores(
        sources,
        translations,
        embedder=embedder,
        source_vectors=source_vectors,
        glossary=glossary,
        checker=checker,
        threshold=threshold,
        model_scores=model_scores,
    )
    if embedder is not None and source_vectors is not None:  # both or neither: the vectors come from the embedder
        similarity = embedder(summary_sentences) @ source_vectors.T if summary_sentences and sources else None
        method = "embeddings"
    else:
        english = [translation or source for source, translation in zip(sources, translations, strict=True)]
        similarity = tfidf_similarity(summary_sentences + english)[: len(summary_sentences), len(summary_sentences) :]
        method = "tfidf"
    linked = [
        _links(text, None if similarity is None else similarity[row], threshold, sources, glossary, checker)
        for row, text in enumerate(summary_sentences)
    ]
    return _grounding(method, threshold, linked, checked)


def ground_extractive(
    selected: list[int],
    sources: list[str],
    translations: list[str],
    *,
    embedder: Embedder | None,
    threshold: float,
    glossary: Glossary | None = None,
    checker: Checker | None = None,
    model_scores: list[float | None] | None = None,
) -> Grounding:
    """Each summary sentence is the translation of exactly one source sentence: the link is exact."""
    checked = translation_scores(
        sources,
        translations,
        embedder=embedder,
        glossary=glossary,
        checker=checker,
        threshold=threshold,
        model_scores=model_scores,
    )
    summary = []
    for index in selected:
        scored = checked.scores[index]
        score = scored if scored is not None else 1.0
        text = translations[index] or sources[index]
        summary.append(
            SummarySentence(
                text,
                [index],
                [round(score, 4)],
                round(score, 4),
                score < checked.threshold,
                checked.issues[index],
                checked.words[index],
            )
        )
    method = "exact" if embedder is None and checker is None else "exact+" + checked.method
    return _grounding(method, threshold, summary, checked)


def _grounding(method: str, threshold: float, summary: list[SummarySentence], checked: TranslationCheck) -> Grounding:
    return Grounding(
        method,
        threshold,
        summary,
        checked.scores,
        checked.flags,
        checked.issues,
        checked.words,
        checked.method,
        checked.threshold,
    )


def translation_scores(
    sources: list[str],
    translations: list[str],
    *,
    embedder: Embedder | None,
    source_vectors: np.ndarray | None = None,
    glossary: Glossary | None = None,
    checker: Checker | None = None,
    threshold: float,
    model_scores: list[float | None] | None = None,
) -> TranslationCheck:
    """Support of each translated sentence by its source, the facts that did not match, the words to blame.

    With a checker the score is its probability that the sentence is faithful (and its threshold applies);
    without one, the cross-lingual embedding similarity minus a penalty per mismatched fact (None without
    embeddings).
    """
    pairs = [index for index, translation in enumerate(translations) if translation]
    scores: list[float | None] = [None] * len(sources)
    issues: list[list[FactIssue]] = [[] for _ in sources]
    words: list[list[WordFlag]] = [[] for _ in sources]
    similarities: dict[int, float] = {}
    if embedder is not None and pairs and (checker is None or checker.uses_similarity):
        vectors = embedder([sources[i] for i in pairs]) if source_vectors is None else source_vectors[pairs]
        target_vectors = embedder([translations[index] for index in pairs])
        similarities = dict(zip(pairs, np.sum(vectors * target_vectors, axis=1).tolist(), strict=True))
    if checker is not None:
        for index in pairs:
            verdict = checker.check(
                sources[index],
                translations[index],
                glossary=glossary,
                similarity=similarities.get(index),
                model_score=model_scores[index] if model_scores else None,
            )
            scores[index], issues[index] = verdict.score, verdict.analysis.issues
            words[index] = with_issue_words(translations[index], issues[index], verdict.words)
        return _unreadable_unsupported(
            TranslationCheck(scores, issues, words, "checker", checker.threshold), translations
        )
    for index in pairs:
        issues[index] = check_facts(sources[index], translations[index], glossary=glossary).issues
        words[index] = with_issue_words(translations[index], issues[index], [])
        if index in similarities:
            scores[index] = round(support_score(similarities[index], issues[index]), 4)
    method = "similarity" if similarities else "facts"
    return _unreadable_unsupported(TranslationCheck(scores, issues, words, method, threshold), translations)


def _unreadable_unsupported(checked: TranslationCheck, translations: list[str]) -> TranslationCheck:
    """A translation nobody can read (readability.py) scores 0, below any threshold, whatever the other
    signals said, with its own findings first."""
    for index, translation in enumerate(translations):
        unreadable = readability_issues(translation) if translation else []
        if unreadable:
            checked.scores[index] = 0.0
            checked.issues[index] = unreadable + checked.issues[index]
    return checked


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
    text: str,
    row: np.ndarray | None,
    threshold: float,
    sources: list[str],
    glossary: Glossary | None,
    checker: Checker | None,
) -> SummarySentence:
    """The closest source sentences; facts new to the summary (not in those sources) lower the support.

    The checker, when loaded, points at the words of the summary sentence those sources do not account for
    (its score is not used: it was trained on translations, and a summary sentence may leave most out)."""
    unreadable = readability_issues(text)
    if row is None or not len(row):
        return SummarySentence(text, [], [], 0.0, True, unreadable)
    best = [int(index) for index in np.argsort(-row)[:_TOP_SOURCES]]
    scores = {index: round(float(row[index]), 4) for index in best}
    context = " ".join(sources[index] for index in best)
    if checker is not None:
        analysis = checker.check(context, text, glossary=glossary, added_only=True).analysis
        issues, words = analysis.issues, analysis.words
    else:
        issues, words = check_facts(context, text, added_only=True, glossary=glossary).issues, []
    words = with_issue_words(text, issues, words)
    support = 0.0 if unreadable else round(support_score(scores[best[0]], issues), 4)
    ordered = sorted(best)
    return SummarySentence(
        text, ordered, [scores[index] for index in ordered], support, support < threshold, unreadable + issues, words
    )
