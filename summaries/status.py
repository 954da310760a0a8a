"""The job status as plain data: one shape for the JSON endpoint, the page, the API and the command line."""

from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from .models import Article, ModelState, Summary
from .selectors import ModelReadiness, models_readiness_of


def summary_status(summary: Summary) -> dict[str, object]:
    """Status, stage, progress and (when finished) the result or the reason it failed; a run waiting for
    its models also says so in plain words, with the download's percentage."""
    waiting = waiting_models(summary)
    return {
        "status": summary.status,
        "stage": summary.stage,
        "stage_label": stage_label(summary, waiting),
        "progress": progress_percent(summary, waiting),
        "finished": summary.is_finished,
        "error": summary.error_text or None,
        "notice": waiting_notice(summary, waiting) or None,
    }


def article_result(article: Article, summary: Summary) -> dict[str, object]:
    """The full result of a run, for `manage.py summarize` (one JSON Lines record per file)."""
    return {
        "article_id": str(article.pk),
        "status": summary.status,
        "language": article.language,
        "translation": summary.translation,
        "summary": summary.summary_text,
        "key_sentences": summary.key_sentence_texts if summary.status == Summary.Status.WAITING else [],
        "error": summary.error_text or None,
        "source_sentences": summary.source_sentences,
        "translated_sentences": summary.translated_sentences,
        "translation_model": summary.translation_model,
        "summarization_model": summary.summarization_model,
        "timings": summary.timings,
    }


def waiting_models(summary: Summary) -> list[ModelReadiness]:
    """Where the models a waiting run needs stand now (empty for a run that waits for nothing)."""
    if summary.status != Summary.Status.WAITING or not summary.waiting_for:
        return []
    return models_readiness_of(summary.waiting_for)


def stage_label(summary: Summary, waiting: list[ModelReadiness] | None = None) -> str:
    """What the worker is doing, in words, with sentence counts while translating."""
    if summary.status == Summary.Status.WAITING:
        waiting = waiting_models(summary) if waiting is None else waiting
        downloading = [model.percent for model in waiting if model.state == ModelState.State.DOWNLOADING]
        if downloading:
            return _("Preparing the models: downloading, %(percent)d%%") % {"percent": min(p or 0 for p in downloading)}
        if any(model.state == ModelState.State.CONVERTING for model in waiting):
            return _("Preparing the models: converting them for fast inference")
        if waiting and all(model.ready for model in waiting):
            return _("Preparing the models: ready, starting soon")
        return str(Summary.Status.WAITING.label)
    if summary.status == Summary.Status.RUNNING and summary.stage == Summary.Stage.TRANSLATING:
        return _("Translating: %(done)d of %(total)d sentences done") % {
            "done": summary.progress_done,
            "total": summary.progress_total,
        }
    if summary.status == Summary.Status.QUEUED:
        return _("Waiting for a worker")
    if summary.status == Summary.Status.RUNNING and not summary.stage:
        return _("Starting")
    if summary.status == Summary.Status.RUNNING:
        return str(summary.get_stage_display())
    return str(summary.get_status_display())


def progress_percent(summary: Summary, waiting: list[ModelReadiness] | None = None) -> int:
    """The bar's value: the run's own progress, or while it waits for a download, the download's."""
    if summary.status != Summary.Status.WAITING:
        return summary.progress_percent
    waiting = waiting_models(summary) if waiting is None else waiting
    percents = [model.percent or 0 for model in waiting if model.state == ModelState.State.DOWNLOADING]
    return min(percents) if percents else 0


def waiting_notice(summary: Summary, waiting: list[ModelReadiness] | None = None) -> str:
    """For the person who submitted the article, in plain words (settings and commands are for staff)."""
    if summary.status != Summary.Status.WAITING:
        return ""
    waiting = waiting_models(summary) if waiting is None else waiting
    language = _language(summary.article.language)
    on_its_way = any(model.state in {ModelState.State.DOWNLOADING, ModelState.State.CONVERTING} for model in waiting)
    if on_its_way:
        return _(
            "The models are being prepared; meanwhile the key sentences in %(language)s are below. "
            "The rest follows by itself."
        ) % {"language": language}
    if any(model.kind == "translation" for model in waiting):
        return _(
            "The translation model is not installed yet; the key sentences in %(language)s are below. "
            "The translation and summary follow by themselves once it is installed."
        ) % {"language": language}
    return _(
        "The summarization model is not installed yet; the key sentences in %(language)s are below. "
        "The summary follows by itself once it is installed."
    ) % {"language": language}


def _language(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
