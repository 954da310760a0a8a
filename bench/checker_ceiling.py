"""How far the fact checker's signals can go: one specialist per corruption kind, told which kind it faces.

The shipped checker gives one score and does not know which fact, if any, was altered. This script asks
what the same signals could do with that knowledge: for each kind, boosted trees (the shipped learner)
trained on the true pairs and that kind's corruptions only, then scored on the held-out NTREX documents
against the held-out true pairs. A kind-blind checker cannot do better than these specialists, so their
figures bound what any way of combining these signals can reach: where a specialist misses the issue's
targets, the signals (not the learner) are what falls short. Takes about five minutes here.

    .venv/bin/python bench/checker_ceiling.py [--json] [--limit N]
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")

import django

django.setup()

import numpy as np  # noqa: E402

from summaries.engines.checker.features import FEATURES  # noqa: E402
from summaries.quality import checker_training  # noqa: E402
from summaries.quality.evaluation import corpora  # noqa: E402
from summaries.quality.evaluation.corruptions import KINDS, training_examples  # noqa: E402
from summaries.quality.evaluation.grounding import split  # noqa: E402
from summaries.quality.evaluation.metrics import roc_auc  # noqa: E402

FALSE_FLAGS = 0.05  # the allowance: catch rates are read at the score flagging 5 % of true pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    parser.add_argument("--limit", type=int, help="At most N training and N held-out pairs (a quick check).")
    arguments = parser.parse_args()
    options = checker_training.Options(limit=arguments.limit)
    features = [name for name in FEATURES if name != "similarity"]
    pairs = checker_training.training_pairs(options.limit)
    examples, matrix, _folds = checker_training.training_matrix(pairs, options, features)
    kinds = np.array([example.kind for example in examples])
    _tuning, reported = split(corpora.ntrex_pairs())
    held = training_examples(reported[: arguments.limit] if arguments.limit else reported, seed=options.seed)
    lexicon = checker_training.lexicon_from(pairs)
    held_matrix = checker_training.feature_matrix(held, lexicon, features=features)
    held_kinds = np.array([example.kind for example in held])
    true = held_kinds == "true"
    blind = checker_training.fitted(options.seed, features, matrix, (kinds == "true").astype(int))
    blind_scores = blind.predict_proba(held_matrix)[:, 1]
    report: dict[str, dict] = {}
    for kind in KINDS:
        rows = (kinds == "true") | (kinds == kind)
        specialist = checker_training.fitted(options.seed, features, matrix[rows], (kinds[rows] == "true").astype(int))
        scores = specialist.predict_proba(held_matrix[true | (held_kinds == kind)])[:, 1]
        mask = held_kinds[true | (held_kinds == kind)]
        if not (held_kinds == kind).any() or not (kinds == kind).any():
            continue
        report[kind] = {
            "pairs": int((held_kinds == kind).sum()),
            "specialist": _figures(scores[mask == "true"], scores[mask == kind]),
            "kind_blind": _figures(blind_scores[true], blind_scores[held_kinds == kind]),
        }
    total = sum(entry["pairs"] for entry in report.values())
    summary = {
        method: {
            "auc": round(min(entry[method]["auc"] for entry in report.values()), 4),
            "caught": round(sum(entry["pairs"] * entry[method]["caught"] for entry in report.values()) / total, 4),
        }
        for method in ("specialist", "kind_blind")
    }
    result = {"held_out_true_pairs": int(true.sum()), "by_kind": report, "worst_auc_and_caught_overall": summary}
    if arguments.json:
        print(json.dumps(result, indent=2))
        return
    print(f"held-out true pairs: {int(true.sum())}; caught = share flagged at {FALSE_FLAGS:.0%} false flags")
    print(f"{'kind':15} {'pairs':>5}  {'specialist AUC':>14} {'caught':>6}  {'kind-blind AUC':>14} {'caught':>6}")
    for kind, entry in report.items():
        special, blind_figures = entry["specialist"], entry["kind_blind"]
        print(
            f"{kind:15} {entry['pairs']:5d}  {special['auc']:14.3f} {special['caught']:6.1%}"
            f"  {blind_figures['auc']:14.3f} {blind_figures['caught']:6.1%}"
        )
    print(
        f"{'worst / overall':15} {total:5d}  {summary['specialist']['auc']:14.3f} {summary['specialist']['caught']:6.1%}"
        f"  {summary['kind_blind']['auc']:14.3f} {summary['kind_blind']['caught']:6.1%}"
    )


def _figures(true_scores: np.ndarray, altered_scores: np.ndarray) -> dict:
    cut = float(np.quantile(true_scores, FALSE_FLAGS))
    return {
        "auc": round(roc_auc(true_scores.tolist(), altered_scores.tolist()), 4),
        "caught": round(float((altered_scores < cut).mean()), 4),
    }


if __name__ == "__main__":
    main()
