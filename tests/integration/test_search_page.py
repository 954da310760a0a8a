"""The search page in a real browser: typed query, ranked results with marked snippets in their own
direction, in both interface languages, on a desktop and a phone (the page is also in test_responsive's
PAGES, so axe-core checks it)."""

import pytest
from django.urls import reverse

from tests.factories import make_user
from tests.integration.browser import screenshot
from tests.integration.test_responsive import page_width, signed_in
from tests.summaries.search.helpers import indexed_article

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_editor_searches_and_reads_marked_snippets(page_in, live_server, transactional_db, language):
    """Typing أحمد finds the article written أحمد and احمد alike; each snippet keeps its own direction."""
    editor = make_user("editor", editor=True)
    indexed_article(
        "قال الرئيس أحمد إن الانتخابات في مصر جرت بهدوء يوم الأحد، وإن النتائج ستعلن قريبا.",
        summary="President Ahmed said the elections in Egypt were calm on Sunday.",
    )
    indexed_article("صرح احمد بأن المحادثات ستستمر الأسبوع المقبل في القاهرة.")
    page = page_in(language)
    signed_in(page, live_server, editor)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + reverse("summaries:search"))
        page.fill("#id_q", "أحمد")
        page.locator("form.search-form button[type=submit]").click()
        page.wait_for_selector(".search-result")
        assert page.locator(".search-result").count() == 2
        arabic = page.locator('.snippet p[lang="ar"]').first
        assert arabic.get_attribute("dir") == "rtl"
        assert arabic.locator("mark").first.inner_text() in {"أحمد", "احمد"}
        assert page_width(page) <= width
        screenshot(page, f"search-typed-{language}-{width}")
