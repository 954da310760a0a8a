"""The engines' small interface: the pipeline asks for a translator or a summarizer and calls it.

Settings are read when a function runs (so override_settings works), models load lazily through
`cache`, and nothing here imports torch.
"""

from pathlib import Path

from django.conf import settings

from ..exceptions import ModelMissing, ModelUnavailable
from . import cache
from .base import ModelLoadError, Seq2SeqBackend, TextEngine
from .summarizer import Summarizer
from .translator import Translator

__all__ = ["TextEngine", "clear_cache", "get_summarizer", "get_translator", "preload", "translation_models"]

PRELOAD_KINDS = ("translation", "summarization")


def translation_models() -> dict[str, str]:
    """Source language -> translation model id: Arabic from TRANSLATION_MODEL, others from TRANSLATION_MODELS."""
    return {"ar": settings.SUMMARIES_TRANSLATION_MODEL, **settings.SUMMARIES_TRANSLATION_MODELS}


def get_translator(source_language: str) -> Translator:
    """The configured translator from this language into English, loaded once per process."""
    model_id = translation_models().get(source_language)
    setting = "TRANSLATION_MODEL" if source_language == "ar" else f"TRANSLATION_MODELS ({source_language}=...)"
    if model_id is None:
        raise ModelMissing(model_id=source_language, setting=setting, reason="no model is configured")
    return Translator(
        backend=_load(model_id, setting=setting, parallel_inputs=True),
        batch_size=settings.SUMMARIES_TRANSLATION_BATCH_SIZE,
        num_beams=settings.SUMMARIES_TRANSLATION_NUM_BEAMS,
        max_new_tokens=settings.SUMMARIES_TRANSLATION_MAX_NEW_TOKENS,
    )


def get_summarizer() -> Summarizer:
    """The configured English summarizer, loaded once per process."""
    return Summarizer(
        backend=_load(settings.SUMMARIES_SUMMARIZATION_MODEL, setting="SUMMARIZATION_MODEL"),
        num_beams=settings.SUMMARIES_SUMMARY_NUM_BEAMS,
        max_new_tokens=settings.SUMMARIES_SUMMARY_MAX_NEW_TOKENS,
        min_new_tokens=settings.SUMMARIES_SUMMARY_MIN_NEW_TOKENS,
    )


def preload(kinds: list[str]) -> list[str]:
    """Load the models of these kinds ("translation", "summarization" or "all") now, so a worker's first
    job does not wait for them; returns the model ids loaded. Unknown kinds are an error at start-up."""
    wanted = set(PRELOAD_KINDS) if "all" in kinds else set(kinds)
    unknown = wanted - set(PRELOAD_KINDS)
    if unknown:
        raise ValueError(f"PRELOAD_MODELS: unknown {', '.join(sorted(unknown))} (use translation, summarization or all)")
    loaded = []
    if "translation" in wanted:
        loaded += [get_translator(language).model_id for language in translation_models()]
    if "summarization" in wanted:
        loaded.append(get_summarizer().model_id)
    return loaded


def clear_cache() -> None:
    """Drop every loaded model in this process."""
    cache.clear_cache()


def _load(model_id: str, *, setting: str, parallel_inputs: bool = False) -> Seq2SeqBackend:
    """Load through the cache; a model directory that exists but fails to load is a transient failure
    (ModelUnavailable, retried), anything else a permanent one (ModelMissing, with the fix)."""
    try:
        return cache.get_model(
            model_id, backend=settings.SUMMARIES_INFERENCE_BACKEND, device=settings.SUMMARIES_DEVICE,
            parallel_inputs=parallel_inputs,
        )
    except ModelLoadError as exc:
        if Path(model_id).is_dir():
            raise ModelUnavailable(model=model_id, reason=exc.reason, tries=1) from exc
        raise ModelMissing(model_id=model_id, setting=setting, reason=exc.reason) from exc
