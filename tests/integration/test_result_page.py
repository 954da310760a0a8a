"""The result page of the fixture article in a real browser: the news first (headline, source, summary,
what to check) and everything above the full texts within two screens at 1280 px; a marked word's reason
shows when it gets the keyboard's focus; screenshots of the result and review pages at 1280 and 390 px."""

import pytest
from django.urls import reverse

from tests.factories import make_user
from tests.integration.browser import check_accessibility, screenshot
from tests.integration.result_fixture import fixture_article
from tests.integration.test_responsive import signed_in

pytestmark = pytest.mark.integration
TWO_SCREENS = 2 * 900


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_news_comes_first_and_the_checks_fit_two_screens(page_in, live_server, transactional_db, language):
    editor = make_user("editor", editor=True)
    run = fixture_article(editor)
    page = page_in(language)
    signed_in(page, live_server, editor)
    page.goto(live_server.url + reverse("summaries:article_detail", kwargs={"article_id": run.article_id}))
    tops = page.evaluate(
        """() => ['h1', '.byline', '#summary', '.flags', '#full-texts'].map(
            selector => document.querySelector(selector).getBoundingClientRect().top + window.scrollY)"""
    )
    assert tops == sorted(tops), tops
    assert "الشراكة الشاملة" in page.locator("h1").inner_text()
    assert tops[-1] <= TWO_SCREENS, f"the full texts start at {tops[-1]} px"
    assert not page.locator("#full-texts").evaluate("details => details.open")
    assert page.locator(".flags .flagged-sentence").count() == 4
    check_accessibility(page)
    screenshot(page, f"result-{language}-1280")

    # The marked word's reason, hidden until then, shows when Tab reaches it.
    mark = page.locator(".flags mark.word-flag", has_text="Trump")
    reason = mark.locator(".visually-hidden")
    assert reason.bounding_box()["width"] <= 1
    page.locator("#flags-heading").click()  # Tab from just above the marks
    for _ in range(10):
        page.keyboard.press("Tab")
        if mark.evaluate("node => node === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the marked word")
    assert reason.bounding_box()["width"] > 50
    assert reason.is_visible() and reason.inner_text().strip(" ()")

    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, f"result-{language}-390")

    page.goto(live_server.url + reverse("summaries:summary_review", kwargs={"summary_id": run.pk}))
    assert page.locator(".review-texts .pair.flagged .issues li").count() == 3  # every flagged row says why
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"review-{language}-{width}")

    # Nothing chosen at first; approving asks how many sentences are flagged, and a "no" approves nothing.
    assert page.locator("input[name=action]:checked").count() == 0
    assert not page.locator("[data-confirm-flagged]").is_visible()
    page.check("input[name=action][value=approve]")
    assert page.locator("[data-confirm-flagged]").is_visible()
    questions: list[str] = []

    def answer(dialog, accept: bool) -> None:
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.click("form[data-decision] button[type=submit]")
    assert page.locator("[data-review-state=pending]").count() == 1
    page.once("dialog", lambda dialog: answer(dialog, True))
    page.click("form[data-decision] button[type=submit]")
    page.wait_for_selector("[data-review-state=approved]")
    assert len(questions) == 2 and ("4 of 15" in questions[0] if language == "en" else "15" in questions[0])
