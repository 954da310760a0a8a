"""Each chart of the desk as the page, the admin index and the CSV need it: the series Chart.js draws,
the same numbers as a table (formatted in the page's language) and as CSV rows (plain numbers, ISO days).

One builder per chart, each calling its selectors once; `CHARTS` names them for the CSV view.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from summaries.common.formatting import shorten
from summaries.desk import selectors
from summaries.desk.selectors import DateRange, Waits
from summaries.runs.models import Summary

TOP_OUTLETS = 6
Cell = str | int | float | None


@dataclass
class Series:
    label: str
    values: list[float | None]
    muted: bool = False  # drawn in grey: "the rest" after the named ones


@dataclass
class Chart:
    """One chart: what it draws (`kind`, `labels`, `series`), and its numbers as table and CSV rows."""

    key: str
    title: str
    description: str
    kind: str  # Chart.js's type: "bar" or "line"
    axis: str  # what the value axis counts
    labels: list[str]
    series: list[Series]
    columns: list[str]  # the table's header, the first naming its row headers
    rows: list[tuple[str, list[str]]]  # each row's header and its cells, formatted
    csv_header: list[str]
    csv_rows: list[list[Cell]]
    stacked: bool = False
    horizontal: bool = False
    percent: bool = False
    integer: bool = False  # counts: the value axis has whole-number ticks only
    notes: list[tuple[str, str]] = field(default_factory=list)  # (label, figure) pairs said under the chart

    @property
    def data_id(self) -> str:
        """The id of the json_script element desk.js reads the chart from."""
        return f"desk-{self.key}-data"

    @property
    def config(self) -> dict[str, object]:
        """What desk.js needs to draw it (json_script)."""
        return {
            "kind": self.kind,
            "axis": self.axis,
            "labels": self.labels,
            "series": [
                {"label": series.label, "values": series.values, "muted": series.muted} for series in self.series
            ],
            "stacked": self.stacked,
            "horizontal": self.horizontal,
            "percent": self.percent,
            "integer": self.integer,
        }


def number(value: float, decimals: int = 0) -> str:
    """A figure in the page's language ("1,234.5", "1٬234٫5")."""
    return formats.number_format(round(value, decimals), decimal_pos=decimals or None, force_grouping=True)


def _axis_day(day: date) -> str:
    return formats.date_format(day, "MONTH_DAY_FORMAT")


