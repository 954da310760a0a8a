"""Every kind of page works in a real browser under the site's Content-Security-Policy.

Chromium reports each blocked inline script, inline style, handler attribute or off-site load as a
`securitypolicyviolation` event and a console message; both are collected, with uncaught script errors
and failed subresource loads, for the public pages, the editors' pages and the Django admin (whose
widgets are driven: sidebar, theme, filters, date hierarchy, actions, calendars, select boxes, popups).
"""

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from summaries.review import decisions as review
from summaries.runs.models import Summary
from tests.factories import finish, latest_run, make_article, make_user
from tests.polling import wait_for

pytestmark = pytest.mark.integration
ORIGINAL = "وقّع الرئيسان الروسي والمصري اليوم على اتفاقية تجديد الشراكة الشاملة بين البلدين."
TRANSLATION = "The two presidents signed a partnership agreement today."

# add_init_script runs before the page's own scripts and is not subject to the page's policy.
REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolation(`${event.effectiveDirective} blocked ${event.blockedURI || "?"} `
        + `at ${event.sourceFile || "?"}:${event.lineNumber} sample=${JSON.stringify(event.sample)}`);
}, true);"""


class Problems(list):
    """What went wrong in a browser context: policy violations, script errors, failed loads."""

    def watch(self, context) -> None:
        context.expose_binding("__cspViolation", lambda source, text: self.append(f"{source['page'].url}: {text}"))
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("page", self._watch_page)

    def _watch_page(self, page) -> None:
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.append(f"{page.url}: script error {error}"))
        page.on("response", lambda response: self._response(page, response))
        page.on("requestfailed", lambda request: self._failed(page, request))

    def _console(self, page, message) -> None:
        # A document answered with 403/404 is logged as a failed resource; its status is asserted separately.
        if "Content Security Policy" in message.text or (
            message.type == "error" and not message.text.startswith("Failed to load resource")
        ):
            self.append(f"{page.url}: console {message.type}: {message.text}")

    def _failed(self, page, request) -> None:
        # The browser fetches the icon after the page's load event and abandons it when the test navigates on
        # at once: that is no failure of the page (an icon that is missing answers 404, caught in _response).
        if request.failure == "net::ERR_ABORTED" and "/favicon" in request.url:
            return
        self.append(f"{page.url}: {request.url} failed {request.failure}")

    def _response(self, page, response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.append(f"{page.url}: {response.url} answered {response.status}")


@pytest.fixture
def open_page(browser, live_server):
    """open_page(user=None) -> (page, problems): a fresh context, signed in as `user` when given, watched."""
    contexts = []

    def open_(user=None):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")
        contexts.append(context)
        problems = Problems()
        problems.watch(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        return context.new_page(), problems

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def go(live_server):
    """go(page, path, status=200): load a page of the live site and check its status."""

    def go_(page, path: str, status: int = 200):
        response = page.goto(live_server.url + path)
        assert response.status == status, f"{path} answered {response.status}"
        return response

    return go_


def published() -> Summary:
    """An approved, edited run (two revisions) with its sentences aligned, as the public side shows it."""
    editor = make_user("chief", editor=True)
    summary = finish(latest_run(make_article(source_text=ORIGINAL)), translation=TRANSLATION)
    Summary.objects.filter(pk=summary.pk).update(source_sentences=[ORIGINAL], translated_sentences=[TRANSLATION])
    review.summary_edit(
        summary_id=summary.pk, editor=editor, title="Partnership renewed", text="Edited.", base_revision=1
    )
    return review.summary_approve(summary_id=summary.pk, editor=editor)


def test_violations_are_caught(open_page, go, transactional_db):
    """The watch itself works: an inline script and an inline style added to a page are both reported."""
    page, problems = open_page()
    go(page, reverse("summaries:submit"))
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.inlineRan = true";
        document.body.append(script);
        document.body.insertAdjacentHTML("beforeend", '<p style="color: red">styled</p>');
    }""")

    def both_reported() -> bool:
        page.evaluate("0")  # a round trip to the browser: the reports sent so far reach `problems`
        return any("script-src-elem" in problem for problem in problems) and any(
            "style-src-attr" in problem for problem in problems
        )

    wait_for(both_reported, timeout=10, interval=0.05, message=lambda: str(list(problems)))
    assert page.evaluate("window.inlineRan") is None


