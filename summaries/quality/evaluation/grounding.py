"""How well grounding tells true translations from wrong ones, on held-out NTREX-128 ar-en documents.

Three kinds of English for each Arabic sentence: its true translation, a sentence from another document
(unrelated), and the true translation with one fact altered, by each kind of corruption the checker is
trained on (quality/evaluation/corruptions/: number, negation, name, antonym, roles, clause added or dropped,
date). Two methods are measured on the same sentences: "before", the embedding similarity lowered by
fixed penalties per mismatched fact, and "after", the learned checker (engines/checker/).
"""

import random
import time
from collections.abc import Callable

import numpy as np

from summaries.engines.checker.model import Checker
from summaries.engines.embeddings import Embedder
from summaries.engines.grounding import translation_scores
from summaries.quality.evaluation.corpora import Pair
from summaries.quality.evaluation.corruptions import KINDS, Example, training_examples
from summaries.quality.evaluation.metrics import roc_auc

# What the checker must reach on the held-out documents (issue: catch the wrong fact, word by word).
TARGETS = {
    "auc_altered": (">=", 0.90),
    "auc_altered_worst_kind": (">=", 0.85),
    "catch_rate_altered": (">=", 0.80),
    "false_flag_rate": ("<=", 0.05),
    "auc_mismatched": (">=", 0.99),
    "ms_per_pair": ("<", 30.0),
}


def split(pairs: list[Pair]) -> tuple[list[Pair], list[Pair]]:
    """(tuning, reported): documents alternate between the two, so neither sees the other's sentences."""
    documents = sorted({pair.document for pair in pairs})
    tuning = {document for position, document in enumerate(documents) if position % 2}
    return [p for p in pairs if p.document in tuning], [p for p in pairs if p.document not in tuning]


def evaluate(
    pairs: list[Pair], *, embedder: Embedder | None, threshold: float, checker: Checker | None, seed: int = 13
) -> dict:
    rng = random.Random(seed)
    examples = training_examples(pairs, seed=seed)
    true = [example for example in examples if example.kind == "true"]
    altered = [example for example in examples if example.kind != "true"]
    mismatched = [_other_document(pairs, index, rng) for index in range(len(pairs))]
    result: dict = {
        "pairs": len(pairs),
        "altered_pairs": {kind: sum(example.kind == kind for example in altered) for kind in KINDS},
    }
    if embedder is not None:
        embedder = _remembering(embedder)
        scorer = _similarity_scorer(embedder, threshold)
        result["before"] = {"method": "similarity minus fixed penalties"} | _report(
            scorer, true, mismatched, altered, threshold
        )
    if checker is not None:
        scorer = _checker_scorer(checker, embedder)
        report = _report(scorer, true, mismatched, altered, checker.threshold)
        result["after"] = {"method": "learned checker"} | report
        result["targets"] = {name: _target(name, report) for name in TARGETS}
    return result


Scorer = Callable[[list[str], list[str]], list[float]]


def _report(
    scorer: Scorer, true: list[Example], mismatched: list[str], altered: list[Example], threshold: float
) -> dict:
    started = time.perf_counter()
    true_scores = scorer([e.arabic for e in true], [e.english for e in true])
    elapsed = time.perf_counter() - started
    mismatched_scores = scorer([e.arabic for e in true], mismatched)
    altered_scores = scorer([e.arabic for e in altered], [e.english for e in altered])
    by_kind = {
        kind: [score for score, example in zip(altered_scores, altered, strict=True) if example.kind == kind]
        for kind in KINDS
    }
    auc_by_kind = {kind: round(roc_auc(true_scores, scores), 4) for kind, scores in by_kind.items() if scores}
    return {
        "threshold": threshold,
        "auc_mismatched": round(roc_auc(true_scores, mismatched_scores), 4),
        "auc_altered": round(roc_auc(true_scores, altered_scores), 4),
        "auc_altered_by_kind": auc_by_kind,
        "auc_altered_worst_kind": min(auc_by_kind.values()) if auc_by_kind else None,
        "false_flag_rate": round(_share_below(true_scores, threshold), 4),
        "catch_rate_mismatched": round(_share_below(mismatched_scores, threshold), 4),
        "catch_rate_altered": round(_share_below(altered_scores, threshold), 4),
        "catch_rate_by_kind": {
            kind: round(_share_below(scores, threshold), 4) for kind, scores in by_kind.items() if scores
        },
        "threshold_for_5pct_false_flags": round(float(np.percentile(true_scores, 5)), 4) if true_scores else None,
        "ms_per_pair": round(1000 * elapsed / max(1, len(true)), 2),
    }


def _remembering(embedder: Embedder) -> Embedder:
    """Each text embedded once: a source is scored against its true, unrelated and altered English."""
    known: dict[str, np.ndarray] = {}

    def embed(texts: list[str]) -> np.ndarray:
        new = [text for text in dict.fromkeys(texts) if text not in known]
        if new:
            known.update(zip(new, embedder(new), strict=True))
        return np.stack([known[text] for text in texts]) if texts else embedder([])

    return embed


def _similarity_scorer(embedder: Embedder, threshold: float) -> Scorer:
    def score(arabic: list[str], english: list[str]) -> list[float]:
        checked = translation_scores(arabic, english, embedder=embedder, threshold=threshold)
        if any(value is None for value in checked.scores):  # corpus lines and alterations are never empty
            raise ValueError("every pair needs an English sentence to be scored")
        return [float(value) for value in checked.scores if value is not None]

    return score


def _checker_scorer(checker: Checker, embedder: Embedder | None) -> Scorer:
    """The checker as the pipeline runs it, embeddings included when its features use them."""

    def score(arabic: list[str], english: list[str]) -> list[float]:
        checked = translation_scores(
            arabic,
            english,
            embedder=embedder if checker.uses_similarity else None,
            checker=checker,
            threshold=checker.threshold,
        )
        return [float(value) for value in checked.scores if value is not None]

    return score


def _target(name: str, report: dict) -> dict:
    comparison, goal = TARGETS[name]
    value = report[name]
    met = value is not None and (
        value >= goal if comparison == ">=" else value <= goal if comparison == "<=" else value < goal
    )
    return {"value": value, "target": f"{comparison} {goal}", "met": bool(met)}


def _share_below(scores: list[float], threshold: float) -> float:
    return sum(score < threshold for score in scores) / len(scores) if scores else float("nan")


def _other_document(pairs: list[Pair], index: int, rng: random.Random) -> str:
    while True:
        other = pairs[rng.randrange(len(pairs))]
        if other.document != pairs[index].document:
            return other.english