def _table_day(day: date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def outlet_label(outlet: str) -> str:
    return outlet or _("Pasted or uploaded")


def articles_chart(dates: DateRange) -> Chart:
    """Stacked bars: articles per day, the busiest outlets each in its colour and the rest together."""
    rows = selectors.articles_per_day(dates=dates)
    totals: Counter[str] = Counter()
    for row in rows:
        totals[row.outlet] += row.articles
    shown = [outlet for outlet, _count in sorted(totals.items(), key=lambda item: (-item[1], item[0]))]
    top, rest = shown[:TOP_OUTLETS], shown[TOP_OUTLETS:]
    counts: dict[tuple[date, str], int] = {}
    for row in rows:
        outlet = row.outlet if row.outlet in top else "\0rest"
        counts[row.day, outlet] = counts.get((row.day, outlet), 0) + row.articles
    groups = [*top, *(["\0rest"] if rest else [])]
    names = [outlet_label(outlet) if outlet != "\0rest" else _("Other outlets") for outlet in groups]
    days = dates.days
    return Chart(
        key="articles",
        title=_("Articles per day"),
        description=_("Articles that arrived each day, by outlet or feed."),
        kind="bar",
        axis=_("Articles"),
        labels=[_axis_day(day) for day in days],
        series=[
            Series(label=name, values=[counts.get((day, outlet), 0) for day in days], muted=outlet == "\0rest")
            for outlet, name in zip(groups, names, strict=True)
        ],
        columns=[_("Day"), *names, _("All")],
        rows=[
            (
                _table_day(day),
                [number(counts.get((day, outlet), 0)) for outlet in groups]
                + [number(sum(counts.get((day, outlet), 0) for outlet in groups))],
            )
            for day in days
        ],
        csv_header=[_("Day"), _("Outlet or feed"), _("Articles")],
        csv_rows=[[row.day.isoformat(), outlet_label(row.outlet), row.articles] for row in rows],
        stacked=True,
        integer=True,
    )


def _waits_chart(key: str, title: str, description: str, waits: list[Waits], dates: DateRange, hours: bool) -> Chart:
    unit = 3600 if hours else 60
    axis = _("Hours") if hours else _("Minutes")
    by_day = {wait.day: wait for wait in waits if wait.day is not None}
    overall = [wait for wait in waits if wait.day is None]
    days = dates.days

    def per_day(pick: Callable[[Waits], float]) -> list[float | None]:
        return [round(pick(by_day[day]) / unit, 2) if day in by_day else None for day in days]

    def cells(wait: Waits) -> list[str]:
        return [number(wait.articles), number(wait.median / unit, 1), number(wait.p90 / unit, 1)]

    rows = [(_table_day(day), cells(by_day[day])) for day in days if day in by_day]
    rows += [(_("All these days"), cells(wait)) for wait in overall]
    return Chart(
        key=key,
        title=title,
        description=description,
        kind="line",
        axis=axis,
        labels=[_axis_day(day) for day in days],
        series=[
            Series(label=_("Median"), values=per_day(lambda wait: wait.median)),
            Series(label=_("90th percentile"), values=per_day(lambda wait: wait.p90)),
        ],
        columns=[
            _("Day"),
            _("Articles"),
            _("Median (%(unit)s)") % {"unit": axis},
            _("90th percentile (%(unit)s)") % {"unit": axis},
        ],
        rows=rows,
        csv_header=[
            _("Day"),
            _("Articles"),
            _("Median (%(unit)s)") % {"unit": axis},
            _("90th percentile (%(unit)s)") % {"unit": axis},
        ],
        csv_rows=[
            [
                wait.day.isoformat() if wait.day else _("All these days"),
                wait.articles,
                round(wait.median / unit, 3),
                round(wait.p90 / unit, 3),
            ]
            for wait in [*sorted(by_day.values(), key=lambda wait: wait.day or date.min), *overall]
        ],
    )


def summary_time_chart(dates: DateRange) -> Chart:
    return _waits_chart(
        "time-to-summary",
        _("Time to summary"),
        _("From an article's arrival to its first finished summary, by the day the summary was finished."),
        selectors.time_to_summary(dates=dates),
        dates,
        hours=False,
    )


def approval_time_chart(dates: DateRange) -> Chart:
    return _waits_chart(
        "time-to-approval",
        _("Time to approval"),
        _("From an article's arrival to the first approval of its summary, by the day it was approved."),
        selectors.time_to_approval(dates=dates),
        dates,
        hours=True,
    )


def flagged_chart(dates: DateRange) -> Chart:
    rows = selectors.flagged_share_per_day(dates=dates)
    by_day = {row.day: row for row in rows}
    return Chart(
        key="flagged",
        title=_("Flagged sentences"),
        description=_("The share of checked sentences that were flagged, over the summaries finished each day."),
        kind="line",
        axis=_("Flagged sentences (%)"),
        labels=[_axis_day(day) for day in dates.days],
        series=[
            Series(
                label=_("Flagged sentences (%)"),
                values=[round(100 * by_day[day].share, 1) if day in by_day else None for day in dates.days],
            )
        ],
        columns=[_("Day"), _("Summaries"), _("Flagged sentences"), _("Checked sentences"), _("Share flagged")],
        rows=[
            (
                _table_day(row.day),
                [number(row.runs), number(row.flagged), number(row.checked), number(100 * row.share, 1) + "%"],
            )
            for row in rows
        ],
        csv_header=[_("Day"), _("Summaries"), _("Flagged sentences"), _("Checked sentences"), _("Share flagged")],
        csv_rows=[[row.day.isoformat(), row.runs, row.flagged, row.checked, round(row.share, 4)] for row in rows],
        percent=True,
    )


def failure_reason(run: Summary) -> str:
    """The reason in the page's language, in the plain words the submitter sees."""
    return run.public_error_text or _("No reason was recorded.")


def failures_chart(dates: DateRange) -> Chart:
    rows = selectors.failures_by_reason(dates=dates)
    reasons = [failure_reason(row.latest) for row in rows]
    return Chart(
        key="failures",
        title=_("Failures by reason"),
        description=_("Summaries that failed, by reason (the words of the latest failure of each kind)."),
        kind="bar",
        axis=_("Failed summaries"),
        labels=[shorten(reason, 60) for reason in reasons],
        series=[Series(label=_("Failed summaries"), values=[row.runs for row in rows])],
        columns=[_("Reason"), _("Code"), _("Failed summaries")],
        rows=[(reason, [row.code, number(row.runs)]) for reason, row in zip(reasons, rows, strict=True)],
        csv_header=[_("Code"), _("Reason"), _("Failed summaries")],
        csv_rows=[[row.code, reason, row.runs] for reason, row in zip(reasons, rows, strict=True)],
        horizontal=True,
        integer=True,
    )


def queue_chart(dates: DateRange) -> Chart:
    days = selectors.queue_per_day(dates=dates)
    now = selectors.queue_now()
    return Chart(
        key="queue",
        title=_("Queue depth"),
        description=_("Summaries not finished at the end of each day (for today: now)."),
        kind="line",
        axis=_("Unfinished summaries"),
        labels=[_axis_day(day.day) for day in days],
        series=[Series(label=_("Unfinished summaries"), values=[day.runs for day in days])],
        columns=[_("Day"), _("Unfinished summaries")],
        rows=[(_table_day(day.day), [number(day.runs)]) for day in days],
        csv_header=[_("Day"), _("At"), _("Unfinished summaries")],
        csv_rows=[[day.day.isoformat(), day.moment.isoformat(), day.runs] for day in days],
        notes=[(str(Summary.Status(status).label), number(count)) for status, count in now.items()],
        integer=True,
    )


CHARTS: dict[str, Callable[[DateRange], Chart]] = {
    "articles": articles_chart,
    "time-to-summary": summary_time_chart,
    "time-to-approval": approval_time_chart,
    "flagged": flagged_chart,
    "failures": failures_chart,
    "queue": queue_chart,
}


def desk_charts(dates: DateRange) -> list[Chart]:
    """Every chart, in the page's order."""
    return [build(dates) for build in CHARTS.values()]