def test_public_pages(open_page, go, transactional_db, broker, arabic_article):
    """Submit, watch a run finish in place, copy and align, own articles, published pages, sign-in and its
    lockout page, password reset from start to finish, and the 404 page: nothing blocked, no script error."""
    page, problems = open_page()
    go(page, reverse("summaries:submit"))
    page.fill("#id_text", arabic_article)
    page.click("button.primary")
    page.wait_for_url("**/articles/*/")
    summary = Summary.objects.get()
    page.wait_for_event("response", lambda response: "/status/" in response.url)  # status.js polls while queued
    finish(summary, translation=TRANSLATION)
    Summary.objects.filter(pk=summary.pk).update(source_sentences=[ORIGINAL], translated_sentences=[TRANSLATION])
    page.wait_for_selector("#summary", timeout=10_000)  # the result was fetched and put into the page
    page.reload()
    page.click("button[data-copy=summary]")
    page.click("#full-texts > summary")  # the aligned texts sit behind a control
    page.hover(".source[data-pair]")
    assert "highlight" in page.get_attribute(".target[data-pair]", "class")
    go(page, reverse("summaries:articles_mine"))

    approved = published()
    go(page, reverse("summaries:published_list"))
    go(page, reverse("summaries:published_detail", kwargs={"article_id": approved.article_id}))
    go(page, reverse("login"))
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        page.fill("#id_username", "intruder")
        page.fill("#id_password", "wrong")
        with page.expect_navigation() as signing_in:
            page.click("form.narrow button[type=submit]")
    assert signing_in.value.status == 429  # the lockout page
    go(page, reverse("password_reset"))
    page.fill("#id_email", "chief@example.org")
    page.click("form.narrow button[type=submit]")
    page.wait_for_url("**/password_reset/done/")
    user = approved.review.reviewed_by
    uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    go(page, reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}))
    page.fill("#id_new_password1", "Another-horse-2027")
    page.fill("#id_new_password2", "Another-horse-2027")
    page.click("form.narrow button[type=submit]")
    page.wait_for_url("**/reset/done/")
    go(page, "/no-such-page/", status=404)
    assert problems == []


