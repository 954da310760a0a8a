"""Read queries for views, services and commands, including who may see which article."""

import math
import statistics
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from summaries import engines
from summaries.articles.models import Article
from summaries.common.permissions import User, sees_every_article
from summaries.engines import conversion
from summaries.glossary.models import GlossaryEntry, GlossarySuggestion
from summaries.modelops.models import ModelState
from summaries.review.filters import ReviewQueueFilter
from summaries.review.models import ReviewEvent, SummaryRevision
from summaries.runs.models import Summary

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def article_get_for_user(*, article_id: uuid.UUID, user: User | None, session_articles: list[str]) -> Article | None:
    """The article if this person may see it, else None (so a page cannot tell "forbidden" from "missing").

    Signed-in people see what they submitted; anonymous visitors see what this browser session
    submitted (the unguessable address alone is not enough); editors and staff see everything.
    """
    return articles_for_user(user=user, session_articles=session_articles).filter(pk=article_id).first()


def articles_for_user(*, user: User | None, session_articles: list[str]) -> QuerySet[Article]:
    """Every article this person may open, newest first."""
    if sees_every_article(user):
        return Article.objects.all()
    return articles_own(user=user, session_articles=session_articles)


def articles_own(*, user: User | None, session_articles: list[str]) -> QuerySet[Article]:
    """What this person submitted signed in, plus what this browser session submitted anonymously."""
    mine = Q(pk__in=[value for value in session_articles if _is_uuid(value)], submitted_by__isnull=True)
    if user is not None and user.is_authenticated:
        mine |= Q(submitted_by=user)
    return Article.objects.filter(mine)


def articles_own_list(*, user: User | None, session_articles: list[str]) -> QuerySet[Article]:
    """ "Your articles": newest first, each with its newest run in `newest_runs` (fetched for the whole page
    in one more query, not one per row)."""
    newest_runs = Prefetch("summaries", queryset=current_runs(), to_attr="newest_runs")
    return (
        articles_own(user=user, session_articles=session_articles).order_by("-created_at").prefetch_related(newest_runs)
    )


def runs_for_user(*, user: User | None, session_articles: list[str], filters: Mapping[str, Any]) -> QuerySet[Summary]:
    """The queue as this person may see it: editors every article's newest run, others their own."""
    runs = review_queue_list(filters=filters)
    if not sees_every_article(user):
        runs = runs.filter(article__in=articles_own(user=user, session_articles=session_articles))
    return runs


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
    return Summary.objects.select_related("article", "reviewed_by").filter(pk=summary_id).first()


def summary_revisions(
    *, summary: Summary, numbers: list[int] | None = None, oldest_first: bool = False
) -> QuerySet[SummaryRevision]:
    """The run's saved versions with their authors, newest first (the page) or oldest first (the API); only
    the numbered ones when given."""
    revisions = SummaryRevision.objects.filter(summary=summary).select_related("author")
    revisions = revisions.order_by("number" if oldest_first else "-number")
    return revisions if numbers is None else revisions.filter(number__in=numbers)


def summary_reusable(
    *,
    content_hash: str,
    language: str,
    translation_model: str,
    summarization_model: str,
    strategy: str,
    length: str,
    user: User | None = None,
    original: tuple[str, str] | None = None,
) -> Summary | None:
    """The newest run over the same text with the same models and options that has not failed.

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
    return (
        Summary.objects.select_related("article")
        .filter(
            owner,
            article__content_hash=content_hash,
            article__language=language,
            translation_model=translation_model,
            summarization_model=summarization_model,
            strategy=strategy,
            length=length,
        )
        .exclude(status=Summary.Status.FAILED)
        .order_by("-created_at")
        .first()
    )


def current_runs() -> QuerySet[Summary]:
    """Each article's newest run: what the queue shows (older runs are history on the review page)."""
    newest = Summary.objects.filter(article=OuterRef("article")).order_by("-created_at", "-pk").values("pk")[:1]
    return Summary.objects.filter(pk=Subquery(newest))


def review_queue_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Summary]:
    """The newest run of every article matching the filters (the query string of the queue page or the API,
    already validated there), newest article first."""
    return ReviewQueueFilter(filters or {}, queryset=_queue_runs()).qs


def review_state_counts(*, filters: Mapping[str, Any] | None = None) -> dict[str, int]:
    """How many queue rows each review state has under the other filters (for the state tabs)."""
    others = {key: value for key, value in (filters or {}).items() if key != "review_state"}
    runs = ReviewQueueFilter(others, queryset=_queue_runs()).qs
    finished = runs.filter(status=Summary.Status.DONE)  # failed and unfinished runs have nothing to review
    counts = dict(finished.order_by().values_list("review_state").annotate(count=Count("pk")))
    return {state: counts.get(state, 0) for state in Summary.ReviewState.values}


def _queue_runs() -> QuerySet[Summary]:
    return current_runs().select_related("article", "article__submitted_by").order_by("-article__created_at", "-pk")


class LatestReviewState(TypedDict):
    """What `articles_with_latest_review_state` adds to each article."""

    latest_review_state: str | None
    latest_status: str | None


