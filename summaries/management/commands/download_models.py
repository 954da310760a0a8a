"""Fetch the configured models into the Hugging Face cache, once, on a machine with internet access."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from summaries.engines import translation_models


class Command(BaseCommand):
    help = (
        "Download the configured translation and summarization models (TRANSLATION_MODEL, TRANSLATION_MODELS, "
        "SUMMARIZATION_MODEL) "
        "into the Hugging Face cache (HF_HOME). Needs internet access to huggingface.co: on an offline machine it "
        "fails; run it where the hub is reachable and copy the cache, or point the settings at local directories."
    )

    def handle(self, *args: object, **options: object) -> None:
        configured = [
            ("TRANSLATION_MODEL" if language == "ar" else f"TRANSLATION_MODELS ({language})", model_id)
            for language, model_id in translation_models().items()
        ]
        for setting, model_id in [*configured, ("SUMMARIZATION_MODEL", settings.SUMMARIES_SUMMARIZATION_MODEL)]:
            if Path(model_id).is_dir():
                self.stdout.write(f"{setting}: {model_id} is a local directory; nothing to download.")
                continue
            self.stdout.write(f"{setting}: downloading {model_id} ...")
            _download(model_id, setting)
            self.stdout.write(self.style.SUCCESS(f"{setting}: {model_id} is in the cache."))


def _download(model_id: str, setting: str) -> None:
    """Load through the same Auto classes the worker uses, so exactly the files it needs are cached."""
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    try:
        AutoTokenizer.from_pretrained(model_id)
        AutoModelForSeq2SeqLM.from_pretrained(model_id)
    except Exception as exc:  # noqa: BLE001 - hub, network and file errors all mean the same thing to the user
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CommandError(
            f"Could not download {model_id} ({setting}): the Hugging Face hub is not reachable from this machine "
            f"or the model id is wrong ({first_line}). Run this command on a machine with internet access and copy "
            f"its Hugging Face cache (HF_HOME), or set {setting} to a local directory written by save_pretrained."
        ) from exc
