"""Every page on a phone and on a desktop, in both languages, in a real browser: nothing scrolls the page
sideways at 360 or 390 px, paired columns stack, and a screenshot of each page at 1280 and 390 px lands
in test-artifacts/screenshots/ for a person to look at. Also the upload drop zone, the copy buttons and
the Arabic web font.
"""

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from summaries.articles.models import Article
from summaries.glossary.models import GlossaryEntry, GlossaryImport
from summaries.related.services import article_vectors_backfill
from summaries.review import decisions as review
from summaries.review.models import Review
from summaries.runs.models import Summary
from summaries.search.services import search_index_rebuild
from summaries.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tests.factories import finish, make_article, make_user
from tests.integration.browser import check_accessibility, screenshot
from tests.polling import wait_for

pytestmark = pytest.mark.integration
LANGUAGES = ["en", "ar"]
LONG_AR = (
    "وقّع الرئيسان الروسي والمصري اليوم على اتفاقية تجديد الشراكة الشاملة والتعاون الاستراتيجي بين البلدين، "
    "كما شهدا توقيع وزيري خارجية البلدين على مذكرة تفاهم بشأن المشاورات السياسية."
)
LONG_EN = (
    "The Russian and Egyptian presidents today signed an agreement renewing the comprehensive partnership and "
    "strategic cooperation between the two countries."
)
UNBROKEN = "https://example.org/" + "a-very-long-address-without-spaces-" * 6  # must wrap, not widen the page


@pytest.fixture
def world(transactional_db):
    """An editor with a finished, an approved, a failed and a queued article of their own."""
    editor = make_user("editor", editor=True)
    sources = [LONG_AR, "هذه فقرة عربية.\n\nThis paragraph is in English (CNN, 2026).\n\n" + LONG_AR]
    done = finish(
        make_article(source_text=" ".join(sources) + " " + UNBROKEN, submitted_by=editor).latest_summary,
        text=LONG_EN + " " + UNBROKEN,
        translation=LONG_EN,
    )
    Summary.objects.filter(pk=done.pk).update(
        source_sentences=[LONG_AR, LONG_AR + " " + UNBROKEN], translated_sentences=[LONG_EN, LONG_EN]
    )
    approved = finish(make_article(source_text=LONG_AR + " ثانيًا.", submitted_by=editor).latest_summary)
    review.summary_transition(summary_id=approved.pk, editor=editor, action="approve")
    failed = make_article(source_text=LONG_AR + " ثالثًا.", submitted_by=editor).latest_summary
    Summary.objects.filter(pk=failed.pk).update(status=Summary.Status.FAILED, error_code="timeout")
    queued = make_article(source_text=LONG_AR + " رابعًا.", submitted_by=editor)
    GlossaryEntry.objects.create(
        arabic="السيسي", arabic_variants="السيسى", english="Sisi", wrong_variants="El-Sisi\nAl-Sisi", note=UNBROKEN
    )
    glossary_import = GlossaryImport.objects.create(
        file_name=f"glossary-{UNBROKEN}.csv",
        fmt="csv",
        data=b"",
        status=GlossaryImport.Status.FAILED,
        total_rows=80009,
        errors=[f"Line 3: the English rendering {UNBROKEN} is not a name.", "Line 9: the Arabic term is missing."],
    )
    endpoint = WebhookEndpoint.objects.create(
        url=UNBROKEN, description="نظام إدارة المحتوى", events=["summary.published", "run.failed"], secret="whsec_eA=="
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="summary.published", payload="{}", status="failed", attempts=2
    )
    for number, code in ((1, 500), (2, None)):
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=number,
            response_code=code,
            response_excerpt=UNBROKEN if code else "",
            error="status" if code else "timeout",
            started_at=timezone.now(),
            duration_ms=1200,
        )
    article_vectors_backfill()  # the article pages list each other as similar articles
    search_index_rebuild()  # the search page finds the articles made here
    return {
        "endpoint": endpoint,
        "editor": editor,
        "done": done,
        "approved": approved,
        "failed": failed,
        "queued": queued,
        "glossary_import": glossary_import,
    }


