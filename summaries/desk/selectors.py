"""The desk's numbers, each chart's from one query over a date range, aggregated by the database.

Days are the site's days (TIME_ZONE): a day runs from local midnight to local midnight. Times to summary
and to approval are fetched as one row per article (its arrival and its first finish or approval, grouped
in SQL), and their percentiles are taken here with the statistics module: SQLite has no percentile
function, and one honest way on both databases beats two that could disagree.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Case, CharField, Count, F, Max, Min, Q, QuerySet, Sum, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, StrIndex, Substr, TruncDate
from django.db.models.lookups import StartsWith
from django.utils import timezone

from summaries.articles.models import Article
from summaries.review.models import ReviewEvent
from summaries.runs.models import Summary

UNFINISHED = (Summary.Status.QUEUED, Summary.Status.RUNNING, Summary.Status.WAITING)


@dataclass(frozen=True)
class DateRange:
    """From `start` to `end`, both days included, in the site's time zone."""

    start: date
    end: date

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=offset) for offset in range((self.end - self.start).days + 1)]

    @property
    def since(self) -> datetime:
        return _midnight(self.start)

    @property
    def until(self) -> datetime:
        """The first moment after the range: the next day's midnight."""
        return _midnight(self.end + timedelta(days=1))


@dataclass(frozen=True)
class OutletDay:
    day: date
    outlet: str
    articles: int


@dataclass(frozen=True)
class Waits:
    """How long articles waited, in seconds, for those whose wait ended on `day` (None: all days)."""

    day: date | None
    articles: int
    median: float
    p90: float


@dataclass(frozen=True)
class FlagDay:
    day: date
    runs: int
    flagged: int
    checked: int

    @property
    def share(self) -> float:
        return self.flagged / self.checked if self.checked else 0.0


@dataclass(frozen=True)
class Failures:
    """Failed runs with one error code, and the latest of them, whose words stand for the reason."""

    code: str
    runs: int
    latest: Summary


