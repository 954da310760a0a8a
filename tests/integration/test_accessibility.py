"""Accessibility as a test: axe-core (WCAG 2.x A/AA and best practices) on every page in both languages at
390 and 1280 px, no layout shift from the fonts, a skip link first, help and error texts wired to their
fields, focus on the first error after a failed submit.

A failure lists every finding as "page language width: rule (impact) what to fix | element | why | HTML",
so one run says everything to fix.
"""

import gzip

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from tests.integration.accessibility import (
    NETWORK_LATENCY_MS,
    axe_violations,
    layout_shift,
    structure_problems,
    throttle,
    uncached,
    weak_focus_rings,
)
from tests.integration.browser import screenshot
from tests.integration.test_responsive import ERROR_PAGES, PAGES, signed_in, world  # noqa: F401 (the fixture, used below)

pytestmark = pytest.mark.integration

# Every page of test_responsive.PAGES (the editor's, the sign-in page a visitor's), the error pages, the API
# documentation and the admin's index (a staff user's).
EXTRA_PAGES = {
    **{name: (lambda _, path=path: path) for name, path in ERROR_PAGES.items()},
    "api-docs": lambda _: reverse("api:docs"),
    "admin-index": lambda _: reverse("admin:index"),
}
VISITOR_PAGES = {"sign-in", "error-400", "error-403", "error-404", "error-500"}
WIDTHS = {1280: 900, 390: 844}


@pytest.mark.urls("tests.error_urls")
@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_page_passes_axe_core_without_layout_shift(page_in, live_server, world, language):  # noqa: F811 (world: the imported fixture)
    """Each page loaded afresh at each width: axe-core finds nothing, the layout does not shift while the page
    and its fonts load (CLS <= 0.05), the skip link is the first stop of the Tab key, every aria-describedby
    names an element that exists, and nothing the page asks for is missing (favicon included). Nothing comes
    from the cache, and at 390 px every request takes NETWORK_LATENCY_MS more, as on a phone's connection:
    the fonts then arrive after the first paint unless they are preloaded, and a face swapped in late would
    move the text."""
    editor, visitor, staff = page_in(language), page_in(language), page_in(language)
    signed_in(editor, live_server, world["editor"])
    signed_in(staff, live_server, make_user("admin", staff=True))
    failed_requests: list[str] = []
    sessions = [uncached(page) for page in (editor, visitor, staff)]
    for page in (editor, visitor, staff):
        page.on("response", lambda r: r.status == 404 and failed_requests.append(f"{r.status} {r.url}"))
    findings: list[str] = []
    for width, height in WIDTHS.items():
        for session in sessions:  # a phone's connection is slow: at 390 px each request waits a while
            throttle(session, NETWORK_LATENCY_MS if width == 390 else 0)
        for name, url in {**PAGES, **EXTRA_PAGES}.items():
            page = visitor if name in VISITOR_PAGES else staff if name == "admin-index" else editor
            page.set_viewport_size({"width": width, "height": height})
            page.goto(live_server.url + url(world))
            if name == "api-docs":  # Swagger UI draws the operations from the schema after the load
                page.wait_for_selector(".opblock-summary-control")
                screenshot(page, f"api-docs-{language}-{width}")
            where = f"{name} {language} {width}"
            findings += layout_shift(page, where)
            findings += structure_problems(page, where)
            findings += axe_violations(page, where)
    expected_404 = [line for line in failed_requests if "/articles/" in line]  # the not-found pages themselves
    assert findings == [], "\n".join([f"{len(findings)} accessibility findings:", *findings])
    assert sorted(set(failed_requests) - set(expected_404)) == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_skip_link_is_the_first_tab_stop_and_moves_to_the_content(page_in, live_server, world, language):  # noqa: F811 (world: the imported fixture)
    """Hidden until focused, then visible on screen in the reader's language; following it puts the focus in
    the main content, so the next Tab skips the header."""
    page = page_in(language)
    signed_in(page, live_server, world["editor"])
    page.goto(live_server.url + reverse("summaries:review_queue"))
    link = page.locator("a.skip-link")
    assert link.count() == 1
    assert link.bounding_box() is None or link.bounding_box()["y"] + link.bounding_box()["height"] <= 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = link.bounding_box()
    assert box is not None and box["y"] >= 0 and box["width"] > 40 and box["height"] > 10
    assert link.inner_text() == ("Skip to content" if language == "en" else "انتقل إلى المحتوى")
    screenshot(page, f"skip-link-{language}-1280")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_failed_submit_puts_the_focus_on_the_first_error(page_in, live_server, transactional_db, language):
    """A too short text on the home page and a wrong password on the sign-in page: the focus lands on the
    field in error (or the form's error), which names its help and error texts, and every named text exists;
    axe-core finds nothing on either page in that state."""
    make_user("reporter")
    page = page_in(language)
    page.goto(live_server.url + reverse("summaries:submit"))
    page.fill("#id_text", "قصير")
    page.click("button.primary")
    page.wait_for_selector("#id_text[aria-invalid=true]")
    assert page.evaluate("document.activeElement.id") == "id_text"
    described = page.get_attribute("#id_text", "aria-describedby").split()
    assert described == ["id_text_helptext", "id_text_error"]
    assert all(page.locator(f"#{id}").inner_text().strip() for id in described)
    findings = axe_violations(page, f"home with errors {language}") + structure_problems(page, "home with errors")
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", "reporter")
    page.fill("#id_password", "wrong")
    page.click("main form button[type=submit]")
    page.wait_for_selector("[role=alert]")
    assert page.evaluate("document.activeElement.closest('[role=alert]') !== null")
    findings += axe_violations(page, f"sign-in with errors {language}")
    assert findings == [], "\n".join(findings)


def test_pages_have_a_favicon_a_description_and_come_back_compressed(transactional_db):
    """The favicon is a static file linked from every page; the description names the site; HTML is
    gzip-encoded for a client that accepts it (and plain for one that does not)."""
    client = Client()
    response = client.get(reverse("login"), headers={"accept-encoding": "gzip, deflate"})
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert '<link rel="icon" href="/static/summaries/favicon.svg" type="image/svg+xml">' in html
    assert '<meta name="description" content="' in html
    assert finders.find("summaries/favicon.svg")
    plain = client.get(reverse("login"))
    assert "Content-Encoding" not in plain and b"<html" in plain.content


def test_every_focus_ring_stands_out_from_its_background(page_in, live_server, world):  # noqa: F811 (world: the imported fixture)
    """Tabbing through the home, review and glossary pages: each focused control has a ring of at least 2 px
    with 3:1 contrast or more against the background around it (WCAG 1.4.11)."""
    page = page_in("en")
    signed_in(page, live_server, world["editor"])
    weak: list[str] = []
    for name in ("home", "review", "glossary"):
        page.goto(live_server.url + PAGES[name](world))
        weak += weak_focus_rings(page, name, stops=40)
    assert weak == [], "\n".join(weak)


@pytest.mark.parametrize(
    ("language", "opening", "heading"),
    [
        ("en", '<html lang="en" dir="ltr">', "API documentation"),
        ("ar", '<html lang="ar" dir="rtl">', "توثيق واجهة البرمجة"),
    ],
)
def test_the_api_docs_page_follows_the_interface_language(transactional_db, language, opening, heading):
    """The page's own texts are the reader's; Swagger UI's, which stay English, are marked as such."""
    client = Client()
    client.cookies["django_language"] = language
    html = client.get(reverse("api:docs")).content.decode()
    assert opening in html and f"<h1>{heading}</h1>" in html
    assert '<div id="swagger-ui" lang="en" dir="ltr"' in html
