"""The pipeline itself: translate and summarize (or extract and translate), ground, and save.

Called only by `processing.summary_process`, which owns claiming and failure handling; this module is
the only one that runs inference (translate, summarize, ground). Others ask the engines package only which
models are configured and whether they are on this machine.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypedDict, Unpack

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from summaries import engines
from summaries.articles.submission import run_models
from summaries.common import checkpoints, time_limits
from summaries.common.exceptions import EngineError, ModelMissing
from summaries.engines.checker.model import Checker, fact_checker
from summaries.engines.embeddings import Embedder, get_embedder
from summaries.engines.glossary import Glossary
from summaries.engines.grounding import ground_abstractive, ground_extractive
from summaries.engines.ranking import select_sentences
from summaries.engines.readability import unreadable_as_a_whole
from summaries.engines.segmentation import join_sentences, split_paragraphs, split_sentences
from summaries.glossary.services import glossary_load_stamped
from summaries.modelops import provisioning
from summaries.modelops.models import ModelState
from summaries.related.services import article_vector_save
from summaries.review.records import review_first_revision
from summaries.runs import lifecycle
from summaries.runs.models import Summary, sentence_flags
from summaries.search.services import search_document_update

logger = logging.getLogger(__name__)


class RunResult(TypedDict):
    """What a strategy produced, saved on the run as is."""

    translated_sentences: list[str]
    translation: str
    summary_text: str
    translation_model: str
    summarization_model: str
    grounding: dict[str, object]


class _SavedResult(RunResult):
    """The result with what the pipeline measured around it."""

    source_sentences: list[str]
    timings: dict[str, float]
    glossary_version: str
    backend: str


# Sentences in an extractive summary, and the share of the summarizer's token budget, per length.
_EXTRACT_COUNT = {"short": 3, "medium": 5, "long": 8}
_ABSTRACT_SCALE = {"short": 0.5, "medium": 1.0, "long": 1.75}


def run_pipeline(summary: Summary) -> None:
    """Run the job's strategy over its article and save the result in one statement; when a model it
    needs is not on this machine yet, save the key sentences in the original language and wait for it."""
    article = summary.article
    timings: dict[str, float] = {}
    paragraphs = [split_sentences(paragraph) for paragraph in split_paragraphs(article.source_text)]
    sentences = [sentence for paragraph in paragraphs for sentence in paragraph]
    embedder = get_embedder(settings.SUMMARIES_EMBEDDINGS)
    article_vector_save(article=article)  # "similar articles" needs only the text, not the models
    needed = _models_needed(summary)
    missing = [
        {"model": model_id, "kind": kind} for model_id, kind in needed.items() if not engines.model_available(model_id)
    ]
    if not missing:
        try:
            _prepare_models(summary, list(needed))
        except ModelMissing as exc:  # it went away since it was looked for (a cache being replaced): wait for it
            model_id = str(exc.params["model"])
            missing = [{"model": model_id, "kind": needed.get(model_id, "translation")}]
    if missing:
        _save_waiting(summary, sentences, missing, embedder)
        return
    glossary, glossary_version = glossary_load_stamped()
    if summary.strategy == Summary.Strategy.EXTRACT_TRANSLATE:
        result = _extract_then_translate(summary, sentences, embedder, glossary, timings)
    else:
        result = _translate_then_summarize(summary, paragraphs, sentences, embedder, glossary, timings)
    _save_result(
        summary,
        source_sentences=sentences,
        timings=timings,
        backend=_backends(needed),
        glossary_version=glossary_version,
        **result,
    )


def _translate_then_summarize(
    summary: Summary,
    paragraphs: list[list[str]],
    sentences: list[str],
    embedder: Embedder | None,
    glossary: Glossary,
    timings: dict[str, float],
) -> RunResult:
    """Translate every sentence, summarize the English abstractively, then ground the summary."""
    translated, translation_model = _translate(summary, sentences, glossary, timings)
    english = (
        _rejoin(translated, [len(paragraph) for paragraph in paragraphs]) if translated else summary.article.source_text
    )
    _set_stage(summary.pk, Summary.Stage.SUMMARIZING, done=0, total=1)
    with _timed(timings, "summarization"):
        summarizer = engines.get_summarizer()
        summary_text = summarizer(
            [english],
            scale=_ABSTRACT_SCALE[summary.length],
            on_progress=lambda done, total: _set_stage(summary.pk, Summary.Stage.SUMMARIZING, done, total),
        )[0]
    if not summary_text.strip():  # a "done" run with an empty box would mislead everyone who opens it
        raise EngineError("no_summary_text")
    if unreadable_as_a_whole(summary_text, split_sentences(summary_text)):  # nor one of debris or a loop
        logger.warning("run %s: the summary of %d characters is unreadable as a whole", summary.pk, len(summary_text))
        raise EngineError("unreadable_summary")
    with _timed(timings, "grounding"):
        checker = fact_checker()
        grounding = ground_abstractive(
            split_sentences(summary_text),
            sentences,
            translated or [""] * len(sentences),
            embedder=embedder,
            threshold=settings.SUMMARIES_SUPPORT_THRESHOLD,
            glossary=glossary,
            checker=checker,
            model_scores=_model_scores(summary, sentences, translated, checker),
        )
    return {
        "translated_sentences": translated,
        "translation": english if translated else "",
        "summary_text": summary_text,
        "translation_model": translation_model,
        "summarization_model": summarizer.model_id,
        "grounding": grounding.as_json(),
    }


def _extract_then_translate(
    summary: Summary, sentences: list[str], embedder: Embedder | None, glossary: Glossary, timings: dict[str, float]
) -> RunResult:
    """Pick the most representative source sentences and translate only those: no invented text."""
    with _timed(timings, "ranking"):
        selected = select_sentences(sentences, _EXTRACT_COUNT[summary.length], embedder=embedder)
    chosen, translation_model = _translate(summary, [sentences[index] for index in selected], glossary, timings)
    if chosen and unreadable_as_a_whole(" ".join(chosen), chosen):  # the summary is these translations
        logger.warning("run %s: the %d translated key sentences are unreadable", summary.pk, len(chosen))
        raise EngineError("unreadable_summary")
    translated = [""] * len(sentences)
    for index, text in zip(selected, chosen, strict=False):  # nothing to translate for English: `chosen` is empty
        translated[index] = text
    with _timed(timings, "grounding"):
        checker = fact_checker()
        grounding = ground_extractive(
            selected,
            sentences,
            translated if chosen else [""] * len(sentences),
            embedder=embedder,
            threshold=settings.SUMMARIES_SUPPORT_THRESHOLD,
            glossary=glossary,
            checker=checker,
            model_scores=_model_scores(summary, sentences, translated if chosen else [], checker),
        )
    summary_text = join_sentences(chosen if chosen else [sentences[index] for index in selected])
    return {
        "translated_sentences": translated if chosen else [],
        "translation": "",
        "summary_text": summary_text,
        "translation_model": translation_model,
        "summarization_model": "",
        "grounding": grounding.as_json(),
    }


def _translate(
    summary: Summary, sentences: list[str], glossary: Glossary, timings: dict[str, float]
) -> tuple[list[str], str]:
    """Translate into English unless the article already is; reports progress per batch. The editors' glossary
    corrects known wrong renderings at once, so the summary, grounding and pages all see the corrected text."""
    language = summary.article.language
    if language == "en":
        return [], ""
    _set_stage(summary.pk, Summary.Stage.TRANSLATING, done=0, total=len(sentences))
    checkpoints.reached("translation")
    with _timed(timings, "translation"):
        translator = engines.get_translator(language)
        translated = translator(
            sentences, on_progress=lambda done, total: _set_stage(summary.pk, Summary.Stage.TRANSLATING, done, total)
        )
    if sentences and not any(text.strip() for text in translated):
        raise EngineError("no_translation_text")
    return [glossary.apply(text) for text in translated], translator.model_id


def _model_scores(
    summary: Summary, sentences: list[str], translated: list[str], checker: Checker | None
) -> list[float | None] | None:
    """The translation model's own score of each translated sentence, when the checker was trained with it
    (`train_checker --model-score`, for trained weights only); untranslated sentences have none."""
    if checker is None or not checker.uses_model_score or not translated:
        return None
    present = [index for index, text in enumerate(translated) if text]
    scores = engines.get_translator(summary.article.language).score(
        [sentences[index] for index in present], [translated[index] for index in present]
    )
    found: list[float | None] = [None] * len(sentences)
    for index, score in zip(present, scores, strict=True):
        found[index] = score
    return found


def _models_needed(summary: Summary) -> dict[str, str]:
    """The models the run needs (model id -> "translation" or "summarization"), as it would record them."""
    translation_model, summarization_model = run_models(language=summary.article.language, strategy=summary.strategy)
    kinds = [(translation_model, "translation"), (summarization_model, "summarization")]
    return {model_id: kind for model_id, kind in kinds if model_id}


def _save_waiting(
    summary: Summary, sentences: list[str], missing: list[dict[str, str]], embedder: Embedder | None
) -> None:
    """What the models shipped with the app can do without the missing ones: the key sentences, in the
    original language; the run waits for the models and is queued again when they arrive."""
    selected = select_sentences(sentences, _EXTRACT_COUNT[summary.length], embedder=embedder)
    with time_limits.deferred():
        lifecycle.transition(
            summary.pk,
            "wait",
            source_sentences=sentences,
            key_sentences=selected,
            waiting_for=missing,
            progress_done=0,
            progress_total=0,
            attempts=0,
            delivery_id="",
            enqueued_at=None,  # not a crash
        )
    logger.info(
        "summary %s waits for %s; %d key sentences saved",
        summary.pk,
        ", ".join(model["model"] for model in missing),
        len(selected),
    )


def _prepare_models(summary: Summary, needed: list[str]) -> None:
    """Load the run's models into this worker if they are not loaded yet ("Preparing the models" on the
    page: making the CTranslate2 copy on first use, then loading), and record where each one runs."""
    language = summary.article.language
    for model_id in needed:
        if engines.is_loaded(model_id):
            continue
        _set_stage(summary.pk, Summary.Stage.PREPARING, done=0, total=0)
        if provisioning.wants_conversion(model_id):
            provisioning.model_state_set(model_id, ModelState.State.CONVERTING)
        is_translator = model_id == engines.translation_models().get(language)
        engine = engines.get_translator(language) if is_translator else engines.get_summarizer()
        provisioning.model_loaded_record(
            model_id=model_id,
            backend=engine.backend.backend,
            device=engine.backend.device,
            worker=summary.worker,
        )


def _backends(models: dict[str, str]) -> str:
    """What ran this run's models, for the metrics: "ctranslate2", "transformers", or both joined by "+"."""
    return "+".join(sorted({model.backend for model in engines.loaded_models() if model.model_id in models}))


