"""Train the fact checker: corrupted translations as negatives, a lexicon from the true pairs, boosted trees.

The FactCC recipe made cross-lingual. Training data is every parallel corpus in ../shared except the NTREX
documents the evaluation reports on (`split` in quality/evaluation/grounding.py), so held-out figures stay
held out. The lexicon is learned from the true pairs; the learner sees features computed with lexicons
learned on the *other* folds (cross-fitting), because a table learned on a sentence knows that sentence's
words and would make every true training pair look perfectly supported. The learner is scikit-learn's
HistGradientBoostingClassifier; the file ships its trees as plain lists, which the worker walks with numpy
(engines/checker/model.py: the leaves summed, through the logistic function). Everything is seeded and the
inputs are hashed, so the same inputs give the same file and CI retrains only when they change.
"""

import hashlib
import logging
import platform
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

from summaries.engines.checker.alignment import translation_table
from summaries.engines.checker.features import DIRECTION, FEATURES, MODEL_SCORE, analyze
from summaries.engines.checker.lexicon import Lexicon
from summaries.engines.checker.tokens import arabic_content, english_content
from summaries.engines.embeddings import Embedder
from summaries.quality.evaluation import corpora
from summaries.quality.evaluation.corruptions import Example, training_examples
from summaries.quality.evaluation.grounding import split

logger = logging.getLogger(__name__)

SEED = 13
_FOLDS = 4
# The default threshold lets this share of true news pairs (the NTREX training documents, out of fold) be
# flagged: the 5 % the issue allows. News only: long sentences full of names score lower than FLORES, TICO
# or Tatoeba lines, and a threshold set on all of them flagged 7 % of held-out news. Out of fold, with a
# lexicon learned on three quarters of the data, pairs score lower than new ones scored with the whole
# lexicon, so held-out news comes out under 5 % (3.5 % when this was set).
_FALSE_FLAGS = 0.05
# The code whose change changes the trained file (with the corpora and the seed).
_CODE = (
    "engines/checker/alignment.py",
    "engines/checker/dates.py",
    "engines/checker/features.py",
    "engines/checker/flags.py",
    "engines/checker/lexicon.py",
    "engines/checker/names.py",
    "engines/checker/tokens.py",
    "engines/antonyms.py",
    "engines/facts/__init__.py",
    "engines/facts/issues.py",
    "engines/facts/names.py",
    "engines/facts/negation.py",
    "engines/facts/numbers.py",
    "engines/glossary.py",
    "quality/evaluation/corpora.py",
    "quality/evaluation/corruptions/__init__.py",
    "quality/evaluation/corruptions/base.py",
    "quality/evaluation/corruptions/clauses.py",
    "quality/evaluation/corruptions/dates.py",
    "quality/evaluation/corruptions/entities.py",
    "quality/evaluation/corruptions/negation.py",
    "quality/evaluation/corruptions/numbers.py",
    "quality/checker_training.py",
)
_CORPUS_FILES = (
    "ntrex128-ar-en/newstest2019-ref.arb.txt",
    "ntrex128-ar-en/newstest2019-src.eng.txt",
    "ntrex128-ar-en/DOCUMENT_IDS.tsv",
    "flores200-arb-eng/arb_Arab.dev",
    "flores200-arb-eng/eng_Latn.dev",
    "flores200-arb-eng/metadata_dev.tsv",
    "flores200-arb-eng/arb_Arab.devtest",
    "flores200-arb-eng/eng_Latn.devtest",
    "flores200-arb-eng/metadata_devtest.tsv",
    "tico19-ara-eng/tico19-test.ara",
    "tico19-ara-eng/tico19-test.eng",
    "tatoeba-laser-ar-en/tatoeba.ara-eng.ara",
    "tatoeba-laser-ar-en/tatoeba.ara-eng.eng",
)

ModelScorer = Callable[[list[str], list[str]], list[float]]


@dataclass(frozen=True)
class Options:
    seed: int = SEED
    limit: int | None = None  # at most this many training pairs (tests)
    similarity: bool = False  # the e5 similarity as a feature (slow to compute: ~30 ms a sentence here)


