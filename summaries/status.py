"""The job status as plain data: one shape for the JSON endpoint, the page and the command line."""

from django.utils.translation import gettext as _

from .models import Article, Summary


def summary_status(summary: Summary) -> dict[str, object]:
    """Status, stage, progress and (when finished) the result or the reason it failed."""
    return {
        "status": summary.status,
        "stage": summary.stage,
        "stage_label": stage_label(summary),
        "progress": summary.progress_percent,
        "finished": summary.is_finished,
        "error": summary.error_text or None,
    }


def article_result(article: Article, summary: Summary) -> dict[str, object]:
    """The full result of a run, for `manage.py summarize` (one JSON Lines record per file)."""
    return {
        "article_id": str(article.pk),
        "status": summary.status,
        "language": article.language,
        "translation": summary.translation,
        "summary": summary.summary_text,
        "error": summary.error_text or None,
        "source_sentences": summary.source_sentences,
        "translated_sentences": summary.translated_sentences,
        "translation_model": summary.translation_model,
        "summarization_model": summary.summarization_model,
        "timings": summary.timings,
    }


def stage_label(summary: Summary) -> str:
    """What the worker is doing, in words, with sentence counts while translating."""
    if summary.status == Summary.Status.RUNNING and summary.stage == Summary.Stage.TRANSLATING:
        return _("Translating: %(done)d of %(total)d sentences done") % {
            "done": summary.progress_done,
            "total": summary.progress_total,
        }
    if summary.status == Summary.Status.RUNNING and summary.stage == Summary.Stage.QUEUED:
        return _("Starting")
    return str(summary.get_stage_display())
