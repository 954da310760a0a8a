"""Fetch the configured models into the Hugging Face cache and make their CTranslate2 copies.

Scripted provisioning runs it once; each worker starts it with --watch in the background (when
AUTO_DOWNLOAD_MODELS is on), so the first `make run` brings the models in by itself.
"""

import contextlib
import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from summaries.engines import configured_models
from summaries.modelops.fetcher import model_advice, models_watch
from summaries.modelops.provisioning import models_provision


class Command(BaseCommand):
    help = (
        "Download the configured translation and summarization models (TRANSLATION_MODEL, TRANSLATION_MODELS, "
        "SUMMARIZATION_MODEL) into the Hugging Face cache (HF_HOME) with a progress bar per file, resuming "
        "files cut off earlier, then make their CTranslate2 int8 copies (CT2_MODELS_DIR) unless "
        "INFERENCE_BACKEND=transformers. Models already here are neither fetched nor converted again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--watch",
            action="store_true",
            help="Keep trying (every MODEL_RETRY_INTERVAL seconds) until every model is ready; what workers run "
            "in the background.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bars (they need a terminal).")
        parser.add_argument(
            "--exit-with-parent", action="store_true", help="Stop when the process that started this one ends."
        )

    def handle(self, *args: object, watch: bool, no_progress: bool, exit_with_parent: bool, **options: object) -> None:
        progress_bars = not no_progress and sys.stderr.isatty()
        if watch:
            parent = os.getppid()
            with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C on `make run` reaches the whole group: stop quietly
                models_watch(
                    interval=settings.SUMMARIES_MODEL_RETRY_INTERVAL,
                    progress_bars=progress_bars,
                    say=self._say,
                    should_stop=lambda: exit_with_parent and os.getppid() != parent,
                )
            return
        result = models_provision(download=True, progress_bars=progress_bars, say=self._say)
        for model in configured_models():
            problem = result.problems.get(model.model_id)
            if problem is not None:
                self.stderr.write(model_advice(model, problem.code, str(problem)))
        if not result.all_ready:
            raise CommandError(
                "Not ready: " + "; ".join(f"{model_id} ({problem})" for model_id, problem in result.problems.items())
            )
        self.stdout.write(self.style.SUCCESS("All models are ready."))

    def _say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()
