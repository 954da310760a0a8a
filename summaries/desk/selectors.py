"""The desk's numbers, each chart's from one query (two for the failures and the queue) over a date range,
aggregated by the database.

Days are the site's days (TIME_ZONE): a day runs from local midnight to local midnight, and a moment's day
is found by comparing it with those midnights in SQL. Times to summary and to approval are fetched as one
row per article, (day, seconds), its first finish or approval found by the database (no earlier one
exists) and the seconds computed there; their percentiles are taken here with the statistics module:
SQLite has no percentile function, and one honest way on both databases beats two that could disagree.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import Expression
from django.db.models.functions import Coalesce, NullIf
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


def _day_index(field: str, dates: DateRange) -> Expression:
    """Which day of the range a moment falls on (0 for the first), by comparing it with the local midnights
    that end the days, halving the range at each step: plain comparisons the database does itself (SQLite's
    date functions are Python callbacks, one call a row), right across daylight-saving changes."""
    ends = [_midnight(day + timedelta(days=1)) for day in dates.days]

    def between(low: int, high: int) -> Expression:
        if low == high:
            return Value(low)
        middle = (low + high) // 2
        return Case(
            When(**{f"{field}__lt": ends[middle]}, then=between(low, middle)),
            default=between(middle + 1, high),
            output_field=IntegerField(),
        )

    return between(0, len(ends))


def outlet_expression() -> Coalesce:
    """Article.outlet in SQL: the feed's name, else the page's site name, else its stored host."""
    return Coalesce(NullIf(F("feed__name"), Value("")), NullIf(F("site_name"), Value("")), F("host"))


def articles_per_day(*, dates: DateRange) -> list[OutletDay]:
    """Articles that arrived each day, per outlet ("" for pasted and uploaded texts)."""
    rows = (
        Article.objects.filter(created_at__gte=dates.since, created_at__lt=dates.until)
        .annotate(day=_day_index("created_at", dates), outlet_name=outlet_expression())
        .values("day", "outlet_name")
        .annotate(articles=Count("pk"))
        .order_by("day", "outlet_name")
    )
    days = dates.days
    return [OutletDay(day=days[row["day"]], outlet=row["outlet_name"] or "", articles=row["articles"]) for row in rows]


class Seconds(Func):
    """`end - start` in seconds, computed by the database (no datetime parsed per row in Python)."""

    output_field = FloatField()
    template = "CAST(EXTRACT(EPOCH FROM (%(expressions)s)) AS double precision)"
    arg_joiner = " - "

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        end, start = self.source_expressions
        end_sql, end_params = compiler.compile(end)
        start_sql, start_params = compiler.compile(start)
        # julianday() carries about 50 microseconds of rounding at today's dates: kept to the millisecond
        return f"ROUND((julianday({end_sql}) - julianday({start_sql})) * 86400.0, 3)", (*end_params, *start_params)


def _waits(rows: QuerySet, dates: DateRange) -> list[Waits]:
    """Median and 90th percentile per day of the range the wait ended on, and over all days (the last row,
    day None), from (day index, seconds) rows."""
    by_day: dict[int, list[float]] = defaultdict(list)
    for index, seconds in rows:
        by_day[index].append(seconds)
    days = dates.days
    rows_out = [_percentiles(days[index], by_day[index]) for index in sorted(by_day)]
    everything = [seconds for index in sorted(by_day) for seconds in by_day[index]]
    return [*rows_out, _percentiles(None, everything)] if everything else []


def _percentiles(day: date | None, seconds: list[float]) -> Waits:
    p90 = statistics.quantiles(seconds, n=10, method="inclusive")[8] if len(seconds) > 1 else seconds[0]
    return Waits(day=day, articles=len(seconds), median=statistics.median(seconds), p90=p90)


def time_to_summary(*, dates: DateRange) -> list[Waits]:
    """From an article's arrival to its first finished run, for the articles whose first run finished in the
    range (a re-run an editor asked for later is not the desk's wait)."""
    earlier = Summary.objects.filter(
        Q(finished_at__lt=OuterRef("finished_at")) | Q(finished_at=OuterRef("finished_at"), pk__lt=OuterRef("pk")),
        article=OuterRef("article"),
        status=Summary.Status.DONE,
    )
    rows = (
        Summary.objects.filter(status=Summary.Status.DONE, finished_at__gte=dates.since, finished_at__lt=dates.until)
        .filter(~Exists(earlier))
        .annotate(day=_day_index("finished_at", dates), seconds=Seconds(F("finished_at"), F("article__created_at")))
        .values_list("day", "seconds")
        .order_by()
    )
    return _waits(rows, dates)


def time_to_approval(*, dates: DateRange) -> list[Waits]:
    """From an article's arrival to the first approval of one of its runs, for the articles first approved
    in the range (an approval withdrawn and given again keeps the first)."""
    approvals = ReviewEvent.objects.filter(action=ReviewEvent.Action.APPROVE)
    earlier = approvals.filter(
        Q(created_at__lt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk")),
        summary__article=OuterRef("summary__article"),
    )
    rows = (
        approvals.filter(created_at__gte=dates.since, created_at__lt=dates.until)
        .filter(~Exists(earlier))
        .annotate(
            day=_day_index("created_at", dates), seconds=Seconds(F("created_at"), F("summary__article__created_at"))
        )
        .values_list("day", "seconds")
        .order_by()
    )
    return _waits(rows, dates)


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
        .annotate(day=_day_index("finished_at", dates))
        .values("day")
        .annotate(runs=Count("pk"), flagged=Sum("flagged_sentences"), checked=Sum("checked_sentences"))
        .order_by("day")
    )
    days = dates.days
    return [
        FlagDay(day=days[row["day"]], runs=row["runs"], flagged=row["flagged"], checked=row["checked"]) for row in rows
    ]


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
    """Unfinished runs at the end of each day up to today (today's: now): those made before that moment
    less those finished before it, from two counts per day (runs made, runs finished) and the two before the
    range. A run that finished without a recorded time cannot be placed and is left out of both."""
    now = timezone.now()
    shown = DateRange(start=dates.start, end=min(dates.end, timezone.localdate(now)))
    if shown.start > shown.end:
        return []
    placed = Q(finished_at__isnull=False) | Q(status__in=UNFINISHED)
    made = _per_day(Summary.objects.filter(placed, created_at__lt=shown.until), "created_at", shown)
    ended = _per_day(Summary.objects.filter(finished_at__lt=shown.until), "finished_at", shown)
    open_runs, days = made.get(-1, 0) - ended.get(-1, 0), []
    for index, day in enumerate(shown.days):
        open_runs += made.get(index, 0) - ended.get(index, 0)
        moment = min(_midnight(day + timedelta(days=1)), now)
        days.append(QueueDay(day=day, moment=moment, runs=open_runs))
    return days


def _per_day(runs: QuerySet, field: str, dates: DateRange) -> dict[int, int]:
    """How many of `runs` have `field` on each day of the range, by day index; -1 for before it."""
    bucket = Case(When(**{f"{field}__lt": dates.since}, then=Value(-1)), default=_day_index(field, dates))
    return dict(runs.annotate(day=bucket).values("day").annotate(runs=Count("pk")).values_list("day", "runs"))
