"""How well support scores separate true translations from wrong ones (NTREX-128 ar-en).

Three kinds of English for each Arabic sentence: its true translation, a sentence from another
document (mismatched), and the true translation with one fact altered (a number changed, a name
swapped for one from elsewhere in the corpus, a negation added or removed).
"""

import random
import re
from dataclasses import dataclass

import numpy as np

from ..engines.embeddings import Embedder
from ..engines.facts import english_names
from ..engines.grounding import translation_scores
from .corpora import Pair
from .metrics import roc_auc

_AUXILIARIES = r"\b(is|are|was|were|will|would|can|could|has|have|had|should|may|might|must|does|do|did)\b"


@dataclass(frozen=True)
class Altered:
    index: int
    kind: str
    english: str


def split(pairs: list[Pair]) -> tuple[list[Pair], list[Pair]]:
    """(tuning, reported): documents alternate between the two, so neither sees the other's sentences."""
    documents = sorted({pair.document for pair in pairs})
    tuning = {document for position, document in enumerate(documents) if position % 2}
    return [p for p in pairs if p.document in tuning], [p for p in pairs if p.document not in tuning]


def evaluate(pairs: list[Pair], *, embedder: Embedder | None, threshold: float, seed: int = 13) -> dict:
    rng = random.Random(seed)
    arabic = [pair.arabic for pair in pairs]
    true_english = [pair.english for pair in pairs]
    mismatched = [_other_document(pairs, index, rng) for index in range(len(pairs))]
    names = sorted({name for pair in pairs for name in english_names(pair.english)})
    altered = [item for index, pair in enumerate(pairs) for item in _alter(index, pair.english, names, rng)]
    vectors = embedder(arabic) if embedder is not None else None
    true_scores = _scores(arabic, true_english, embedder, vectors)
    mismatched_scores = _scores(arabic, mismatched, embedder, vectors)
    altered_scores = _scores(
        [arabic[a.index] for a in altered],
        [a.english for a in altered],
        embedder,
        vectors[[a.index for a in altered]] if vectors is not None else None,
    )
    by_kind = {
        kind: [score for score, item in zip(altered_scores, altered, strict=True) if item.kind == kind]
        for kind in ("number", "name", "negation")
    }
    return {
        "pairs": len(pairs),
        "altered_pairs": {kind: len(scores) for kind, scores in by_kind.items()},
        "threshold": threshold,
        "auc_mismatched": round(roc_auc(true_scores, mismatched_scores), 4),
        "auc_altered": round(roc_auc(true_scores, altered_scores), 4),
        "auc_altered_by_kind": {kind: round(roc_auc(true_scores, scores), 4) for kind, scores in by_kind.items()},
        "false_flag_rate": round(_share_below(true_scores, threshold), 4),
        "catch_rate_mismatched": round(_share_below(mismatched_scores, threshold), 4),
        "catch_rate_altered": round(_share_below(altered_scores, threshold), 4),
        "threshold_for_5pct_false_flags": round(float(np.percentile(true_scores, 5)), 4) if true_scores else None,
    }


def _scores(
    arabic: list[str], english: list[str], embedder: Embedder | None, vectors: np.ndarray | None
) -> list[float]:
    scores, issues = translation_scores(arabic, english, embedder=embedder, source_vectors=vectors)
    if embedder is None:  # facts only: 1 when everything matches, less per mismatch
        return [1.0 - 0.06 * len(found) for found in issues]
    scored = []
    for score in scores:
        if score is None:  # only an empty English side goes unscored; corpus lines and alterations never are
            raise ValueError("every pair needs an English sentence to be scored")
        scored.append(float(score))
    return scored


def _share_below(scores: list[float], threshold: float) -> float:
    return sum(score < threshold for score in scores) / len(scores) if scores else float("nan")


def _other_document(pairs: list[Pair], index: int, rng: random.Random) -> str:
    while True:
        other = pairs[rng.randrange(len(pairs))]
        if other.document != pairs[index].document:
            return other.english


def _alter(index: int, english: str, names: list[str], rng: random.Random) -> list[Altered]:
    """Every alteration that applies to this sentence, one fact changed in each."""
    altered = []
    numbers = list(re.finditer(r"\d+(?:[.,]\d+)?", english))
    if numbers:
        match = rng.choice(numbers)
        value = match.group(0)
        digit = rng.randrange(len(value))
        while not value[digit].isdigit():
            digit = rng.randrange(len(value))
        new_digit = str((int(value[digit]) + rng.randint(1, 8)) % 10)
        if digit == 0 and new_digit == "0" and len(value) > 1:
            new_digit = "9"
        changed = value[:digit] + new_digit + value[digit + 1 :]
        altered.append(Altered(index, "number", english[: match.start()] + changed + english[match.end() :]))
    own = english_names(english)
    if own and len(names) > 1:
        name = rng.choice(own)
        replacement = rng.choice([candidate for candidate in names if candidate != name])
        altered.append(Altered(index, "name", re.sub(rf"\b{re.escape(name)}\b", replacement, english)))
    altered.append(Altered(index, "negation", _flip_negation(english)))
    return [item for item in altered if item.english != english]


def _flip_negation(english: str) -> str:
    if re.search(r"\bnot\b", english):
        return re.sub(r"\s*\bnot\b", "", english, count=1)
    if "n't" in english:
        return english.replace("n't", "", 1)
    if re.search(r"\bnever\b", english):
        return re.sub(r"\bnever\b", "always", english, count=1)
    return re.sub(_AUXILIARIES, lambda match: f"{match.group(0)} not", english, count=1)
