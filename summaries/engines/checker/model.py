"""The trained checker: boosted decision trees over the features, with the lexicon they need, in one file.

Trees, because the signals interact (an unmatched name matters less in a sentence the lexicon covers well)
and counts are not linear evidence. Parameters are JSON (numbers and words, no pickle): loading runs no
code, and the worker needs neither scikit-learn nor numpy to score. `manage.py train_checker` writes it
(quality/checker_training.py).
"""

import gzip
import json
import logging
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from summaries.engines.checker.features import MODEL_SCORE, Analysis, analyze
from summaries.engines.checker.flags import WordFlag
from summaries.engines.checker.lexicon import Lexicon

if TYPE_CHECKING:
    from summaries.engines.glossary import Glossary

logger = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "checker.json.gz"


@dataclass(frozen=True)
class Verdict:
    """How likely the English is a faithful rendering of the source (0..1), and the words blamed."""

    score: float
    analysis: Analysis

    @property
    def words(self) -> list[WordFlag]:
        return self.analysis.words


class Checker:
    """Scores (source, English) pairs; `threshold` is the score under which a sentence is flagged."""

    def __init__(self, params: dict) -> None:
        self.params = params
        self.features: list[str] = list(params["features"])
        self.baseline: float = params["baseline"]
        self.trees: list[list[list[float]]] = params["trees"]
        self.threshold: float = params["threshold"]
        self.lexicon = Lexicon.from_json(params["lexicon"])

    @property
    def uses_similarity(self) -> bool:
        return "similarity" in self.features

    @property
    def uses_model_score(self) -> bool:
        return MODEL_SCORE in self.features

    def check(
        self,
        arabic: str,
        english: str,
        *,
        glossary: "Glossary | None" = None,
        similarity: float | None = None,
        model_score: float | None = None,
        added_only: bool = False,
    ) -> Verdict:
        analysis = analyze(
            arabic,
            english,
            lexicon=self.lexicon,
            glossary=glossary,
            similarity=similarity,
            model_score=model_score,
            added_only=added_only,
        )
        return Verdict(round(self.probability(analysis.values), 4), analysis)

    def probability(self, values: dict[str, float]) -> float:
        """P(faithful): the trees' summed leaves through the logistic function. Each node is
        [feature, threshold, left, right, leaf value, missing goes left]; a feature the caller could not
        compute is missing, and takes the branch training sent missing values down."""
        row = [values.get(name) for name in self.features]
        z = self.baseline
        for tree in self.trees:
            node = tree[0]
            while node[2] >= 0:
                value = row[int(node[0])]
                left = bool(node[5]) if value is None else value <= node[1]
                node = tree[int(node[2] if left else node[3])]
            z += node[4]
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def save(params: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(params, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    path.write_bytes(gzip.compress(data, mtime=0))  # mtime 0: the same parameters give the same bytes


def load(path: Path) -> Checker:
    return Checker(json.loads(gzip.decompress(path.read_bytes())))


@cache
def get_checker(path: str = "") -> Checker | None:
    """The checker at `path` (the shipped one by default), or None when the file is missing or unreadable:
    grounding then falls back to embedding similarity and fixed penalties."""
    target = Path(path) if path else DEFAULT_PATH
    try:
        return load(target)
    except (OSError, ValueError, KeyError) as exc:
        logger.warning("fact checker unavailable at %s (%s); using similarity and fixed penalties", target, exc)
        return None


def fact_checker() -> Checker | None:
    """The checker the settings ask for: FACT_CHECKER off gives None, a path loads that file."""
    from django.conf import settings

    if not settings.SUMMARIES_FACT_CHECKER:
        return None
    return get_checker(settings.SUMMARIES_FACT_CHECKER_PATH)
