"""The desk's page, its date range, each chart's CSV, and the same charts on the admin index."""

import csv
import io
import json
import re
from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from summaries.desk import selectors
from summaries.desk.charts import CHARTS
from summaries.desk.selectors import DateRange
from tests.factories import make_user
from tests.summaries.desk.factories import approved, arrived, at, failed, finished

pytestmark = pytest.mark.django_db
DESK = reverse("summaries:desk")


@pytest.fixture
def editor(client):
    client.force_login(make_user("desk-editor", editor=True))


@pytest.fixture
def news():
    """Two outlets on 1 November, one summary approved, one failure."""
    first = arrived(at("2026-11-01 08:00"), site_name="الأهرام")
    arrived(at("2026-11-01 09:00"), url="https://www.example.com/a")
    approved(finished(first, at("2026-11-01 08:30"), flagged=1, checked=4), at("2026-11-01 10:00"))
    failed(arrived(at("2026-11-01 11:00")), at("2026-11-01 11:05"), "timeout")


def csv_rows(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def chart_data(html: str, key: str) -> dict:
    found = re.search(rf'<script id="desk-{key}-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, key
    return json.loads(found.group(1))


class TestPage:
    def test_the_last_30_days_by_default(self, client, editor):
        today = timezone.localdate()
        arrived(timezone.now())
        html = client.get(DESK).content.decode()
        articles = chart_data(html, "articles")
        assert len(articles["labels"]) == 30
        assert [sum(values) for values in zip(*(series["values"] for series in articles["series"]), strict=True)][
            -1
        ] == 1
        assert f'value="{today - timedelta(days=29):%Y-%m-%d}"' in html and f'value="{today:%Y-%m-%d}"' in html

    def test_every_chart_has_its_canvas_table_and_csv_link(self, client, editor, news):
        html = client.get(DESK, {"start": "2026-11-01", "end": "2026-11-02"}).content.decode()
        for key in CHARTS:
            assert f'data-chart="desk-{key}-data"' in html, key
            assert f'id="chart-{key}-caption"' in html, key
            assert (
                f'href="{reverse("summaries:desk_csv", kwargs={"chart": key})}?start=2026-11-01&amp;end=2026-11-02"'
                in html
            )
        assert '<th scope="col"><bdi>الأهرام</bdi></th>' in html
        assert '<th scope="row"><bdi>1 November 2026</bdi></th>' in html
        assert "Processing took longer than the time limit" in html
        assert html.count('<script src="') == 3  # focus-error.js, Chart.js and desk.js: no inline script
        assert "/static/summaries/vendor/chartjs/chart.umd.min.js" in html

    def test_arabic_page_writes_numbers_and_days_the_arabic_way(self, client, editor):
        client.cookies["django_language"] = "ar"
        for minute in range(1234 % 60):
            arrived(at(f"2026-11-01 08:{minute:02d}"))
        html = client.get(DESK, {"start": "2026-11-01", "end": "2026-11-01"}).content.decode()
        assert '<html lang="ar" dir="rtl">' in html
        assert "نوفمبر" in html
        assert json.loads(re.search(r'id="desk-number-format" type="application/json">(.*?)<', html).group(1)) == {
            "decimal": "٫",
            "thousands": "٬",
        }
        flagged = chart_data(html, "articles")
        assert flagged["labels"] == ["1 نوفمبر"]


class TestRange:
    @pytest.mark.parametrize(
        ("query", "field", "message"),
        [
            ({"start": "2026-13-01"}, "start", "Enter a valid date."),
            ({"end": "yesterday"}, "end", "Enter a valid date."),
            ({"start": "2026-11-05", "end": "2026-11-01"}, "end", "The end date is before the start date."),
            ({"start": "2024-01-01", "end": "2026-11-01"}, "start", "Choose at most 366 days."),
            ({"end": "2999-01-01"}, "end", "The end date is in the future; the numbers go up to today."),
        ],
    )
    def test_a_bad_range_is_said_with_its_field(self, client, editor, query, field, message):
        response = client.get(DESK, query)
        assert response.status_code == 400
        html = response.content.decode()
        assert re.search(rf'id="id_{field}_error" role="alert"><ul class="errors"><li>{re.escape(message)}</li>', html)
        assert "data-chart=" not in html

    def test_one_date_alone_is_enough(self, client, editor):
        response = client.get(DESK, {"end": "2026-11-30"})
        assert response.status_code == 200
        assert len(chart_data(response.content.decode(), "articles")["labels"]) == 30

    def test_a_csv_with_a_bad_range_is_refused_the_same_way(self, client, editor):
        response = client.get(reverse("summaries:desk_csv", kwargs={"chart": "articles"}), {"start": "nope"})
        assert response.status_code == 400 and "Enter a valid date." in response.content.decode()


class TestCsv:
    def url(self, key: str) -> str:
        return reverse("summaries:desk_csv", kwargs={"chart": key})

    def test_articles_csv_has_a_header_a_bom_and_the_selector_numbers(self, client, editor, news):
        response = client.get(self.url("articles"), {"start": "2026-11-01", "end": "2026-11-03"})
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="desk-articles-2026-11-01-2026-11-03.csv"'
        rows = csv_rows(response)
        expected = selectors.articles_per_day(dates=DateRange(date(2026, 11, 1), date(2026, 11, 3)))
        assert rows[0] == ["Day", "Outlet or feed", "Articles"]
        assert rows[1:] == [
            [row.day.isoformat(), row.outlet or "Pasted or uploaded", str(row.articles)] for row in expected
        ]
        assert ["2026-11-01", "الأهرام", "1"] in rows

    def test_every_chart_has_a_csv(self, client, editor, news):
        for key in CHARTS:
            rows = csv_rows(client.get(self.url(key), {"start": "2026-11-01", "end": "2026-11-01"}))
            assert len(rows) >= 2 and all(len(row) == len(rows[0]) for row in rows), key

    def test_times_and_failures_in_the_csv(self, client, editor, news):
        query = {"start": "2026-11-01", "end": "2026-11-01"}
        assert csv_rows(client.get(self.url("time-to-summary"), query))[1] == ["2026-11-01", "1", "30.0", "30.0"]
        assert csv_rows(client.get(self.url("time-to-approval"), query))[1] == ["2026-11-01", "1", "2.0", "2.0"]
        assert csv_rows(client.get(self.url("flagged"), query))[1] == ["2026-11-01", "1", "1", "4", "0.25"]
        failures = csv_rows(client.get(self.url("failures"), query))
        assert failures[1][0] == "timeout" and failures[1][2] == "1"

    def test_arabic_headers(self, client, editor, news):
        client.cookies["django_language"] = "ar"
        rows = csv_rows(client.get(self.url("articles"), {"start": "2026-11-01", "end": "2026-11-01"}))
        assert rows[0] == ["اليوم", "وسيلة الإعلام أو الخلاصة", "المقالات"]

    def test_an_unknown_chart_is_not_found(self, client, editor):
        assert client.get(self.url("nothing")).status_code == 404


@override_settings(TIME_ZONE="UTC")
def test_staff_see_the_charts_on_the_admin_index(client, news):
    client.force_login(make_user("desk-staff", staff=True))
    arrived(timezone.now(), site_name="Today's outlet")
    html = client.get(reverse("admin:index")).content.decode()
    assert "The desk, last 30 days" in html
    articles = chart_data(html, "articles")
    assert articles["series"][0]["label"] == "Today's outlet" and articles["series"][0]["values"][-1] == 1
    assert "/static/summaries/js/desk.js" in html and "/static/summaries/css/desk.css" in html
