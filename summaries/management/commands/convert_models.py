"""Convert the configured models into CTranslate2 int8 directories for INFERENCE_BACKEND=ctranslate2."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from summaries.engines import conversion, translation_models


class Command(BaseCommand):
    help = (
        "Convert TRANSLATION_MODEL(S) and SUMMARIZATION_MODEL (local directories or hub ids already in the "
        "Hugging Face cache) into CTranslate2 copies under CT2_MODELS_DIR, used when INFERENCE_BACKEND=ctranslate2."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quantization", default="int8", help="int8 (default), int8_float16, float16, float32.")
        parser.add_argument("--force", action="store_true", help="Convert again even if a copy exists.")

    def handle(self, *args: object, quantization: str, force: bool, **options: object) -> None:
        model_ids = [*translation_models().values(), settings.SUMMARIES_SUMMARIZATION_MODEL]
        for model_id in dict.fromkeys(model_ids):
            try:
                output = conversion.convert(model_id, quantization=quantization, force=force)
            except (OSError, ValueError, RuntimeError) as exc:
                raise CommandError(
                    f"Could not convert {model_id}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}. "
                    "The model must be a local directory or already in the Hugging Face cache "
                    "(run `python manage.py download_models` first)."
                ) from exc
            self.stdout.write(self.style.SUCCESS(f"{model_id} -> {output}"))
