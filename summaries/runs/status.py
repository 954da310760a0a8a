"""The job status as plain data: one shape for the JSON endpoint, the page, the API and the command line."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from summaries.articles.models import Article
from summaries.common.formatting import language_label
from summaries.modelops.models import ModelState
from summaries.modelops.readiness import ModelReadiness, models_readiness_of
from summaries.runs.models import Summary
from summaries.runs.selectors import QueuePlace, queue_place


def summary_status(summary: Summary, *, viewer: object = None) -> dict[str, object]:
    """Status, stage, progress and (when finished) the result or the reason it failed; a run waiting for
    its models also says so in plain words, with the download's percentage. The failure is worded for
    `viewer` (staff get the operator's instructions)."""
    waiting = waiting_models(summary)
    place = queue_place(summary) if summary.status == Summary.Status.QUEUED else None
    return {
        "status": summary.status,
        "stage": summary.stage,
        "stage_label": stage_label(summary, waiting, place),
        "progress": progress_percent(summary, waiting),
        # The bar moves by itself while there is nothing to count (one section being summarized).
        "indeterminate": is_indeterminate(summary),
        "queue": {"position": place.position, "estimate_seconds": place.estimate_seconds} if place else None,
        "finished": summary.is_finished,
        "error": summary.error_text_for(viewer) or None,
        "notice": waiting_notice(summary, waiting) or None,
    }


def is_indeterminate(summary: Summary) -> bool:
    return (
        summary.status == Summary.Status.RUNNING
        and summary.stage == Summary.Stage.SUMMARIZING
        and summary.progress_total <= 1
    )


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


def stage_label(summary: Summary, waiting: list[ModelReadiness] | None = None, place: QueuePlace | None = None) -> str:
    """What the worker is doing, in words: the place in the queue and an estimate while queued, sentence
    counts while translating, parts while summarizing a long text."""
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
        return queued_label(queue_place(summary) if place is None else place)
    if (
        summary.status == Summary.Status.RUNNING
        and summary.stage == Summary.Stage.SUMMARIZING
        and summary.progress_total > 1
    ):
        return _("Summarizing: part %(done)d of %(total)d") % {
            "done": summary.progress_done,
            "total": summary.progress_total,
        }
    if summary.status == Summary.Status.RUNNING and not summary.stage:
        return _("Starting")
    if summary.status == Summary.Status.RUNNING:
        return str(summary.get_stage_display())
    return str(summary.get_status_display())


def queued_label(place: QueuePlace) -> str:
    """ "Waiting for a worker: 2 runs ahead in the queue, about 3 minutes" (an estimate once runs have been timed)."""
    ahead = (
        ngettext(
            "Waiting for a worker: %(count)d run ahead in the queue",
            "Waiting for a worker: %(count)d runs ahead in the queue",
            place.position - 1,
        )
        % {"count": place.position - 1}
        if place.position > 1
        else _("Waiting for a worker: next in the queue")
    )
    if place.estimate_seconds is None:
        return ahead
    return _("%(ahead)s, %(time)s") % {"ahead": ahead, "time": estimate_text(place.estimate_seconds)}


def estimate_text(seconds: float) -> str:
    """An estimate as precise as it can honestly be: "a few seconds", "about 30 seconds", "about 4 minutes"
    (never "about 1 minute" for a run that takes 5 s: the estimate is a median of recent runs, not a floor)."""
    if seconds < 15:
        return _("a few seconds")
    if seconds < 55:
        tens = round(seconds / 10) * 10
        return ngettext("about %(count)d second", "about %(count)d seconds", tens) % {"count": tens}
    minutes = max(1, round(seconds / 60))
    return ngettext("about %(count)d minute", "about %(count)d minutes", minutes) % {"count": minutes}


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
    language = language_label(summary.article.language)
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
