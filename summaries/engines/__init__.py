"""The engines' small interface: the pipeline asks for a translator or a summarizer and calls it.

Settings are read when a function runs (so override_settings works), models load lazily through
`cache`, and nothing here imports torch.
"""

from dataclasses import dataclass

from django.conf import settings

from summaries.common.exceptions import ModelMissing, ModelUnavailable
from summaries.engines import cache, hub
from summaries.engines.base import ModelLoadError, Seq2SeqBackend, TextEngine
from summaries.engines.summarizer import Summarizer
from summaries.engines.translator import Translator

__all__ = [
    "ConfiguredModel",
    "TextEngine",
    "clear_cache",
    "configured_models",
    "get_summarizer",
    "get_translator",
    "is_loaded",
    "loaded_models",
    "model_available",
    "preload",
    "resident_mb",
    "translation_models",
]

PRELOAD_KINDS = ("translation", "summarization")


def translation_models() -> dict[str, str]:
    """Source language -> translation model id: Arabic from TRANSLATION_MODEL, others from TRANSLATION_MODELS."""
    return {"ar": settings.SUMMARIES_TRANSLATION_MODEL, **settings.SUMMARIES_TRANSLATION_MODELS}


@dataclass(frozen=True)
class ConfiguredModel:
    """A model the settings name, with the setting that names it (for messages to the people running the site)."""

    setting: str
    model_id: str
    kind: str  # "translation" or "summarization"


def configured_models() -> list[ConfiguredModel]:
    """Every model the settings name, each once: the Arabic translator, other languages' translators, the summarizer."""
    found = [
        ConfiguredModel(
            "TRANSLATION_MODEL" if language == "ar" else f"TRANSLATION_MODELS ({language})", model_id, "translation"
        )
        for language, model_id in translation_models().items()
    ]
    found.append(ConfiguredModel("SUMMARIZATION_MODEL", settings.SUMMARIES_SUMMARIZATION_MODEL, "summarization"))
    unique: dict[str, ConfiguredModel] = {}
    for model in found:
        unique.setdefault(model.model_id, model)
    return list(unique.values())


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
    job does not wait for them; returns the model ids loaded. A model not on this machine yet is left for
    the job that needs it (it waits for the model). Unknown kinds are an error at start-up."""
    wanted = set(PRELOAD_KINDS) if "all" in kinds else set(kinds)
    unknown = wanted - set(PRELOAD_KINDS)
    if unknown:
        raise ValueError(
            f"PRELOAD_MODELS: unknown {', '.join(sorted(unknown))} (use translation, summarization or all)"
        )
    loaded = []
    if "translation" in wanted:
        loaded += [
            get_translator(language).model_id
            for language, model_id in translation_models().items()
            if model_available(model_id)
        ]
    if "summarization" in wanted and model_available(settings.SUMMARIES_SUMMARIZATION_MODEL):
        loaded.append(get_summarizer().model_id)
    return loaded


def clear_cache() -> None:
    """Drop every loaded model in this process."""
    cache.clear_cache()


def model_available(model_id: str) -> bool:
    """Whether the model is on this machine (a local directory, or complete in the Hugging Face cache), so
    a job that needs it can run now instead of waiting for it to arrive."""
    return hub.local_copy(model_id) is not None


def resident_mb() -> float:
    """This process's resident memory, as recorded next to the models it loaded."""
    return cache.resident_mb()


def loaded_models() -> list[Seq2SeqBackend]:
    """The models this process holds, each with its backend and device."""
    return cache.loaded_models()


def is_loaded(model_id: str) -> bool:
    """Whether this process holds the model already (a job then starts at once, with nothing to prepare)."""
    return cache.is_loaded(model_id)


def _load(model_id: str, *, setting: str, parallel_inputs: bool = False) -> Seq2SeqBackend:
    """Load through the cache; a model whose files are here but fail to load is a transient failure
    (ModelUnavailable, retried), anything else a permanent one (ModelMissing, with the fix)."""
    try:
        return cache.get_model(
            model_id,
            backend=settings.SUMMARIES_INFERENCE_BACKEND,
            device=settings.SUMMARIES_DEVICE,
            parallel_inputs=parallel_inputs,
            threads=settings.SUMMARIES_CPU_THREADS,
            vocabulary_map=settings.SUMMARIES_CT2_VOCABULARY_MAP,
            compute_type=settings.SUMMARIES_CT2_COMPUTE_TYPE,
        )
    except ModelLoadError as exc:
        if model_available(model_id):
            raise ModelUnavailable(model=model_id, reason=exc.reason, tries=1) from exc
        raise ModelMissing(model_id=model_id, setting=setting, reason=exc.reason) from exc