def test_editor_pages(open_page, go, transactional_db):
    """Sign in through the form, the queue, the review page with its alignment and a diff, the password
    change page, sign out; and the 403 page a plain user gets."""
    make_user("editor", editor=True)
    summary = published()
    page, problems = open_page()
    go(page, reverse("login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", "Correct-horse-2026")
    page.click("form.narrow button[type=submit]")
    page.wait_for_url("**/review/")
    page.click(f"a[href='{reverse('summaries:summary_review', kwargs={'summary_id': summary.pk})}']")
    page.wait_for_selector("[data-review-state=approved]")
    page.focus(".review-texts .source[data-pair]")
    assert "highlight" in page.get_attribute(".review-texts .target[data-pair]", "class")
    go(page, reverse("summaries:summary_diff", kwargs={"summary_id": summary.pk}) + "?a=1&b=2")
    assert page.locator(".diff ins").count() > 0
    go(page, reverse("password_change"))
    page.click(".account button[type=submit]")
    page.wait_for_selector(".account a[href^='/accounts/login/']")

    plain, plain_problems = open_page(make_user("writer"))
    go(plain, reverse("summaries:review_queue"), status=403)
    assert problems + plain_problems == []


def test_admin_pages(open_page, go, transactional_db):
    """The admin with its scripts at work: sidebar and theme, changelist filters, search, date hierarchy,
    actions and the reject page, a summary's collapsed fieldsets, and the user pages (password choice,
    select boxes, calendar and clock, the add-related popup)."""
    admin = make_user("admin", staff=True)
    summary = published()
    page, problems = open_page(admin)

    go(page, reverse("admin:index"))
    page.click("button.theme-toggle")

    go(page, reverse("admin:summaries_article_changelist"))
    page.click("#toggle-nav-sidebar")
    page.click("#toggle-nav-sidebar")
    page.fill("#nav-filter", "sum")
    page.click("nav.toplinks a")  # date hierarchy: into the year
    page.click("#changelist-filter details summary")
    page.fill("#searchbar", "الرئيسان")
    page.press("#searchbar", "Enter")
    page.wait_for_selector("#result_list")
    go(page, reverse("admin:summaries_article_change", args=[summary.article_id]))

    go(page, reverse("admin:summaries_summary_changelist"))
    page.check("#action-toggle")
    page.select_option("select[name=action]", "reject_selected")
    page.click(".actions button[type=submit]")
    page.wait_for_selector("body.reject-selected-confirmation")
    page.click("a.cancel-link")  # cancel.js: back to the list
    page.wait_for_selector("#result_list")
    go(page, reverse("admin:summaries_summary_change", args=[summary.pk]))
    page.locator("fieldset details > summary").first.click()
    for model in ("summaryrevision", "reviewevent"):
        go(page, reverse(f"admin:summaries_{model}_changelist"))

    go(page, reverse("admin:auth_user_add"))
    page.fill("#id_username", "newcomer")
    page.check("#id_usable_password_1")  # password-based sign-in off: the password fields hide
    assert page.locator("#id_password1").is_hidden()
    page.check("#id_usable_password_0")
    page.fill("#id_password1", "Correct-horse-2026")
    page.fill("#id_password2", "Correct-horse-2026")
    page.click("input[name=_save]")
    page.wait_for_url("**/auth/user/*/change/")
    page.click("#calendarlink0")
    page.click(".calendarbox .calendar-shortcuts a")  # "Today"
    page.click("#clocklink0")
    page.click(".clockbox .timelist a")  # "Now"
    assert page.input_value("#id_date_joined_0") and page.input_value("#id_date_joined_1")
    page.fill("#id_user_permissions_input", "summary")
    page.select_option("#id_user_permissions_from", index=0)
    page.click("#id_user_permissions_add")
    assert page.locator("#id_user_permissions_to option").count() == 1
    with page.expect_popup() as popup_info:
        page.click("#add_id_groups")
    popup = popup_info.value
    popup.fill("#id_name", "Night desk")
    # popup_response.js hands the new group to the opener and closes: listen before the click, since the
    # popup may be gone before a wait that starts after it.
    with popup.expect_event("close"):
        popup.click("input[name=_save]")
    assert page.locator("#id_groups_to option", has_text="Night desk").count() == 1
    page.click("input[name=_save]")
    page.wait_for_url("**/auth/user/")
    go(page, reverse("admin:auth_user_password_change", args=[admin.pk]))
    assert problems == []


def test_api_documentation_page(open_page, live_server):
    """The Swagger UI page runs from our own static files under the policy and renders every operation."""
    editor = make_user("docs-editor", editor=True)
    page, problems = open_page(editor)
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector("text=/api/v1/articles/", timeout=15_000)
    page.locator(".opblock-summary-path", has_text="/api/v1/summaries/{summary_id}/decision/").first.click()
    page.wait_for_selector(".opblock-body", timeout=5_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert {"/api/v1/articles/", "/api/v1/articles/{article_id}/", "/api/v1/summaries/{summary_id}/revisions/"} <= {
        path.replace("\u200b", "") for path in paths
    }
    assert not problems, "\n".join(problems)
