"""The interface in a real browser: live progress, direction and mirroring, and an editor's approval.

Chromium (Debian's, headless) talks to a live server; a real Redis and a real Celery worker with the
tiny models do the work. Screenshots land in test-artifacts/screenshots/.
"""

import shutil

import pytest
from django.conf import settings
from django.urls import reverse

from summaries.articles.models import Article
from summaries.review.models import Review
from summaries.runs.models import Summary
from tests.factories import finish, make_article, make_user
from tests.integration.browser import check_accessibility, screenshot
from tests.polling import SHUTDOWN_POLL, wait_for

pytestmark = pytest.mark.integration
LANGUAGES = ["en", "ar"]


def right_aligned(page, selector: str) -> bool:
    """Every line box of the block's first paragraph ends at the block's inline end on the right side."""
    return page.evaluate(
        """(selector) => {
            const block = document.querySelector(selector);
            const paragraph = block.querySelector("p") || block;
            const outer = paragraph.getBoundingClientRect(), style = getComputedStyle(paragraph);
            const box = {  // the content box: a padded block (an aligned sentence) ends its lines inside it
                right: outer.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth),
                left: outer.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth),
            };
            const range = document.createRange();
            range.selectNodeContents(paragraph);
            const lines = Array.from(range.getClientRects()).filter(r => r.width > 0);
            const lastLine = lines[lines.length - 1];
            return lines.length > 0 && lines.every(r => Math.abs(r.right - box.right) < 3)
                && (lines.length === 1 || lastLine.left > box.left + 1 || lines.every(r => Math.abs(r.left - box.left) < 3));
        }""",
        selector,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_paste_and_watch_the_result_arrive_without_reloading(
    page_in, live_server, start_worker, arabic_article, language
) -> None:
    """Paste the fixture article; the progress bar moves to done and the result appears in place, with each
    block in its own language and direction, the Arabic original right-aligned."""
    page = page_in(language)
    page.goto(live_server.url + reverse("summaries:submit"))
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    check_accessibility(page)
    screenshot(page, f"home-{language}")
    page.fill("#id_text", arabic_article)
    page.click("button.primary")
    page.wait_for_url("**/articles/*/")
    page.evaluate("window.__sameDocument = true")
    assert page.get_attribute("[data-status-url]", "data-status") == "queued"
    screenshot(page, f"running-{language}")

    start_worker()
    seen: list[int] = []

    def result_shown() -> bool:
        """Whether the result is in the page; until it is, the progress bar's value is noted (none while the
        bar is indeterminate: summarizing one section, with nothing to count)."""
        if page.locator("#summary").count():
            return True
        value = page.get_attribute("[data-progress]", "value")
        if value is not None:
            seen.append(int(value))
        return False

    wait_for(result_shown, timeout=120, interval=0.1, message=lambda: f"no result; progress seen {sorted(set(seen))}")
    assert page.locator("#summary").count() == 1
    assert page.evaluate("window.__sameDocument") is True  # no reload happened
    assert seen[0] == 0 and page.get_attribute("[data-progress]", "value") == "100"
    assert seen == sorted(seen)  # the bar only moves forward

    for selector, lang, direction in [
        ("#summary", "en", "ltr"),
        ("#translation", "en", "ltr"),
        (".aligned .source", "ar", "rtl"),
    ]:
        assert (page.get_attribute(selector, "lang"), page.get_attribute(selector, "dir")) == (lang, direction)
    page.click("#full-texts > summary")  # the texts, once, side by side, behind a control
    assert page.evaluate("getComputedStyle(document.querySelector('.aligned .source')).direction") == "rtl"
    assert right_aligned(page, ".aligned .source")
    assert page.locator(".source[lang=ar][dir=rtl]").count() == Summary.objects.get().source_sentences.__len__()
    assert page.locator("button[data-copy=summary]").is_visible()
    check_accessibility(page)
    screenshot(page, f"result-{language}")


def test_switching_to_arabic_mirrors_the_layout_and_persists(page_in, live_server, transactional_db):
    """The language switch turns the page right-to-left, moves the site name to the right, and sticks."""
    page = page_in("en")
    page.goto(live_server.url + reverse("summaries:submit"))
    width = page.viewport_size["width"]
    english = page.locator(".site-name").bounding_box()
    assert english["x"] + english["width"] < width / 2
    page.select_option("#language-select", "ar")
    page.click(".language-switch button")
    page.wait_for_selector("html[dir=rtl]")
    assert page.get_attribute("html", "lang") == "ar"
    arabic = page.locator(".site-name").bounding_box()
    assert arabic["x"] > width / 2
    label = page.locator("label[for=id_text]").bounding_box()
    assert label["x"] + label["width"] > width / 2  # form labels start on the right too
    page.goto(live_server.url + reverse("summaries:published_list"))
    assert page.get_attribute("html", "dir") == "rtl"


def test_keyboard_alone_submits_an_article_with_visible_focus(page_in, live_server, transactional_db, arabic_article):
    """Tab reaches the text area, focus is visibly outlined, and the form submits from the keyboard."""
    page = page_in("en")
    page.goto(live_server.url + reverse("summaries:submit"))
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_text":
            break
    assert page.evaluate("document.activeElement.id") == "id_text"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.insert_text(arabic_article)
    while page.evaluate("document.activeElement.type") != "submit":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/articles/*/")
    assert Article.objects.count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_editor_signs_in_and_approves(page_in, live_server, transactional_db, language):
    """An editor signs in through the form, opens the run from the queue, approves it, and the state changes."""
    make_user("editor", editor=True)
    article = make_article(
        source_text="وقّع الرئيسان الروسي والمصري اليوم على اتفاقية تجديد الشراكة الشاملة بين البلدين."
    )
    summary = finish(article.latest_summary, translation="The two presidents signed a partnership agreement today.")
    Summary.objects.filter(pk=summary.pk).update(
        source_sentences=[article.source_text], translated_sentences=[summary.translation]
    )
    page = page_in(language)
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", "Correct-horse-2026")
    page.click("form.narrow button[type=submit]")
    page.wait_for_url("**/review/")
    page.click(f"a[href='{reverse('summaries:summary_review', kwargs={'summary_id': summary.pk})}']")
    page.wait_for_selector("[data-review-state=pending]")
    source = page.locator(".review-texts .source").bounding_box()
    target = page.locator(".review-texts .target").bounding_box()
    assert (source["x"] > target["x"]) == (language == "ar")  # the original sits at the start side
    check_accessibility(page)
    screenshot(page, f"review-{language}")
    page.check("input[name=action][value=approve]")
    page.click("form[data-decision] button[type=submit]")
    page.wait_for_selector("[data-review-state=approved]")
    assert Summary.objects.get(pk=summary.pk).review.state == Review.State.APPROVED
    assert Article.objects.count() == 1
    screenshot(page, f"approved-{language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_run_waiting_for_its_models_shows_the_key_sentences_then_the_result_in_place(
    page_in, live_server, start_worker, arabic_article, tmp_path, tiny_models, language
):
    """No translation model yet: the page puts the Arabic key sentences (right to left) and the plain-words
    notice in place without a reload, fits a 390 px phone, and gives way to the result once the model arrives."""
    later = tmp_path / "arrives-later"
    start_worker(beat=True, TRANSLATION_MODEL=str(later), SWEEP_INTERVAL="1")
    page = page_in(language)
    page.goto(live_server.url + reverse("summaries:submit"))
    page.fill("#id_text", arabic_article)
    page.click("button.primary")
    page.wait_for_url("**/articles/*/")
    page.evaluate("window.__sameDocument = true")
    page.wait_for_selector("ol.key-sentences-list", timeout=120_000)
    listing = page.locator("ol.key-sentences-list")
    assert (listing.get_attribute("lang"), listing.get_attribute("dir")) == ("ar", "rtl")
    assert listing.locator("li").count() == 5
    assert page.evaluate("getComputedStyle(document.querySelector('ol.key-sentences-list')).direction") == "rtl"
    assert page.locator("[data-notice]").is_visible()
    check_accessibility(page)
    screenshot(page, f"waiting-{language}")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, f"waiting-{language}-390")

    shutil.copytree(tiny_models.translation, later)
    page.wait_for_selector("#summary", timeout=120_000)
    assert page.evaluate("window.__sameDocument") is True
    assert page.locator("ol.key-sentences-list").count() == 0


