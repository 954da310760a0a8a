"""Words to check in a real browser: the shipped fact checker's own verdict on an altered translation is
stored as the pipeline stores it, and the article page marks the blamed words with their reason, on a
desktop and a phone, in both languages (screenshots in test-artifacts/screenshots/)."""

import pytest
from django.urls import reverse

from summaries.engines.checker.model import get_checker
from summaries.engines.grounding import ground_extractive
from summaries.runs.models import Summary
from tests.factories import finish, make_article, make_user
from tests.integration.browser import check_accessibility, screenshot
from tests.integration.test_responsive import signed_in

pytestmark = pytest.mark.integration
SOURCE = "قال الرئيس الروسي فلاديمير بوتين إن 35 شخصا قتلوا في الهجوم يوم الاثنين."
ALTERED = "Russian President Vladimir Putin said 53 people were killed in the attack on Friday."


@pytest.fixture
def flagged(transactional_db):
    editor = make_user("editor", editor=True)
    run = finish(make_article(source_text=SOURCE, submitted_by=editor).latest_summary, text=ALTERED)
    grounding = ground_extractive([0], [SOURCE], [ALTERED], embedder=None, threshold=0.8, checker=get_checker())
    Summary.objects.filter(pk=run.pk).update(
        source_sentences=[SOURCE], translated_sentences=[ALTERED], grounding=grounding.as_json()
    )
    assert grounding.translation_flags == [True], "the checker must flag a changed number and day"
    return editor, run


def open_marked(page_in, live_server, editor, language: str, path: str, marks: str):
    """The page at `path` as the editor sees it, once it marks 53 and Friday among the words of `marks`."""
    page = page_in(language)
    signed_in(page, live_server, editor)
    page.goto(live_server.url + path)
    found = page.locator(marks)
    texts = {found.nth(index).inner_text().split("\n")[0].strip() for index in range(found.count())}
    assert {"53", "Friday"} <= texts, texts
    return page


def on_a_phone(page, name: str) -> None:
    """Screenshots at 1280 and 390 px, nothing scrolling sideways on the phone, and no accessibility fault."""
    screenshot(page, f"{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    check_accessibility(page)
    screenshot(page, f"{name}-390")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_blamed_words_are_marked_with_their_reason(page_in, live_server, flagged, language):
    editor, run = flagged
    path = reverse("summaries:article_detail", kwargs={"article_id": run.article_id})
    page = open_marked(page_in, live_server, editor, language, path, ".flags mark.word-flag")
    title = page.locator("mark.word-flag", has_text="Friday").first.get_attribute("title") or ""
    assert title and (("date" in title) if language == "en" else any("\u0600" <= c <= "\u06ff" for c in title))
    page.locator("mark.word-flag", has_text="53").first.focus()
    on_a_phone(page, f"word-flags-{language}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_review_page_marks_the_summary_sentences_beside_the_summary(page_in, live_server, flagged, language):
    editor, run = flagged
    path = reverse("summaries:summary_review", kwargs={"summary_id": run.pk})
    page = open_marked(page_in, live_server, editor, language, path, ".review-summary .grounded-summary mark.word-flag")
    on_a_phone(page, f"review-word-flags-{language}")
