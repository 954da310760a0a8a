"""The review queue in a real browser, with articles of every kind (pasted, a link whose fetch failed, a feed
entry, an uploaded file): at 1280 px the article's column holds an Arabic line of several words; at 390 px
each row reads as a card that fits the screen. Screenshots land in test-artifacts/screenshots/queue-*.png.
"""

import pytest
from django.urls import reverse

from tests.factories import make_user
from tests.integration.browser import screenshot
from tests.integration.test_responsive import signed_in
from tests.summaries.queue_factories import every_kind_of_article

pytestmark = pytest.mark.integration

# Per row: the article cell's width, the Arabic name's words per line, and how a card sits in the window.
MEASURE = """() => Array.from(document.querySelectorAll('tr.queue-row')).map(row => {
    const cell = row.querySelector('td.queue-article'), name = cell.querySelector('.first-line');
    const lines = Math.max(1, Math.round(name.getBoundingClientRect().height / parseFloat(getComputedStyle(name).lineHeight)));
    const box = row.getBoundingClientRect();
    return {kind: cell.dataset.nameKind, lang: name.lang, cell: cell.getBoundingClientRect().width,
            wordsPerLine: name.textContent.trim().split(/\\s+/).length / lines, display: getComputedStyle(row).display,
            left: box.left, right: box.right, text: name.textContent.trim()};
})"""


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_queue_names_every_article_and_reads_at_both_widths(page_in, live_server, transactional_db, language):
    every_kind_of_article()
    page = page_in(language)
    signed_in(page, live_server, make_user("editor", editor=True))
    page.goto(live_server.url + reverse("summaries:review_queue"))

    rows = page.evaluate(MEASURE)
    assert sorted(row["kind"] for row in rows) == ["headline", "link", "text", "text"]
    assert all(row["text"] for row in rows), rows
    for row in rows:
        assert row["display"] == "table-row" and row["cell"] >= 300, row
        if row["lang"] == "ar" and len(row["text"].split()) >= 8:
            assert row["wordsPerLine"] >= 5, row  # not one word a line
    screenshot(page, f"queue-kinds-{language}-1280")

    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("getComputedStyle(document.querySelector('table.queue thead')).display") == "none"
    for row in page.evaluate(MEASURE):
        assert row["display"] == "block" and row["left"] >= 0 and row["right"] <= 390, row
    scroll = page.evaluate("(b => b.scrollWidth - b.clientWidth)(document.querySelector('.table-scroll'))")
    assert scroll <= 1
    screenshot(page, f"queue-kinds-{language}-390")