def test_a_cross_site_form_posted_to_the_api_leaves_the_visitors_session_and_articles(
    page_in, live_server, transactional_db, arabic_article
):
    """The attack: another site's page (here on 127.0.0.1; the app is on localhost) auto-submits a form to
    /api/v1/articles/. The visitor's SameSite=Lax cookie stays behind, and the API used to answer the
    cookie-less request with a new session cookie, taking the visitor's articles away. It is refused now,
    the cookie is untouched and the visitor still sees their article."""
    import http.server
    import threading

    page = page_in("en")
    page.goto(live_server.url + reverse("summaries:submit"))
    page.fill("#id_text", arabic_article)
    page.click("button.primary")
    page.wait_for_url("**/articles/*/")
    session_before = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}[
        settings.SESSION_COOKIE_NAME
    ]

    attack = (
        f'<!DOCTYPE html><form method="post" enctype="multipart/form-data" action="{live_server.url}/api/v1/articles/">'
        f'<input name="text" value="{arabic_article[:400]}"></form><script>document.forms[0].submit()</script>'
    ).encode()

    class Attacker(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(attack)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Attacker)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL}, daemon=True).start()
    try:
        with page.expect_response(lambda response: "/api/v1/articles/" in response.url) as answer:
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        assert answer.value.status == 403 and answer.value.json()["error"]["code"] == "cross_site"
    finally:
        server.shutdown()
    session_after = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}[settings.SESSION_COOKIE_NAME]
    assert session_after == session_before
    page.goto(live_server.url + reverse("summaries:articles_mine"))
    assert page.locator(f'a[href*="{Article.objects.get().pk}"]').count() >= 1
    assert Article.objects.count() == 1
