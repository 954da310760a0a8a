"""Read queries about runs: one run, a run to reuse, each article's newest run, a queued run's place."""

import math
import statistics
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery

from summaries.articles.models import Article
from summaries.common.permissions import User
from summaries.runs.models import Summary


@dataclass(frozen=True)
class QueuePlace:
    """Where a queued run stands: 1 is next; the estimate (seconds until its result) is None until runs
    have been timed on this site."""

    position: int
    estimate_seconds: float | None


# How many recent finished runs the estimate's median is taken over.
_RECENT_RUNS = 20


def queue_place(summary: Summary) -> QueuePlace:
    """First come, first served: the queued runs submitted before this one are ahead of it. The estimate
    shares them, and this one, among the workers busy now (at least one), at the median duration of recent
    runs, after the runs in progress are half done."""
    earlier = Q(created_at__lt=summary.created_at) | Q(created_at=summary.created_at, pk__lt=summary.pk)
    ahead = Summary.objects.filter(earlier, status=Summary.Status.QUEUED).count()
    running = Summary.objects.filter(status=Summary.Status.RUNNING).count()
    durations = list(
        Summary.objects.filter(status=Summary.Status.DONE, duration_seconds__isnull=False)
        .order_by("-finished_at")
        .values_list("duration_seconds", flat=True)[:_RECENT_RUNS]
    )
    if not durations:
        return QueuePlace(ahead + 1, None)
    rounds = math.ceil((ahead + 1) / max(1, running)) + (0.5 if running else 0)
    return QueuePlace(ahead + 1, statistics.median(durations) * rounds)


def summary_get(*, summary_id: int) -> Summary | None:
    """A run with its article and reviewer, for the review page and the API (editors only: checked there)."""
    return Summary.objects.select_related("article", "review", "review__reviewed_by").filter(pk=summary_id).first()


def summary_reusable(
    *,
    content_hash: str,
    language: str,
    translation_model: str,
    summarization_model: str,
    strategy: str,
    length: str,
    glossary_version: str,
    user: User | None = None,
    original: tuple[str, str] | None = None,
) -> Summary | None:
    """The newest run over the same text, made with the same models, options and glossary version, that
    has not failed and is still its article's current run (an editor's later re-run with other options is
    what the article shows, so it is not reused for these). A run not finished yet has no glossary
    recorded: it will apply the current one.

    A signed-in person reuses only their own articles (a program with a token could not open anyone
    else's). An anonymous submission reuses only an anonymous article that holds nothing it lacks: a
    paste, or for an upload also the same file (`original`: its name and SHA-256), since another
    visitor's file (its name, its metadata) is theirs.
    """
    if user is not None and user.is_authenticated:
        owner = Q(article__submitted_by=user)
    else:
        owner = Q(article__submitted_by__isnull=True, article__original_file="")
        if original is not None:
            name, sha256 = original
            owner |= Q(article__submitted_by__isnull=True, article__original_name=name, article__original_sha256=sha256)
    same_glossary = Q(glossary_version=glossary_version) | Q(
        glossary_version="", status__in=(Summary.Status.QUEUED, Summary.Status.RUNNING)
    )
    newest = Summary.objects.filter(article=OuterRef("article")).order_by("-created_at", "-pk").values("pk")[:1]
    return (
        Summary.objects.select_related("article")
        .filter(
            owner,
            same_glossary,
            article__content_hash=content_hash,
            article__language=language,
            translation_model=translation_model,
            summarization_model=summarization_model,
            strategy=strategy,
            length=length,
            pk=Subquery(newest),
        )
        .exclude(status=Summary.Status.FAILED)
        .order_by("-created_at")
        .first()
    )


def current_runs() -> QuerySet[Summary]:
    """Each article's newest run: what the queue shows (older runs are history on the review page)."""
    newest = Summary.objects.filter(article=OuterRef("article")).order_by("-created_at", "-pk").values("pk")[:1]
    return Summary.objects.filter(pk=Subquery(newest))


def article_runs(*, article: Article) -> QuerySet[Summary]:
    """All pipeline runs of an article, newest first, for the review page's history."""
    return article.summaries.select_related("review", "review__reviewed_by").order_by("-created_at", "-pk")