def training_pairs(limit: int | None = None) -> list[corpora.Pair]:
    """Every parallel pair except the NTREX documents the evaluation reports on."""
    tuning, _reported = split(corpora.ntrex_pairs())
    pairs = corpora.flores_pairs() + corpora.tico_pairs() + corpora.tatoeba_pairs() + tuning
    return pairs[:limit] if limit else pairs


def inputs_digest(options: Options, *, model_score: bool = False) -> str:
    """SHA-256 over the corpora, the training code and the options: equal digests, equal files."""
    digest = hashlib.sha256(repr((options, model_score, sorted(FEATURES))).encode())
    for name in _CORPUS_FILES:
        digest.update(name.encode() + (corpora.shared_dir() / "corpora" / name).read_bytes())
    package = Path(__file__).resolve().parents[1]
    for name in _CODE:
        digest.update(name.encode() + (package / name).read_bytes())
    return digest.hexdigest()


def lexicon_from(pairs: Sequence[corpora.Pair]) -> Lexicon:
    arabic = [[word.stem for word in arabic_content(pair.arabic)] for pair in pairs]
    english = [[word.stem for word in english_content(pair.english)] for pair in pairs]
    return Lexicon.from_tables(translation_table(arabic, english), translation_table(english, arabic))


def feature_matrix(
    examples: Sequence[Example],
    lexicon: Lexicon,
    *,
    features: Sequence[str],
    embedder: Embedder | None = None,
    model_scorer: ModelScorer | None = None,
) -> np.ndarray:
    similarities = _similarities(examples, embedder) if embedder is not None else [None] * len(examples)
    scores: list[float | None] = (
        list(model_scorer([e.arabic for e in examples], [e.english for e in examples]))
        if model_scorer is not None
        else [None] * len(examples)
    )
    rows = []
    for example, similarity, score in zip(examples, similarities, scores, strict=True):
        values = analyze(
            example.arabic, example.english, lexicon=lexicon, similarity=similarity, model_score=score
        ).values
        rows.append([values[name] for name in features])
    return np.asarray(rows, dtype=np.float64)


def train(options: Options, *, embedder: Embedder | None = None, model_scorer: ModelScorer | None = None) -> dict:
    """The checker's parameters, with the record of how they were made."""
    from sklearn.metrics import roc_auc_score

    features = [name for name in FEATURES if options.similarity or name != "similarity"]
    if model_scorer is not None:
        features.append(MODEL_SCORE)
    digest = inputs_digest(options, model_score=model_scorer is not None)  # the inputs as training starts
    pairs = training_pairs(options.limit)
    examples, matrix, folds = training_matrix(
        pairs, options, features, embedder=embedder if options.similarity else None, model_scorer=model_scorer
    )
    documents = sorted({pair.document for pair in pairs})
    labels = np.array([example.kind == "true" for example in examples], dtype=int)
    out_of_fold = np.zeros(len(examples))
    for fold in range(_FOLDS):
        learner = fitted(options.seed, features, matrix[folds != fold], labels[folds != fold])
        out_of_fold[folds == fold] = learner.predict_proba(matrix[folds == fold])[:, 1]
    learner = fitted(options.seed, features, matrix, labels)
    news = np.array([corpora.is_ntrex(example.document) for example in examples]) & (labels == 1)
    threshold = float(np.quantile(out_of_fold[news if news.any() else labels == 1], _FALSE_FLAGS))
    kinds = sorted({example.kind for example in examples} - {"true"})
    return {
        "format": 1,
        "features": features,
        **export_trees(learner),
        "threshold": round(threshold, 4),
        "lexicon": lexicon_from(pairs).as_json(),
        "trained": {
            "seed": options.seed,
            "inputs_sha256": digest,
            "corpora": {name: _sha256(corpora.shared_dir() / "corpora" / name) for name in _CORPUS_FILES},
            "versions": _versions(),
            "pairs": len(pairs),
            "documents": len(documents),
            "examples": {kind: int(sum(e.kind == kind for e in examples)) for kind in ["true", *kinds]},
            "cross_validated_auc": {
                kind: round(
                    float(
                        roc_auc_score(
                            labels[(labels == 1) | _kind_mask(examples, kind)],
                            out_of_fold[(labels == 1) | _kind_mask(examples, kind)],
                        )
                    ),
                    4,
                )
                for kind in kinds
            },
        },
    }