def articles_with_latest_review_state(
    articles: QuerySet[Article],
) -> "QuerySet[WithAnnotations[Article, LatestReviewState]]":
    """Each article annotated with its newest run's review state and status, in the same query (admin lists)."""
    newest = Summary.objects.filter(article=OuterRef("pk")).order_by("-created_at", "-pk")
    return articles.annotate(
        latest_review_state=Subquery(newest.values("review_state")[:1]),
        latest_status=Subquery(newest.values("status")[:1]),
    )


def article_runs(*, article: Article) -> QuerySet[Summary]:
    """All pipeline runs of an article, newest first, for the review page's history."""
    return article.summaries.select_related("reviewed_by").order_by("-created_at", "-pk")


def article_events(*, article: Article) -> QuerySet[ReviewEvent]:
    """The audit log of every run of the article, newest first."""
    return ReviewEvent.objects.filter(summary__article=article).select_related("actor", "summary")


def published_list() -> QuerySet[Summary]:
    """Approved summaries (at most one per article, by constraint), most recently approved first."""
    return (
        Summary.objects.filter(review_state=Summary.ReviewState.APPROVED)
        .select_related("article")
        .order_by("-reviewed_at", "-pk")
    )


def published_get(*, article_id: uuid.UUID) -> Summary | None:
    """The article's approved summary, or None when nothing about it is published."""
    return published_list().filter(article_id=article_id).first()


def _is_uuid(value: object) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class ModelReadiness:
    """Where one configured model stands, as /healthz, the admin, the staff banner and waiting runs show it."""

    setting: str
    model_id: str
    kind: str
    state: str
    percent: int | None = None
    backend: str = ""
    device: str = ""
    resident_mb: float | None = None
    problem: str = ""
    detail: str = ""

    @property
    def ready(self) -> bool:
        return self.state == ModelState.State.READY

    @property
    def state_label(self) -> str:
        return str(ModelState.State(self.state).label)


# A row left "downloading" or "converting" this long without news belongs to a fetcher that stopped.
_STALE: dict[str, timedelta] = {
    ModelState.State.DOWNLOADING: timedelta(minutes=5),
    ModelState.State.CONVERTING: timedelta(minutes=30),
}


def models_readiness(model_ids: list[str] | None = None) -> list[ModelReadiness]:
    """Each configured model (or those named) as recorded by the fetcher and the workers; a model nobody
    has recorded yet, or whose fetcher stopped mid-way, is looked up on this machine's disk instead."""
    configured = [model for model in engines.configured_models() if model_ids is None or model.model_id in model_ids]
    rows = ModelState.objects.in_bulk([model.model_id for model in configured], field_name="model_id")
    return [_readiness(model, rows.get(model.model_id)) for model in configured]


def models_readiness_of(models: list[dict[str, str]]) -> list[ModelReadiness]:
    """The models a waiting run named (`{"model", "kind"}`), whether or not this process's settings name them:
    the worker that made the run wait may be configured apart from the web server."""
    settings_of = {"translation": "TRANSLATION_MODEL", "summarization": "SUMMARIZATION_MODEL"}
    wanted = [
        engines.ConfiguredModel(settings_of.get(model["kind"], ""), model["model"], model["kind"]) for model in models
    ]
    rows = ModelState.objects.in_bulk([model.model_id for model in wanted], field_name="model_id")
    return [_readiness(model, rows.get(model.model_id)) for model in wanted]


def _readiness(model: engines.ConfiguredModel, row: ModelState | None) -> ModelReadiness:
    stale = row is not None and row.state in _STALE and row.updated_at < timezone.now() - _STALE[row.state]
    if row is not None and not stale:
        return ModelReadiness(
            model.setting,
            model.model_id,
            model.kind,
            row.state,
            row.percent,
            row.backend,
            row.device,
            row.resident_mb,
            row.problem,
            row.detail,
        )
    if engines.model_available(model.model_id):
        backend = (
            "ctranslate2" if (conversion.converted_dir(model.model_id) / "model.bin").is_file() else "transformers"
        )
        return ModelReadiness(model.setting, model.model_id, model.kind, ModelState.State.READY, backend=backend)
    problem = "interrupted" if stale else (row.problem if row is not None else "")
    return ModelReadiness(
        model.setting,
        model.model_id,
        model.kind,
        ModelState.State.MISSING,
        problem=problem,
        detail=row.detail if row is not None and not stale else "",
    )


def glossary_search(*, query: str = "") -> "QuerySet[GlossaryEntry]":
    """Glossary entries, those matching the query in any term, variant or note when one is given."""
    entries = GlossaryEntry.objects.select_related("created_by", "updated_by")
    if query:
        entries = entries.filter(
            Q(arabic__icontains=query)
            | Q(arabic_variants__icontains=query)
            | Q(english__icontains=query)
            | Q(wrong_variants__icontains=query)
            | Q(note__icontains=query)
        )
    return entries


def glossary_suggestions_open() -> "QuerySet[GlossarySuggestion]":
    """Corrections editors made that the glossary does not know yet, newest first."""
    return GlossarySuggestion.objects.filter(state=GlossarySuggestion.State.OPEN).select_related("suggested_by")