def signed_in(page, live_server, user) -> None:
    """The browser carries a session made by Django's test client for this user (same database)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def article_url(summary: Summary) -> str:
    return reverse("summaries:article_detail", kwargs={"article_id": summary.article_id})


PAGES: dict[str, Callable[[dict], str]] = {
    "home": lambda world: reverse("summaries:submit"),
    "result": lambda world: article_url(world["done"]),
    "failed": lambda world: article_url(world["failed"]),
    "queued": lambda world: reverse("summaries:article_detail", kwargs={"article_id": world["queued"].pk}),
    "mine": lambda world: reverse("summaries:articles_mine"),
    "published": lambda world: reverse("summaries:published_list"),
    "published-article": lambda world: reverse(
        "summaries:published_detail", kwargs={"article_id": world["approved"].article_id}
    ),
    "queue": lambda world: reverse("summaries:review_queue"),
    "review": lambda world: reverse("summaries:summary_review", kwargs={"summary_id": world["done"].pk}),
    "glossary": lambda world: reverse("summaries:glossary_list"),
    "glossary-import": lambda world: reverse(
        "summaries:glossary_import_status", kwargs={"import_id": world["glossary_import"].pk}
    ),
    "webhooks": lambda world: reverse("summaries:webhooks_list"),
    "webhook-edit": lambda world: reverse("summaries:webhook_edit", kwargs={"endpoint_id": world["endpoint"].pk}),
    "webhook-deliveries": lambda world: reverse(
        "summaries:webhook_deliveries", kwargs={"endpoint_id": world["endpoint"].pk}
    ),
    "desk": lambda world: reverse("summaries:desk"),
    "sign-in": lambda world: reverse("login"),
    "not-found": lambda world: "/articles/00000000-0000-0000-0000-000000000000/",
    "search": lambda world: reverse("summaries:search") + "?" + urlencode({"q": "الشراكة partnership"}),
}


def page_width(page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


WIDER_THAN_THE_WINDOW = """() => Array.from(document.querySelectorAll('body *'))
    .filter(el => { const box = el.getBoundingClientRect(); return box.right > innerWidth + 1 || box.left < -1; })
    .filter(el => !el.closest('.table-scroll') || el.classList.contains('table-scroll'))
    .map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().width))
    .slice(0, 8)"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_scrolls_sideways_on_a_phone(page_in, live_server, world, language):
    """Every page in turn, in one browser context per language (signed in as the editor, the sign-in page
    in a context of its own): 1280 px, then 390 and 360 px."""
    editor_page, visitor_page = page_in(language), page_in(language)
    signed_in(editor_page, live_server, world["editor"])
    too_wide = []
    for name, url in PAGES.items():
        page = visitor_page if name == "sign-in" else editor_page
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server.url + url(world))
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        screenshot(page, f"{name}-{language}-1280")
        for width in (390, 360):
            page.set_viewport_size({"width": width, "height": 844})
            assert page.evaluate("window.innerWidth") == width
            if page_width(page) > width:
                too_wide.append(f"{name} at {width} px: {page.evaluate(WIDER_THAN_THE_WINDOW)}")
            if width == 390:
                check_accessibility(page)
                screenshot(page, f"{name}-{language}-390")
    assert too_wide == []


ERROR_PAGES = {
    "error-400": "/failing/400/",
    "error-403": "/failing/403/",
    "error-404": "/articles/no-such-article/",
    "error-500": "/failing/500/",
}


@pytest.mark.urls("tests.error_urls")
@pytest.mark.parametrize("language", LANGUAGES)
def test_error_pages_fit_a_phone_and_a_desktop(page_in, live_server, transactional_db, language):
    """The site's own 400, 403, 404 and 500 pages (never Django's debug pages), in the reader's language and
    direction, without sideways scrolling, accessible, with screenshots at 1280 and 390 px."""
    page = page_in(language)
    too_wide = []
    for name, path in ERROR_PAGES.items():
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == int(name[-3:])
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        assert page.locator("h1").inner_text() and "Traceback" not in page.content()
        screenshot(page, f"{name}-{language}-1280")
        page.set_viewport_size({"width": 390, "height": 844})
        if page_width(page) > 390:
            too_wide.append(f"{name}: {page.evaluate(WIDER_THAN_THE_WINDOW)}")
        check_accessibility(page)
        screenshot(page, f"{name}-{language}-390")
    assert too_wide == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_paired_columns_stack_on_a_phone_and_stay_side_by_side_on_a_desktop(page_in, live_server, world, language):
    """Each original sentence sits above its translation at 390 px (same pair box), beside it at 1280 px."""
    page = page_in(language)
    signed_in(page, live_server, world["editor"])
    page.goto(live_server.url + article_url(world["done"]))
    page.click("#full-texts > summary")  # the aligned texts sit behind a control, below the news

    def boxes():
        source = page.locator(".aligned .pair .source").first.bounding_box()
        target = page.locator(".aligned .pair .target").first.bounding_box()
        return source, target

    source, target = boxes()
    assert abs(source["y"] - target["y"]) < 2  # side by side
    page.set_viewport_size({"width": 390, "height": 844})
    source, target = boxes()
    assert target["y"] >= source["y"] + source["height"] - 1  # original above its translation
    assert source["width"] > 250  # the Arabic column is not squeezed to a word or two a line