def training_matrix(
    pairs: Sequence[corpora.Pair],
    options: Options,
    features: Sequence[str],
    *,
    embedder: Embedder | None = None,
    model_scorer: ModelScorer | None = None,
) -> tuple[list[Example], np.ndarray, np.ndarray]:
    """The training examples, their features cross-fitted (each fold's rows computed with a lexicon learned
    on the other folds), and each example's fold."""
    documents = sorted({pair.document for pair in pairs})
    fold_of = {document: index % _FOLDS for index, document in enumerate(documents)}
    examples = training_examples(pairs, seed=options.seed) + unrelated_examples(pairs, seed=options.seed)
    matrix = np.zeros((len(examples), len(features)))
    for fold in range(_FOLDS):
        lexicon = lexicon_from([pair for pair in pairs if fold_of[pair.document] != fold])
        rows = [index for index, example in enumerate(examples) if fold_of[example.document] == fold]
        matrix[rows] = feature_matrix(
            [examples[index] for index in rows],
            lexicon,
            features=features,
            embedder=embedder,
            model_scorer=model_scorer,
        )
        logger.info("fold %d of %d: %d examples", fold + 1, _FOLDS, len(rows))
    return examples, matrix, np.array([fold_of[example.document] for example in examples])


def unrelated_examples(pairs: Sequence[corpora.Pair], *, seed: int) -> list[Example]:
    """Each source with an English sentence from another document: the grossest error, which the trees must
    have seen to place it (they do not extrapolate beyond the corruptions)."""
    rng = random.Random(seed)
    examples = []
    for pair in pairs:
        other = pairs[rng.randrange(len(pairs))]
        if other.document != pair.document:
            examples.append(Example(pair.document, pair.arabic, other.english, "unrelated", ()))
    return examples


def fitted(seed: int, features: Sequence[str], matrix: np.ndarray, labels: np.ndarray):
    """The learner the checker ships, fitted to these rows (also for bench/checker_ceiling.py)."""
    return _fit(_learner(seed, features), matrix, labels)


def _learner(seed: int, features: Sequence[str]):
    """Small boosted trees held to each signal's direction: 150 shallow trees fit the features without
    memorising, and never score a worse mismatch as better. Fitted on one thread (see `_fit`)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        max_iter=150,
        early_stopping=False,  # its stopping point moved with thread timing: the tree count must not
        learning_rate=0.1,
        max_leaf_nodes=15,
        l2_regularization=1.0,
        monotonic_cst=[DIRECTION.get(name, 0) for name in features],
        random_state=seed,
    )


def _fit(learner, matrix: np.ndarray, labels: np.ndarray):
    """One OpenMP thread: sums reduced across threads come out in varying order, and the last bits of a
    gain can then pick another split; one thread gives the same trees on every run."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return learner.fit(matrix, labels)


def export_trees(learner) -> dict:
    """The fitted trees as plain lists (engines/checker/model.py reads them): [feature, threshold, left,
    right, leaf value, missing goes left] per node, -1 children for a leaf."""
    trees = []
    for (predictor,) in learner._predictors:  # one predictor per iteration for a binary problem
        trees.append(
            [
                [
                    int(node["feature_idx"]),
                    float(node["num_threshold"]),
                    -1 if node["is_leaf"] else int(node["left"]),
                    -1 if node["is_leaf"] else int(node["right"]),
                    round(float(node["value"]), 6),
                    int(node["missing_go_to_left"]),
                ]
                for node in predictor.nodes
            ]
        )
    return {"baseline": round(float(learner._baseline_prediction.ravel()[0]), 6), "trees": trees}


def _kind_mask(examples: Sequence[Example], kind: str) -> np.ndarray:
    return np.array([example.kind == kind for example in examples])


def _similarities(examples: Sequence[Example], embedder: Embedder) -> list[float | None]:
    """Each Arabic sentence is embedded once, however many corruptions it has."""
    arabic = sorted({example.arabic for example in examples})
    vectors = dict(zip(arabic, embedder(arabic), strict=True))
    english = embedder([example.english for example in examples])
    return [float(vectors[e.arabic] @ vector) for e, vector in zip(examples, english, strict=True)]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in ("numpy", "scikit-learn"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found
