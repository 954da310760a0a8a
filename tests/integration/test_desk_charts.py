"""The desk's charts in a real browser, in both languages: every chart draws (its canvas is not blank) with
the vendored Chart.js and no script error or CSP violation, right to left in Arabic, without animation for
reduced motion; and the table and the CSV beside a chart hold the selector's numbers."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from summaries.desk import selectors
from summaries.desk.charts import CHARTS
from summaries.desk.forms import default_range
from tests.factories import make_user
from tests.integration.browser import screenshot
from tests.integration.test_responsive import signed_in
from tests.summaries.desk.factories import approved, arrived, failed, finished, later

pytestmark = pytest.mark.integration

# How many pixels of a canvas something was drawn on (alpha above zero).
PAINTED = """canvas => {
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let index = 3; index < pixels.length; index += 4) { if (pixels[index] > 0) painted++; }
    return painted;
}"""
ALL_DRAWN = """() => Array.from(document.querySelectorAll('canvas[data-chart]')).every(canvas => {
    const chart = window.Chart && window.Chart.getChart(canvas);
    return chart && !chart.animating && canvas.width > 0;
})"""


@pytest.fixture
def world(transactional_db):
    """Today and yesterday: articles from an Arabic outlet, a host and a paste; summaries done, approved,
    failed, and one still queued."""
    now = timezone.now()
    editor = make_user("desk-browser-editor", editor=True)
    for hours, fields in [(30, {"site_name": "الأهرام"}), (2, {"url": "https://www.example.com/1"}), (1, {})]:
        article = arrived(later(now, hours=-hours), **fields)
        approved(finished(article, later(now, hours=-hours, minutes=20), flagged=1, checked=5), later(now, minutes=-30))
    failed(arrived(later(now, hours=-3)), later(now, hours=-2), "timeout")
    arrived(later(now, minutes=-5))
    return {"editor": editor}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_chart_draws_and_its_numbers_match(page_in, live_server, world, language):
    page = page_in(language)
    page.emulate_media(reduced_motion="reduce")
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error {error}"))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    signed_in(page, live_server, world["editor"])
    page.goto(live_server.url + reverse("summaries:desk"))
    page.wait_for_function(ALL_DRAWN, timeout=10_000)
    canvases = page.locator("canvas[data-chart]")
    assert canvases.count() == len(CHARTS)
    for index in range(canvases.count()):
        assert canvases.nth(index).evaluate(PAINTED) > 500, canvases.nth(index).get_attribute("data-chart")
    options = page.evaluate(
        """() => Array.from(document.querySelectorAll('canvas[data-chart]')).map(canvas => {
            const chart = window.Chart.getChart(canvas);
            return {animation: chart.options.animation, legend: chart.options.plugins.legend.rtl,
                    reverse: chart.options.scales.x.reverse};
        })"""
    )
    rtl = language == "ar"
    assert all(option["animation"] is False for option in options)  # reduced motion: none
    assert all(option["legend"] is rtl and option["reverse"] is rtl for option in options)
    assert problems == []

    dates = default_range()
    today = selectors.articles_per_day(dates=dates)
    total_today = sum(row.articles for row in today if row.day == dates.end)
    table = page.locator("#chart-articles table tbody tr").last
    assert table.locator("td").last.text_content() == str(total_today)
    failures = page.locator("#chart-failures table tbody tr")
    assert failures.count() == 1 and failures.first.locator("td").last.text_content() == "1"

    link = page.locator("#chart-articles .desk-download a").get_attribute("href")
    body = page.request.get(live_server.url + link).body().decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))[1:]
    assert sorted((row[0], int(row[2])) for row in rows) == sorted((row.day.isoformat(), row.articles) for row in today)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_admin_index_draws_the_same_charts_for_staff(page_in, live_server, world, language):
    page = page_in(language)
    signed_in(page, live_server, make_user("desk-browser-staff", staff=True))
    page.goto(live_server.url + reverse("admin:index"))
    page.wait_for_function(ALL_DRAWN, timeout=10_000)
    canvases = page.locator(".module.desk canvas[data-chart]")
    assert canvases.count() == len(CHARTS)
    assert all(canvases.nth(index).evaluate(PAINTED) > 500 for index in range(canvases.count()))
    screenshot(page, f"admin-desk-{language}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"admin-desk-{language}-390")
