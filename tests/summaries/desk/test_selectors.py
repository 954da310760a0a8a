"""The desk's numbers on a small known data set, in a time zone three hours ahead of UTC (days end at the
site's midnight, not UTC's), and each selector's query count at 2 and 6 rows."""

from datetime import date

import pytest
from django.test import override_settings
from django.utils import timezone

from summaries.desk import selectors
from summaries.desk.selectors import DateRange, FlagDay, OutletDay, Waits
from summaries.feeds.models import Feed
from summaries.runs.models import Summary
from tests.query_counts import assert_database_query_count
from tests.summaries.desk.factories import approved, arrived, at, failed, finished, later, rerun

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("riyadh")]
NOVEMBER = DateRange(start=date(2026, 11, 1), end=date(2026, 11, 3))


@pytest.fixture
def riyadh():
    with override_settings(TIME_ZONE="Asia/Riyadh"), timezone.override("Asia/Riyadh"):
        yield


class TestArticlesPerDay:
    def test_counts_each_outlet_per_local_day(self):
        """A feed's name, then the page's site name, then its host (lower case, no www., no port), and ""
        for a pasted text; an article at 23:30 local time counts on that day although UTC says the next."""
        feed = Feed.objects.create(url="https://feed.example/rss", name="شبكة الأخبار")
        arrived(at("2026-11-01 09:00"), feed=feed, site_name="ignored", url="https://x.example/1")
        arrived(at("2026-11-01 23:30"), feed=feed)
        arrived(at("2026-11-01 10:00"), site_name="Al Ahram", url="https://ahram.example/a")
        arrived(at("2026-11-02 00:10"), url="https://WWW.Example.COM:8443/news/1?x=1")
        arrived(at("2026-11-02 08:00"), url="http://short.example/r", final_url="https://www.final.example/story")
        arrived(at("2026-11-02 12:00"))
        arrived(at("2026-10-31 23:59"))  # the day before the range
        arrived(at("2026-11-04 00:00"))  # the day after
        assert selectors.articles_per_day(dates=NOVEMBER) == [
            OutletDay(date(2026, 11, 1), "Al Ahram", 1),
            OutletDay(date(2026, 11, 1), "شبكة الأخبار", 2),
            OutletDay(date(2026, 11, 2), "", 1),
            OutletDay(date(2026, 11, 2), "example.com", 1),
            OutletDay(date(2026, 11, 2), "final.example", 1),
        ]

    def test_the_sql_rule_names_every_article_as_article_outlet_does(self):
        """The SQL expression and the model's property agree, article by article."""
        feed = Feed.objects.create(url="https://feed.example/rss", name="Feed")
        cases = [
            {"feed": feed},
            {"site_name": "Site"},
            {"url": "https://www.a.example/x"},
            {"url": "https://b.example:8080"},
            {"url": "http://c.example/p", "final_url": "https://www.d.example/q"},
            {},
        ]
        articles = [arrived(at("2026-11-02 12:00"), **fields) for fields in cases]
        named = {row.outlet for row in selectors.articles_per_day(dates=NOVEMBER)}
        assert named == {article.outlet for article in articles}


class TestTimes:
    def test_time_to_summary_takes_each_articles_first_finished_run(self):
        """Median and 90th percentile per day the summary finished, and over all days; an editor's later
        re-run is not a wait, and a summary finished outside the range is not counted."""
        for minutes in (1, 2, 10):
            article = arrived(at("2026-11-01 22:00"))
            finished(article, later(at("2026-11-01 22:00"), minutes=minutes))
        slow = arrived(at("2026-11-02 23:00"))
        finished(slow, at("2026-11-03 00:30"))  # the next local day (still 2 November in UTC)
        rerun(slow, made=at("2026-11-03 09:00"), done=at("2026-11-03 09:05"))
        finished(arrived(at("2026-11-03 23:00")), at("2026-11-04 00:01"))
        assert selectors.time_to_summary(dates=NOVEMBER) == [
            Waits(date(2026, 11, 1), 3, median=120.0, p90=504.0),
            Waits(date(2026, 11, 3), 1, median=5400.0, p90=5400.0),
            Waits(None, 4, median=360.0, p90=3960.0),
        ]

    def test_time_to_approval_takes_the_first_approval(self):
        """An approval withdrawn and given again counts from the first; arrival to approval, in seconds."""
        first = arrived(at("2026-11-02 08:00"))
        run = finished(first, at("2026-11-02 08:01"))
        approved(run, at("2026-11-02 10:00"))
        approved(run, at("2026-11-03 10:00"))
        second = arrived(at("2026-11-01 12:00"))
        approved(finished(second, at("2026-11-01 12:01")), at("2026-11-02 12:00"))
        unapproved = arrived(at("2026-11-01 12:00"))
        finished(unapproved, at("2026-11-01 12:05"))
        assert selectors.time_to_approval(dates=NOVEMBER) == [
            Waits(date(2026, 11, 2), 2, median=(7200 + 86400) / 2, p90=7200 + 0.9 * 79200),
            Waits(None, 2, median=(7200 + 86400) / 2, p90=7200 + 0.9 * 79200),
        ]

    def test_no_waits_no_rows(self):
        assert selectors.time_to_summary(dates=NOVEMBER) == []
        assert selectors.time_to_approval(dates=NOVEMBER) == []