@dataclass(frozen=True)
class QueueDay:
    """Unfinished runs at `moment`: the end of `day`, or now for today."""

    day: date
    moment: datetime
    runs: int


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def _local_day(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def _before(text: Combinable, mark: str) -> Substr:
    """The text up to its first `mark` (all of it without one)."""
    return Substr(text, 1, StrIndex(Concat(text, Value(mark)), Value(mark)) - 1)


def outlet_expression() -> Coalesce:
    """Article.outlet in SQL: the feed's name, else the page's site name, else its address's host in lower
    case without "www." (the part between "://" and the first "/" or ":")."""
    address = Coalesce(NullIf(F("final_url"), Value("")), F("url"), output_field=CharField())
    host = Lower(_before(_before(Substr(address, StrIndex(address, Value("://")) + 3), "/"), ":"))
    without_www = Case(When(StartsWith(host, Value("www.")), then=Substr(host, 5)), default=host)
    return Coalesce(NullIf(F("feed__name"), Value("")), NullIf(F("site_name"), Value("")), without_www)


def articles_per_day(*, dates: DateRange) -> list[OutletDay]:
    """Articles that arrived each day, per outlet ("" for pasted and uploaded texts)."""
    rows = (
        Article.objects.filter(created_at__gte=dates.since, created_at__lt=dates.until)
        .annotate(day=_local_day("created_at"), outlet=outlet_expression())
        .values("day", "outlet")
        .annotate(articles=Count("pk"))
        .order_by("day", "outlet")
    )
    return [OutletDay(day=row["day"], outlet=row["outlet"] or "", articles=row["articles"]) for row in rows]


def _waits(pairs: QuerySet) -> list[Waits]:
    """Median and 90th percentile per local day of the end, and over all days (the last row, day None)."""
    by_day: dict[date, list[float]] = defaultdict(list)
    for arrived, ended in pairs:
        by_day[timezone.localdate(ended)].append((ended - arrived).total_seconds())
    everything = [seconds for day in sorted(by_day) for seconds in by_day[day]]
    rows = [_percentiles(day, by_day[day]) for day in sorted(by_day)]
    return [*rows, _percentiles(None, everything)] if everything else []


def _percentiles(day: date | None, seconds: list[float]) -> Waits:
    p90 = statistics.quantiles(seconds, n=10, method="inclusive")[8] if len(seconds) > 1 else seconds[0]
    return Waits(day=day, articles=len(seconds), median=statistics.median(seconds), p90=p90)


def time_to_summary(*, dates: DateRange) -> list[Waits]:
    """From an article's arrival to its first finished run, for the articles whose first run finished in the
    range (a re-run an editor asked for later is not the desk's wait)."""
    pairs = (
        Summary.objects.filter(status=Summary.Status.DONE, finished_at__lt=dates.until)
        .values("article_id", "article__created_at")
        .annotate(ended=Min("finished_at"))
        .filter(ended__gte=dates.since)
        .values_list("article__created_at", "ended")
    )
    return _waits(pairs)


def time_to_approval(*, dates: DateRange) -> list[Waits]:
    """From an article's arrival to the first approval of one of its runs, for the articles first approved
    in the range (an approval withdrawn and given again keeps the first)."""
    pairs = (
        ReviewEvent.objects.filter(action=ReviewEvent.Action.APPROVE, created_at__lt=dates.until)
        .values("summary__article_id", "summary__article__created_at")
        .annotate(ended=Min("created_at"))
        .filter(ended__gte=dates.since)
        .values_list("summary__article__created_at", "ended")
    )
    return _waits(pairs)


def flagged_share_per_day(*, dates: DateRange) -> list[FlagDay]:
    """Sentences flagged of the sentences checked, over the runs that finished each day (the counts each
    run stored when it finished)."""
    rows = (
        Summary.objects.filter(
            status=Summary.Status.DONE,
            finished_at__gte=dates.since,
            finished_at__lt=dates.until,
            checked_sentences__isnull=False,
        )
        .annotate(day=_local_day("finished_at"))
        .values("day")
        .annotate(runs=Count("pk"), flagged=Sum("flagged_sentences"), checked=Sum("checked_sentences"))
        .order_by("day")
    )
    return [FlagDay(day=row["day"], runs=row["runs"], flagged=row["flagged"], checked=row["checked"]) for row in rows]


def failures_by_reason(*, dates: DateRange) -> list[Failures]:
    """Runs that failed in the range, per error code, the most frequent first; two queries (the counts, then
    the latest run of each code, for its reason in words)."""
    rows = list(
        Summary.objects.filter(status=Summary.Status.FAILED, finished_at__gte=dates.since, finished_at__lt=dates.until)
        .values("error_code")
        .annotate(runs=Count("pk"), latest=Max("pk"))
        .order_by("-runs", "error_code")
    )
    if not rows:
        return []
    latest = Summary.objects.only("error_code", "error_params", "error_message").in_bulk(
        [row["latest"] for row in rows]
    )
    return [Failures(code=row["error_code"], runs=row["runs"], latest=latest[row["latest"]]) for row in rows]


def queue_now() -> dict[str, int]:
    """Unfinished runs now, per status (queued, running, waiting for the models), every status present."""
    counts = dict(Summary.objects.unfinished().values_list("status").annotate(runs=Count("pk")).order_by())
    return {status: counts.get(status, 0) for status in UNFINISHED}


def queue_per_day(*, dates: DateRange) -> list[QueueDay]:
    """Unfinished runs at the end of each day (now, for today): made before that moment and not finished by
    it. A run that finished without a recorded time cannot be placed and is left out."""
    now = timezone.now()
    days = [day for day in dates.days if day <= timezone.localdate(now)]
    moments = [min(_midnight(day + timedelta(days=1)), now) for day in days]
    if not moments:
        return []

    def open_at(moment: datetime) -> Q:
        return Q(created_at__lt=moment) & (
            Q(finished_at__gte=moment) | Q(finished_at__isnull=True, status__in=UNFINISHED)
        )

    counts = Summary.objects.filter(
        Q(created_at__lt=moments[-1])
        & (Q(finished_at__gte=dates.since) | Q(finished_at__isnull=True, status__in=UNFINISHED))
    ).aggregate(**{f"at{index}": Count("pk", filter=open_at(moment)) for index, moment in enumerate(moments)})
    return [
        QueueDay(day=day, moment=moment, runs=counts[f"at{index}"])
        for index, (day, moment) in enumerate(zip(days, moments, strict=True))
    ]
