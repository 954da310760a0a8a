"""Metrics: ROC-AUC, ROUGE with an Arabic-aware tokenizer, chrF and BLEU."""

import re
import unicodedata

import numpy as np

_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None})


def roc_auc(positives: list[float], negatives: list[float]) -> float:
    """Probability that a positive scores above a negative (ties count half): the Mann-Whitney form."""
    if not positives or not negatives:
        return float("nan")
    pos, neg = np.asarray(positives)[:, None], np.asarray(negatives)[None, :]
    return float(np.mean((pos > neg) + 0.5 * (pos == neg)))


class ArabicTokenizer:
    """For rouge-score: no diacritics, alef/yeh/teh marbuta variants folded, words and digits only."""

    def tokenize(self, text: str) -> list[str]:
        stripped = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        return re.findall(r"\w+", stripped.lower().translate(_ARABIC_FOLD))


def rouge(prediction: str, reference: str) -> dict[str, float]:
    """ROUGE-1/2/L F-measures."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], tokenizer=ArabicTokenizer())
    scores = scorer.score(reference, prediction)
    return {
        "rouge1": scores["rouge1"].fmeasure,
        "rouge2": scores["rouge2"].fmeasure,
        "rougeL": scores["rougeL"].fmeasure,
    }


def chrf_bleu(hypotheses: list[str], references: list[str]) -> dict[str, float]:
    import sacrebleu

    return {
        "chrf": sacrebleu.corpus_chrf(hypotheses, [references]).score,
        "bleu": sacrebleu.corpus_bleu(hypotheses, [references]).score,
    }