def test_flagged_share_sums_the_stored_counts_per_day():
    """Flagged of checked over each day's finished runs; a run without stored counts is left out."""
    finished(arrived(at("2026-11-01 08:00")), at("2026-11-01 09:00"), flagged=1, checked=4)
    finished(arrived(at("2026-11-01 08:00")), at("2026-11-01 23:59"), flagged=2, checked=6)
    finished(arrived(at("2026-11-01 08:00")), at("2026-11-02 00:00"), flagged=0, checked=5)
    finished(arrived(at("2026-11-01 08:00")), at("2026-11-02 01:00"), flagged=None, checked=None)
    rows = selectors.flagged_share_per_day(dates=NOVEMBER)
    assert rows == [FlagDay(date(2026, 11, 1), runs=2, flagged=3, checked=10), FlagDay(date(2026, 11, 2), 1, 0, 5)]
    assert rows[0].share == 0.3


def test_failures_by_reason_counts_codes_with_the_latest_failure():
    """The most frequent reason first; each with its latest failed run, whose words name the reason."""
    failed(arrived(at("2026-11-01 08:00")), at("2026-11-01 09:00"), "worker_lost", count=2)
    failed(arrived(at("2026-11-01 08:00")), at("2026-11-02 09:00"), "timeout")
    latest = failed(arrived(at("2026-11-01 08:00")), at("2026-11-03 09:00"), "timeout")
    failed(arrived(at("2026-11-01 08:00")), at("2026-11-04 09:00"), "timeout")  # after the range
    rows = selectors.failures_by_reason(dates=NOVEMBER)
    assert [(row.code, row.runs) for row in rows] == [("timeout", 2), ("worker_lost", 1)]
    assert rows[0].latest.pk == latest.pk
    assert "2 times" in rows[1].latest.public_error_text


class TestQueue:
    def test_unfinished_runs_at_the_end_of_each_day(self):
        """A run counts from its creation until it finished; one still unfinished counts every day after it
        was made; one finished at an unknown time cannot be placed."""
        done_late = arrived(at("2026-11-01 10:00"))
        finished(done_late, at("2026-11-03 08:00"))
        arrived(at("2026-11-02 23:59"))  # still queued
        lost = arrived(at("2026-11-01 10:00"))
        Summary.objects.filter(article=lost).update(status=Summary.Status.FAILED, finished_at=None)
        quick = arrived(at("2026-11-02 10:00"))
        finished(quick, at("2026-11-02 11:00"))
        days = selectors.queue_per_day(dates=NOVEMBER)
        assert [(day.day, day.runs) for day in days] == [
            (date(2026, 11, 1), 1),
            (date(2026, 11, 2), 2),
            (date(2026, 11, 3), 1),
        ]
        assert days[0].moment == at("2026-11-02 00:00")

    def test_today_ends_now_and_no_day_after_today_is_counted(self):
        today = timezone.localdate()
        arrived(timezone.now())
        days = selectors.queue_per_day(dates=DateRange(start=today, end=date(today.year + 1, 1, 1)))
        assert [(day.day, day.runs) for day in days] == [(today, 1)]
        assert days[0].moment <= timezone.now()

    def test_queue_now_counts_every_unfinished_status(self):
        arrived(at("2026-11-01 10:00"))
        waiting = arrived(at("2026-11-01 10:00"))
        Summary.objects.filter(article=waiting).update(status=Summary.Status.WAITING)
        finished(arrived(at("2026-11-01 10:00")), at("2026-11-01 11:00"))
        assert selectors.queue_now() == {"queued": 1, "running": 0, "waiting": 1}


@pytest.fixture(params=[2, 6], ids=["2 articles", "6 articles"])
def busy(request):
    """`param` articles from two outlets, each finished, approved, with counts; as many failed and queued."""
    feed = Feed.objects.create(url="https://feed.example/rss", name="Feed")
    for number in range(request.param):
        article = arrived(at("2026-11-01 08:00"), feed=feed if number % 2 else None, url=f"https://s{number}.example/")
        approved(finished(article, at("2026-11-01 09:00"), flagged=1, checked=3), at("2026-11-02 09:00"))
        failed(arrived(at("2026-11-02 08:00")), at("2026-11-02 09:00"), "timeout" if number % 2 else "worker_lost")
        arrived(at("2026-11-03 08:00"))


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("articles_per_day", 1),
        ("time_to_summary", 1),
        ("time_to_approval", 1),
        ("flagged_share_per_day", 1),
        ("failures_by_reason", 2),
        ("queue_per_day", 2),
    ],
)
def test_each_selector_is_a_fixed_number_of_queries(busy, name, queries):
    """However many rows: the count of queries does not grow with them."""
    with assert_database_query_count(queries):
        rows = getattr(selectors, name)(dates=NOVEMBER)
    assert rows


def test_queue_now_is_one_query(busy):
    with assert_database_query_count(1):
        assert selectors.queue_now()["queued"] > 0