def _save_result(summary: Summary, **fields: Unpack[_SavedResult]) -> None:
    """Write the whole result, only if the job is still ours to finish; the machine summary becomes
    revision 1, so editors' history starts from what the pipeline wrote."""
    summary_id, finished = summary.pk, timezone.now()
    duration = (finished - summary.started_at).total_seconds() if summary.started_at else None
    flagged, checked = sentence_flags(
        source_sentences=fields["source_sentences"],
        translated_sentences=fields["translated_sentences"],
        grounding=fields["grounding"],
    )
    with time_limits.deferred(), transaction.atomic():
        updated = lifecycle.transition(
            summary_id,
            "finish",
            finished_at=finished,
            error_message="",
            duration_seconds=duration,
            flagged_sentences=flagged,
            checked_sentences=checked,
            **fields,
        )
        if updated:
            review_first_revision(summary_id=summary_id, text=fields["summary_text"])
            search_document_update(article_id=summary.article_id)
    if updated:
        logger.info("summary %s done (timings %s)", summary_id, fields.get("timings"))
    else:
        logger.warning("summary %s finished elsewhere meanwhile; this result was not saved", summary_id)


def _set_stage(summary_id: int, stage: str, done: int, total: int) -> None:
    with time_limits.deferred():  # a time limit mid-query would leave the connection unusable
        lifecycle.progress(summary_id, stage, done=done, total=total)


def _rejoin(sentences: list[str], paragraph_sizes: list[int]) -> str:
    """Put translated sentences back into the source's paragraphs."""
    paragraphs: list[str] = []
    start = 0
    for size in paragraph_sizes:
        paragraphs.append(" ".join(sentence for sentence in sentences[start : start + size] if sentence))
        start += size
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = round(time.perf_counter() - started, 3)