@pytest.mark.parametrize("language", LANGUAGES)
def test_arabic_text_uses_the_vendored_naskh_font(page_in, live_server, world, language):
    """The font comes from our static files (no CDN) and is what the browser draws Arabic blocks with."""
    page = page_in(language)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    signed_in(page, live_server, world["editor"])
    page.goto(live_server.url + article_url(world["done"]))
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Noto Naskh Arabic\"', 'وقع')")
    family = page.evaluate("getComputedStyle(document.querySelector('.aligned .source')).fontFamily")
    assert family.startswith('"Noto Naskh Arabic"')
    assert any(url.endswith("noto-naskh-arabic-arabic-400-normal.woff2") for url in requests)
    assert all(url.startswith(live_server.url) for url in requests)  # nothing from another host


# The results section's heading and its rows are inside the window.
RESULTS_IN_VIEW = """() => {
    const rows = Array.from(document.querySelectorAll('[data-upload-results] h2, [data-upload-results] .outcome'));
    return rows.length > 1 && rows.every(el => { const box = el.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= innerHeight; });
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_dropped_files_upload_one_by_one_with_their_own_outcomes(
    page_in, live_server, transactional_db, arabic_article, tmp_path: Path, language
):
    """Three files dropped on the zone, one of them empty: each gets its own row with its progress and its
    outcome (icon, colour, words); the empty one is refused by name and the others go in."""
    page = page_in(language)
    page.goto(live_server.url + reverse("summaries:submit"))
    button = page.locator("label.choose")
    assert button.is_visible() and button.inner_text() == ("Choose files" if language == "en" else "اختر ملفات")
    page.evaluate(
        """([good, other]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([good], "first.txt", {type: "text/plain"}));
            transfer.items.add(new File([""], "empty.txt", {type: "text/plain"}));
            transfer.items.add(new File([other], "third.txt", {type: "text/plain"}));
            const zone = document.querySelector("[data-drop-zone]");
            zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: transfer, bubbles: true, cancelable: true}));
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        }""",
        [arabic_article, arabic_article + " ثالثًا."],
    )
    assert page.locator("[data-file-list] .outcome.pending").count() == 3
    sizes = page.locator("[data-file-list] .size").all_inner_texts()
    # As the server writes sizes: units of 1,024 named KiB, the language's decimal sign, "bytes" in the plural.
    assert sizes == (
        [" · 5.6 KiB", " · 0 bytes", " · 5.6 KiB"]
        if language == "en"
        else [" · 5٫6 كيبيبايت", " · 0 بايت", " · 5٫6 كيبيبايت"]
    )
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"upload-chosen-{language}-390")
    page.click("button.primary")
    wait_for(lambda: page.locator("[data-upload-results] .outcome").count() == 3, timeout=60)
    # The results are where the page went: in view, focused and announced; the form is ready for more.
    assert page.evaluate(RESULTS_IN_VIEW), "the results are out of view"
    assert page.evaluate("document.activeElement.id") == "upload-results-heading"
    assert page.locator("[data-upload-status]").inner_text().strip()
    assert page.locator("button.primary").is_enabled()
    assert page.locator("[data-file-list] .outcome").count() == 0
    rows = page.locator("[data-upload-results] .outcome")
    assert rows.count() == 3
    outcomes = {
        rows.nth(index).locator("bdi").inner_text(): rows.nth(index).get_attribute("class") for index in range(3)
    }
    assert outcomes == {
        "first.txt": "outcome accepted",
        "empty.txt": "outcome refused",
        "third.txt": "outcome accepted",
    }
    refused = page.locator("[data-upload-results] .outcome.refused")
    assert refused.locator(".outcome-icon").inner_text() == "✗"
    assert refused.locator(".outcome-icon").get_attribute("aria-hidden") == "true"
    assert refused.locator(".reason").inner_text().strip()  # the reason, in words
    assert page.locator("[data-upload-results] .outcome.accepted a").count() == 2
    assert [int(bar.get_attribute("value") or 0) for bar in page.locator("[data-upload-results] progress").all()] == [
        100,
        100,
        100,
    ]
    assert Article.objects.count() == 2
    assert page.locator("[data-upload-results]").is_visible()
    assert page_width(page) <= 390
    check_accessibility(page)
    screenshot(page, f"upload-outcomes-{language}-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, f"upload-outcomes-{language}-1280")


def test_copy_buttons_are_disabled_when_there_is_nothing_to_copy(page_in, live_server, transactional_db):
    """A run finished before empty output counted as a failure has an empty summary: its copy button is
    disabled instead of saying "Copied." for nothing; a run with text has a working button."""
    editor = make_user("editor", editor=True)
    empty = finish(make_article(submitted_by=editor).latest_summary, text="")
    full = finish(make_article(source_text=LONG_AR, submitted_by=editor).latest_summary, text=LONG_EN)
    page = page_in("en")
    signed_in(page, live_server, editor)
    page.goto(live_server.url + article_url(empty))
    assert page.locator("button[data-copy=summary]").is_disabled()
    page.goto(live_server.url + article_url(full))
    assert page.locator("button[data-copy=summary]").is_enabled()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_queued_run_shows_its_place_in_the_queue(page_in, live_server, world, language):
    """The only queued run is next; the words are the interface language's."""
    page = page_in(language)
    signed_in(page, live_server, world["editor"])
    page.goto(live_server.url + reverse("summaries:article_detail", kwargs={"article_id": world["queued"].pk}))
    expected = (
        "Waiting for a worker: next in the queue" if language == "en" else "بانتظار عامل المعالجة: التالي في الطابور"
    )
    assert expected in page.inner_text("main")


