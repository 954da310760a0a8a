"""Rows placed in time for the desk's tests: articles that arrived, runs that finished or failed, approvals."""

import itertools
from datetime import datetime, timedelta

from django.utils import timezone

from summaries.articles.models import Article
from summaries.review.models import ReviewEvent
from summaries.runs.models import Summary
from tests.factories import latest_run, make_article, make_run

_numbers = itertools.count(1)  # each article's text differs (make_article hashes it)


def at(text: str) -> datetime:
    """A moment given in the site's time zone, "2026-11-02 23:30"."""
    return timezone.make_aware(datetime.fromisoformat(text), timezone.get_current_timezone())


def arrived(moment: datetime, **fields: object) -> Article:
    """An article (with its queued run) that arrived at `moment`; its run was made then too."""
    article = make_article(source_text=f"خبر رقم {next(_numbers)}.", **fields)
    Article.objects.filter(pk=article.pk).update(created_at=moment)
    Summary.objects.filter(article=article).update(created_at=moment)
    article.refresh_from_db()
    return article


def finished(article: Article, moment: datetime, *, flagged: int | None = 0, checked: int | None = 3) -> Summary:
    """The article's newest run, done at `moment` with these sentence counts."""
    run = latest_run(article)
    Summary.objects.filter(pk=run.pk).update(
        status=Summary.Status.DONE, finished_at=moment, flagged_sentences=flagged, checked_sentences=checked
    )
    return run


def rerun(article: Article, made: datetime, done: datetime) -> Summary:
    """Another run of the article, made and finished later (an editor's re-run)."""
    run = make_run(article)
    Summary.objects.filter(pk=run.pk).update(created_at=made, status=Summary.Status.DONE, finished_at=done)
    return run


def failed(article: Article, moment: datetime, code: str, **params: object) -> Summary:
    run = latest_run(article)
    Summary.objects.filter(pk=run.pk).update(
        status=Summary.Status.FAILED, finished_at=moment, error_code=code, error_params=params
    )
    return run


def approved(run: Summary, moment: datetime) -> ReviewEvent:
    """An approval of the run recorded at `moment` (as review/decisions.py records one)."""
    event = ReviewEvent.objects.create(
        summary=run, action=ReviewEvent.Action.APPROVE, from_state="pending", to_state="approved"
    )
    ReviewEvent.objects.filter(pk=event.pk).update(created_at=moment)
    return event


def later(moment: datetime, **delta: float) -> datetime:
    return moment + timedelta(**delta)
