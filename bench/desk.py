"""The desk's charts at 100,000 articles: each selector (summaries/desk/selectors.py) and the whole page,
timed on the configured database (SQLite by default; PostgreSQL with DATABASE_URL, e.g. under
.ci/postgres.sh).

The rows go into a throwaway database made as the test suite makes one (`bench_desk_<pid>` on PostgreSQL, a
temporary file for SQLite), never into the site's own nor a test run's: articles spread over 90 days from 10 feeds, 15
sites and 40 hosts and pasted texts, each with a run (85 % done, 5 % failed, the newest 10 % unfinished),
its review record, and an approval for 60 % of the done ones. Each selector and the page are timed over
the default 30 days and over all 90, `--repeat` times; the median is reported. Usage:

    .venv/bin/python bench/desk.py [--articles 100000] [--repeat 5] [--json]
    .ci/postgres.sh .venv/bin/python bench/desk.py
"""

import argparse
import functools
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")  # the project's settings, static files unhashed

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from summaries.articles.models import Article  # noqa: E402
from summaries.articles.naming import link_host  # noqa: E402
from summaries.desk import selectors  # noqa: E402
from summaries.desk.selectors import DateRange  # noqa: E402
from summaries.feeds.models import Feed  # noqa: E402
from summaries.review.models import Review, ReviewEvent  # noqa: E402
from summaries.runs.models import Summary  # noqa: E402
from tests.factories import make_user  # noqa: E402

DAYS = 90
BATCH = 2000
FAILURES = [("timeout", {}), ("worker_lost", {"count": 2}), ("no_summary_text", {}), ("unsent", {"count": 5})]


def build(count: int, rng: random.Random) -> None:
    """`count` articles with their runs, review records and approvals, in bulk."""
    for model in (Article, Summary, ReviewEvent):  # the rows carry the moments they are placed at
        model._meta.get_field("created_at").auto_now_add = False
    feeds = Feed.objects.bulk_create(
        [Feed(url=f"https://feeds{number}.example/rss", name=f"خلاصة {number}") for number in range(10)]
    )
    now = timezone.now()
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        articles, runs = [], []
        for index in range(start, start + size):
            arrived = now - timedelta(days=DAYS * (1 - index / count), minutes=rng.random() * 60)
            kind = rng.random()
            fields: dict[str, Any] = {}
            if kind < 0.4:
                fields = {"feed": rng.choice(feeds), "url": f"https://site{index % 9}.example/{index}"}
            elif kind < 0.6:
                fields = {"site_name": f"موقع {index % 15}", "url": f"https://site{index % 15}.example/{index}"}
            elif kind < 0.8:
                fields = {"url": f"https://www.host{index % 40}.example:8443/news/{index}"}
            article = Article(
                source_text=f"خبر رقم {index}.",
                language="ar",
                content_hash=f"{index:064d}",
                created_at=arrived,
                host=link_host(fields.get("url", "")),  # as the intake services write it
                **fields,
            )
            articles.append(article)
            runs.append(_run(article, arrived, index / count, now, rng))
        Article.objects.bulk_create(articles, batch_size=BATCH)
        Summary.objects.bulk_create(runs, batch_size=BATCH)
        reviews, events = [], []
        for run in runs:
            approve = run.status == Summary.Status.DONE and rng.random() < 0.6
            state = Review.State.APPROVED if approve else Review.State.PENDING
            reviews.append(Review(summary=run, article=run.article, state=state))
            if approve:
                assert run.finished_at is not None
                moment = run.finished_at + timedelta(hours=rng.lognormvariate(0.5, 1))
                events.append(
                    ReviewEvent(
                        summary=run, action="approve", from_state="pending", to_state="approved", created_at=moment
                    )
                )
        Review.objects.bulk_create(reviews, batch_size=BATCH)
        ReviewEvent.objects.bulk_create(events, batch_size=BATCH)


def _run(article: Article, arrived: Any, age: float, now: Any, rng: random.Random) -> Summary:
    """Its one run: unfinished among the newest tenth, else done or (one in twenty) failed."""
    run = Summary(article=article, created_at=arrived)
    if age > 0.9 and rng.random() < 0.5:
        run.status = rng.choice([Summary.Status.QUEUED, Summary.Status.RUNNING, Summary.Status.WAITING])
        return run
    run.finished_at = min(arrived + timedelta(minutes=rng.lognormvariate(1, 0.8)), now)
    if rng.random() < 0.05:
        run.status = Summary.Status.FAILED
        run.error_code, run.error_params = rng.choice(FAILURES)
        return run
    run.status = Summary.Status.DONE
    run.checked_sentences = rng.randint(4, 30)
    run.flagged_sentences = rng.randint(0, run.checked_sentences // 3)
    return run


def timed(call: Callable[[], object], repeat: int) -> float:
    """The median of `repeat` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def measure(repeat: int) -> dict[str, dict[str, float]]:
    today = timezone.localdate()
    ranges = {
        "30 days": DateRange(today - timedelta(days=29), today),
        "90 days": DateRange(today - timedelta(days=DAYS), today),
    }
    client = Client()
    client.force_login(make_user("bench-editor", editor=True))
    results: dict[str, dict[str, float]] = {}
    for label, dates in ranges.items():
        calls: dict[str, Callable[[], object]] = {
            name: functools.partial(getattr(selectors, name), dates=dates)
            for name in (
                "articles_per_day",
                "time_to_summary",
                "time_to_approval",
                "flagged_share_per_day",
                "failures_by_reason",
                "queue_per_day",
            )
        }
        calls["queue_now"] = selectors.queue_now
        query = {"start": dates.start.isoformat(), "end": dates.end.isoformat()}

        def page(query: dict[str, str] = query) -> None:
            response = client.get(reverse("summaries:desk"), query)
            assert response.status_code == 200, response.status_code

        calls["page"] = page
        results[label] = {name: timed(call, repeat) for name, call in calls.items()}
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    setup_test_environment(debug=False)
    database = settings.DATABASES["default"]
    # A database of its own, whatever else runs: never the site's, nor a test run's `test_<name>`.
    scratch = tempfile.mkdtemp(prefix="bench-desk-")
    own = str(Path(scratch) / "desk.sqlite3") if connection.vendor == "sqlite" else f"bench_desk_{os.getpid()}"
    database["TEST"] = {**database.get("TEST", {}), "NAME": own}
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.perf_counter()
        build(args.articles, random.Random(29))
        built = round(time.perf_counter() - started, 1)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        report: dict[str, Any] = {
            "database": connection.vendor,
            "articles": Article.objects.count(),
            "runs": Summary.objects.count(),
            "approvals": ReviewEvent.objects.count(),
            "build_seconds": built,
            "median_ms": measure(args.repeat),
        }
    finally:
        teardown_databases(databases, verbosity=0)
        shutil.rmtree(scratch, ignore_errors=True)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(
            f"{report['database']}: {report['articles']:,} articles, {report['runs']:,} runs, "
            f"{report['approvals']:,} approvals (built in {built} s); median of {args.repeat}, ms:"
        )
        labels = list(report["median_ms"])
        print(f"{'':24}" + "".join(f"{label:>10}" for label in labels))
        for name in report["median_ms"][labels[0]]:
            print(f"{name:24}" + "".join(f"{report['median_ms'][label][name]:>10}" for label in labels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
