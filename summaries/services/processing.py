"""The worker's job: run the pipeline over one article and save what it produced, or why it failed.

This is the only caller of the engines. Every run ends `done` or `failed`; none is left `running`
by an error this process can see.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import engines
from ..engines.segmentation import split_paragraphs, split_sentences
from ..exceptions import EngineError, JobTimeout, SummariesError
from ..models import Summary

logger = logging.getLogger(__name__)


def summary_process(*, summary_id: int) -> None:
    """Translate (when needed) and summarize; returns quietly when the job vanished or already finished."""
    summary = _claim(summary_id)
    if summary is None:
        return
    try:
        _run_pipeline(summary)
    except SoftTimeLimitExceeded:
        summary_fail(
            summary_id=summary_id,
            error=JobTimeout(_("Processing took longer than the time limit and was stopped. Try a shorter article.")),
        )
    except SummariesError as exc:
        summary_fail(summary_id=summary_id, error=exc)
    except Exception:  # noqa: BLE001 - the last line of defence: record the failure, keep the traceback in the log
        logger.exception("summary %s failed unexpectedly", summary_id)
        summary_fail(
            summary_id=summary_id,
            error=EngineError(_("An internal error stopped processing. The administrators can find details in the log.")),
        )


def summary_fail(*, summary_id: int, error: SummariesError) -> None:
    """Mark a job failed with a message for people; a job that already finished is left alone."""
    updated = Summary.objects.unfinished().filter(pk=summary_id).update(
        status=Summary.Status.FAILED,
        stage=Summary.Stage.FAILED,
        error_code=error.code,
        error_message=str(error.message),
        finished_at=timezone.now(),
    )
    if updated:
        logger.warning("summary %s failed: %s", summary_id, error.code)


def _claim(summary_id: int) -> Summary | None:
    """Move a queued (or redelivered running) job to running, atomically, so two workers never both start it."""
    with transaction.atomic():
        summary = Summary.objects.select_for_update().select_related("article").filter(pk=summary_id).first()
        if summary is None or summary.is_finished:
            logger.info("summary %s skipped: %s", summary_id, "missing" if summary is None else summary.status)
            return None
        summary.status = Summary.Status.RUNNING
        summary.started_at = timezone.now()
        summary.attempts += 1
        summary.save(update_fields=["status", "started_at", "attempts"])
    return summary


def _run_pipeline(summary: Summary) -> None:
    article = summary.article
    timings: dict[str, float] = {}
    paragraphs = [split_sentences(paragraph) for paragraph in split_paragraphs(article.source_text)]
    sentences = [sentence for paragraph in paragraphs for sentence in paragraph]
    translated: list[str] = []
    translation_model = ""
    english = article.source_text
    if article.language != "en":
        _set_stage(summary.pk, Summary.Stage.TRANSLATING, done=0, total=len(sentences))
        with _timed(timings, "translation"):
            translator = engines.get_translator(article.language)
            translated = translator(
                sentences, on_progress=lambda done, total: _set_stage(summary.pk, Summary.Stage.TRANSLATING, done, total)
            )
        translation_model = translator.model_id
        english = _rejoin(translated, [len(paragraph) for paragraph in paragraphs])
    _set_stage(summary.pk, Summary.Stage.SUMMARIZING, done=0, total=1)
    with _timed(timings, "summarization"):
        summarizer = engines.get_summarizer()
        summary_text = summarizer([english])[0]
    _save_result(
        summary.pk,
        source_sentences=sentences,
        translated_sentences=translated,
        translation=english if translated else "",
        summary_text=summary_text,
        translation_model=translation_model,
        summarization_model=summarizer.model_id,
        timings=timings,
    )


def _save_result(summary_id: int, **fields: object) -> None:
    """Write the whole result in one statement, only if the job is still ours to finish."""
    updated = Summary.objects.filter(pk=summary_id, status=Summary.Status.RUNNING).update(
        status=Summary.Status.DONE, stage=Summary.Stage.DONE, finished_at=timezone.now(), error_message="", **fields
    )
    logger.info("summary %s done (saved=%s, timings=%s)", summary_id, bool(updated), fields.get("timings"))


def _set_stage(summary_id: int, stage: str, done: int, total: int) -> None:
    Summary.objects.filter(pk=summary_id, status=Summary.Status.RUNNING).update(
        stage=stage, progress_done=done, progress_total=total
    )


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