def test_a_failed_run_says_failed_in_plain_words_to_its_submitter(page_in, live_server, transactional_db):
    """A model that could not be loaded: the submitter reads that the service is not fully set up, never the
    settings and commands (which staff see); the run is "Failed", not "Pending review"."""
    from summaries.common.exceptions import EngineError
    from summaries.runs.lifecycle import summary_fail

    reporter = make_user("reporter")
    run = make_article(source_text=LONG_AR, submitted_by=reporter).latest_summary
    error = EngineError("model_missing", model="Helsinki-NLP/opus-mt-ar-en", reason="not cached", setting="X")
    summary_fail(summary_id=run.pk, error=error)
    page = page_in("en")
    signed_in(page, live_server, reporter)
    page.goto(live_server.url + article_url(run))
    text = page.inner_text("main")
    assert "not fully set up" in text and "manage.py" not in text and "Pending review" not in text
    page.goto(live_server.url + reverse("summaries:articles_mine"))
    assert page.locator(".article-row .state-failed").inner_text() == "Failed"


def test_the_arabic_list_counts_and_dates_in_arabic(page_in, live_server, world):
    """Your articles in Arabic: character counts in the right plural form and dates with the Arabic comma."""
    page = page_in("ar")
    signed_in(page, live_server, world["editor"])
    page.goto(live_server.url + reverse("summaries:articles_mine"))
    newest = Article.objects.filter(submitted_by=world["editor"]).order_by("-created_at", "-pk").first()
    length = len(newest.source_text)
    tail = length % 100
    word = "أحرف" if 3 <= tail <= 10 else "حرفًا" if tail >= 11 else "حرف"  # Arabic plural forms 3, 4 and 5
    meta = page.locator(".article-row .meta").first.inner_text()
    assert "،" in meta and "," not in meta
    assert f"{length} {word}" in meta


def test_an_english_headline_sits_at_the_start_of_an_arabic_page(page_in, live_server, world):
    """The published page in Arabic: the English headline is isolated left-to-right text, but its heading
    follows the page, so it starts on the right like everything else (it used to sit at the far left)."""
    Review.objects.filter(summary=world["approved"]).update(title="Russia and Egypt renew their partnership")
    page = page_in("ar")
    page.goto(
        live_server.url + reverse("summaries:published_detail", kwargs={"article_id": world["approved"].article_id})
    )
    heading = page.locator("main h1").bounding_box()
    words = page.locator("main h1 bdi[lang=en][dir=ltr]").bounding_box()
    assert abs((words["x"] + words["width"]) - (heading["x"] + heading["width"])) < 3
