"""The editors' pages through the test client: queue, review page, edits, conflicts, history and re-runs."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from summaries.articles.models import Article
from summaries.review import decisions as review
from summaries.runs.models import Summary
from tests.factories import finish, make_article, make_run, make_user
from tests.summaries.queue_factories import every_kind_of_article

pytestmark = pytest.mark.django_db
LONG_AR = "وقّع الرئيسان الروسي والمصري اليوم على اتفاقية تجديد الشراكة الشاملة بين البلدين في القاهرة."


@pytest.fixture
def editor(client):
    user = make_user("editor", editor=True)
    client.force_login(user)
    return user


@pytest.fixture
def done():
    summary = finish(make_article(source_text=LONG_AR).latest_summary, translation="The presidents signed.")
    Summary.objects.filter(pk=summary.pk).update(
        source_sentences=[LONG_AR], translated_sentences=["The presidents signed."]
    )
    summary.refresh_from_db()
    return summary


def page(client, summary: Summary) -> str:
    return client.get(reverse("summaries:summary_review", kwargs={"summary_id": summary.pk})).content.decode()


class TestQueue:
    def test_rows_show_first_lines_with_their_own_direction(self, client, editor, done):
        """The original's first line is RTL Arabic, the summary's LTR English."""
        html = client.get(reverse("summaries:review_queue")).content.decode()
        assert re.search(r'<span class="first-line" lang="ar" dir="rtl">وقّع الرئيسان', html)
        assert re.search(r'<span class="first-line" lang="en" dir="ltr">Russia and Egypt', html)

    def test_counts_per_state_and_state_filter(self, client, editor, done):
        """The tabs count each state; choosing one lists only that state."""
        approved = finish(make_article(source_text="مقال ثان عن الاقتصاد " * 5).latest_summary)
        review.summary_approve(summary_id=approved.pk, editor=editor)
        html = client.get(reverse("summaries:review_queue")).content.decode()
        assert re.search(r'data-state="pending"[^>]*>[^<]*<span class="count">1</span>', html)
        assert re.search(r'data-state="approved"[^>]*>[^<]*<span class="count">1</span>', html)
        pending = client.get(reverse("summaries:review_queue"), {"review_state": "approved"}).content.decode()
        assert pending.count('class="queue-row"') == 1 and 'data-state="approved"' in pending.split("<tbody>")[1]

    def test_search_covers_original_summary_and_headline(self, client, editor, done):
        """Text search finds words of the original, the summary and the headline."""
        finish(
            make_article(source_text="خبر آخر لا علاقة له بالموضوع الأول إطلاقا هنا.").latest_summary,
            text="Other news.",
        )
        review.summary_edit(
            summary_id=done.pk, editor=editor, title="Cairo deal", text=done.review.text, base_revision=1
        )
        for query in ["القاهرة", "partnership", "Cairo deal"]:
            html = client.get(reverse("summaries:review_queue"), {"q": query}).content.decode()
            assert html.count('class="queue-row"') == 1, query

    def test_filters_by_status_language_submitter_and_dates(self, client, editor, done):
        """Each filter narrows the list; an impossible date range is reported, not ignored."""
        writer = make_user("writer")
        english = make_article(source_text="An English article about trade. " * 4, language="en", submitted_by=writer)
        Article.objects.filter(pk=english.pk).update(created_at=timezone.now() - timedelta(days=10))
        url = reverse("summaries:review_queue")
        assert client.get(url, {"status": "queued"}).content.decode().count('class="queue-row"') == 1
        assert client.get(url, {"language": "en"}).content.decode().count('class="queue-row"') == 1
        assert client.get(url, {"submitter": "writer"}).content.decode().count('class="queue-row"') == 1
        recent = {"submitted_after": (timezone.now() - timedelta(days=2)).date().isoformat()}
        assert client.get(url, recent).content.decode().count('class="queue-row"') == 1
        bad = client.get(url, {"submitted_after": "2026-05-02", "submitted_before": "2026-05-01"})
        assert bad.status_code == 400 and "The end date is before the start date." in bad.content.decode()

    def test_pagination(self, client, editor):
        """Twenty-five rows a page, with a link to the next page that keeps the filters."""
        for number in range(27):
            make_article(source_text=f"مقال رقم {number} عن الشراكة الاقتصادية بين مصر وروسيا.")
        first = client.get(reverse("summaries:review_queue"), {"status": "queued"}).content.decode()
        assert first.count('class="queue-row"') == 25 and "status=queued&amp;page=2" in first
        second = client.get(reverse("summaries:review_queue"), {"status": "queued", "page": 2}).content.decode()
        assert second.count('class="queue-row"') == 2

    def test_only_each_articles_newest_run_is_listed(self, client, editor, done):
        """A re-run replaces its article's row; the old run is history on the review page."""
        make_run(done.article)
        assert client.get(reverse("summaries:review_queue")).content.decode().count('class="queue-row"') == 1


def queue_rows(html: str) -> dict[str, str]:
    """Each row's HTML by its summary id."""
    rows = re.findall(r'<tr class="queue-row" data-summary="(\d+)".*?</tr>', html, flags=re.S)
    bodies = re.findall(r'(<tr class="queue-row" data-summary="\d+".*?</tr>)', html, flags=re.S)
    return dict(zip(rows, bodies, strict=True))


class TestQueueNamesEveryArticle:
    def test_each_row_names_its_article_and_source_with_no_dangling_separator(self, client, editor):
        runs = every_kind_of_article()
        rows = queue_rows(client.get(reverse("summaries:review_queue")).content.decode())
        assert '<span class="first-line" lang="ar" dir="rtl">وقّع الرئيسان' in rows[str(runs["paste"].pk)]
        link = rows[str(runs["link"].pk)]
        assert '<span class="first-line address"><bdi dir="ltr">news.example/2026/story-12</bdi></span>' in link
        assert "<bdi>news.example</bdi>" in link and 'href="https://www.news.example/2026/story-12?x=1"' in link
        assert "The page was not found" in link  # why it failed, beside the button that runs it again
        feed = rows[str(runs["feed"].pk)]
        assert (
            "عنوان الخبر في الصفحة" in feed
            and "نص الخبر" not in feed
            and "<bdi>أخبار المدينة</bdi>" in feed
            and "anonymous" not in feed
        )
        assert "التقرير السنوي" in rows[str(runs["upload"].pk)] and "report.docx" in rows[str(runs["upload"].pk)]
        for kind, row in rows.items():
            text = re.sub(r"<[^>]+>", "", row)
            assert not re.search(r"·\s*(·|$)", text, flags=re.M) and not re.search(r"^\s*·", text, flags=re.M), kind
            assert '<span class="first-line" lang="ar" dir="rtl"></span>' not in row, kind

    def test_the_search_finds_an_article_by_the_name_and_source_the_queue_shows(self, client, editor):
        runs = every_kind_of_article()
        for query, kind in [("news.example/2026", "link"), ("أخبار المدينة", "feed")]:
            rows = queue_rows(client.get(reverse("summaries:review_queue"), {"q": query}).content.decode())
            assert list(rows) == [str(runs[kind].pk)], query


class TestReviewPage:
    def test_side_by_side_original_and_translation(self, client, editor, done):
        """Aligned pairs: the source RTL Arabic, the translation LTR English, the summary in its own block."""
        html = page(client, done)
        assert re.search(r'<div class="source" lang="ar" dir="rtl"[^>]*>وقّع', html)
        assert re.search(r'<div class="target" lang="en" dir="ltr"[^>]*>The presidents signed.', html)
        assert re.search(r'<div class="text-block" lang="en" dir="ltr" id="summary">', html)

    def test_save_creates_a_revision_and_shows_it(self, client, editor, done):
        """After saving, the page shows the new text, the revision list and the audit entry."""
        url = reverse("summaries:summary_review", kwargs={"summary_id": done.pk})
        response = client.post(url, {"title": "Deal", "text": "An edited summary.", "base_revision": 1, "note": "tone"})
        assert response.status_code == 302
        html = client.get(url).content.decode()
        assert "Saved as revision 2." in html and "An edited summary." in html
        assert 'data-revision="2"' in html and 'data-revision="1"' in html and 'data-action="edit"' in html

    def test_conflict_is_refused_with_the_changes_shown(self, client, editor, done):
        """Saving over a newer revision: 409, a clear message, the other editor's changes, and my text kept."""
        other = make_user("other", editor=True)
        review.summary_edit(summary_id=done.pk, editor=other, title="", text="Their better text.", base_revision=1)
        url = reverse("summaries:summary_review", kwargs={"summary_id": done.pk})
        response = client.post(url, {"title": "", "text": "My own text.", "base_revision": 1})
        html = response.content.decode()
        assert response.status_code == 409
        assert "other saved revision 2" in html and "your text is still in the form" in html
        assert "<del>Russia and Egypt renewed their partnership</del><ins>Their better text</ins>." in html
        assert "My own text.</textarea>" in html and 'name="base_revision" value="2"' in html
        done.refresh_from_db()
        assert done.review.text == "Their better text."

    def test_decision_without_reason_keeps_the_page(self, client, editor, done):
        """Rejecting without a reason: 400, the message next to the reject form, nothing changed."""
        response = client.post(
            reverse("summaries:summary_decide", kwargs={"summary_id": done.pk}), {"action": "reject", "note": ""}
        )
        assert response.status_code == 400 and "Give a reason" in response.content.decode()
        done.refresh_from_db()
        assert done.review.state == "pending"

    def test_refused_transition_shows_why(self, client, editor, done):
        """Withdrawing a pending summary is refused with the state named."""
        response = client.post(
            reverse("summaries:summary_decide", kwargs={"summary_id": done.pk}), {"action": "withdraw"}
        )
        assert (
            response.status_code == 400
            and "not possible while the summary is “Pending review”" in response.content.decode()
        )

    def test_approve_then_withdraw_with_audit_log(self, client, editor, done):
        """Both transitions appear in the audit log with who, from and to."""
        decide = reverse("summaries:summary_decide", kwargs={"summary_id": done.pk})
        client.post(decide, {"action": "approve", "note": "Checked against the source"})
        html = page(client, done)
        assert 'data-review-state="approved"' in html and "Withdraw approval" in html and 'name="text"' not in html
        client.post(decide, {"action": "withdraw"})
        html = page(client, done)
        audit = html.split('id="audit-heading"')[1]
        assert audit.count('data-action="approve"') == 1 and audit.count('data-action="withdraw"') == 1
        assert "Checked against the source" in audit and "editor" in audit

    def test_the_decision_starts_with_nothing_chosen_and_asks_for_a_choice(self, client, editor, done):
        html = page(client, done)
        form = html[html.index("data-decision") : html.index("</form>", html.index("data-decision"))]
        assert 'name="action" value="approve"' in form and "checked" not in form
        response = client.post(reverse("summaries:summary_decide", kwargs={"summary_id": done.pk}), {"note": ""})
        assert response.status_code == 400 and "Choose a decision." in response.content.decode()
        done.refresh_from_db()
        assert done.review.state == "pending"

    def test_approving_flagged_sentences_asks_how_many_first(self, client, editor, done):
        """Without the tick the page asks, with the count; with it the summary is approved (no JavaScript)."""
        grounding = {"threshold": 0.5, "summary": [], "translation_scores": [0.2], "translation_flags": [True]}
        Summary.objects.filter(pk=done.pk).update(grounding=grounding)
        decide = reverse("summaries:summary_decide", kwargs={"summary_id": done.pk})
        assert "1 of 1 sentences is flagged: approve anyway?" in page(client, done)
        response = client.post(decide, {"action": "approve"})
        html = response.content.decode()
        assert response.status_code == 400 and 'role="alert" id="confirm-error">1 of 1 sentences is flagged' in html
        assert re.search(r'value="approve"[^>]*checked', html)  # the choice is kept for the second step
        done.refresh_from_db()
        assert done.review.state == "pending"
        client.post(decide, {"action": "approve", "confirm": "on"})
        done.refresh_from_db()
        assert done.review.state == "approved"

    def test_the_question_counts_in_both_languages(self):
        from django.utils.translation import override

        from summaries.review.forms import flagged_question

        assert flagged_question(3, 12) == "3 of 12 sentences are flagged: approve anyway?"
        with override("ar"):
            assert flagged_question(3, 12) == "عُلِّمت 3 جمل من 12: أتعتمده على أي حال؟"
            assert flagged_question(11, 12) == "عُلِّمت 11 جملة من 12: أتعتمده على أي حال؟"

    def test_nothing_flagged_approves_at_once(self, client, editor, done):
        assert "approve anyway" not in page(client, done)
        client.post(reverse("summaries:summary_decide", kwargs={"summary_id": done.pk}), {"action": "approve"})
        done.refresh_from_db()
        assert done.review.state == "approved"

    def test_diff_between_two_revisions(self, client, editor, done):
        """Words removed and added are marked; the text is escaped."""
        review.summary_edit(
            summary_id=done.pk, editor=editor, title="", text="Russia and Egypt <b>renewed</b> ties.", base_revision=1
        )
        html = client.get(
            reverse("summaries:summary_diff", kwargs={"summary_id": done.pk}), {"a": 1, "b": 2}
        ).content.decode()
        assert "<ins>&lt;b&gt;</ins>renewed<del> their partnership</del><ins>&lt;/b&gt; ties</ins>." in html
        assert "&lt;b&gt;" in html and "<b>renewed</b>" not in html

    def test_diff_of_a_missing_revision_is_reported(self, client, editor, done):
        """Asking for a revision that does not exist is a 400 with the reason."""
        response = client.get(reverse("summaries:summary_diff", kwargs={"summary_id": done.pk}), {"a": 1, "b": 9})
        assert response.status_code == 400 and "There is no revision 9" in response.content.decode()

    def test_restore_through_the_page(self, client, editor, done):
        """Restoring revision 1 makes revision 3 with its text."""
        review.summary_edit(summary_id=done.pk, editor=editor, title="", text="Edited.", base_revision=1)
        response = client.post(
            reverse("summaries:summary_restore", kwargs={"summary_id": done.pk}), {"number": 1, "base_revision": 2}
        )
        assert response.status_code == 302
        done.refresh_from_db()
        assert (done.review.revision, done.review.text) == (3, "Russia and Egypt renewed their partnership.")

    def test_rerun_keeps_history(self, client, editor, done, django_capture_on_commit_callbacks):
        """Re-running leads to the new run's page, which lists the old run and its decisions."""
        review.summary_approve(summary_id=done.pk, editor=editor)
        with django_capture_on_commit_callbacks(execute=False):
            response = client.post(
                reverse("summaries:summary_rerun", kwargs={"summary_id": done.pk}),
                {"strategy": "extract-translate", "length": "long"},
            )
        run = done.article.latest_summary
        assert response["Location"] == reverse("summaries:summary_review", kwargs={"summary_id": run.pk})
        html = page(client, run)
        assert (
            f'href="/review/{done.pk}/"' in html and 'data-action="approve"' in html and 'data-action="rerun"' in html
        )

    def test_rerun_with_a_bad_choice_is_refused(self, client, editor, done):
        """An unknown strategy is a form error, not a new run."""
        response = client.post(
            reverse("summaries:summary_rerun", kwargs={"summary_id": done.pk}), {"strategy": "magic", "length": "short"}
        )
        assert response.status_code == 400 and done.article.summaries.count() == 1

    def test_hostile_text_is_escaped_everywhere_on_the_page(self, client, editor):
        """Markup in the original, the summary, the headline and a note is shown as text."""
        hostile = '<img src=x onerror="alert(1)"> <script>alert(2)</script> نص عربي طويل بما يكفي لهذا الاختبار.'
        summary = finish(make_article(source_text=hostile).latest_summary, text=hostile)
        review.summary_edit(
            summary_id=summary.pk, editor=editor, title="<script>t()</script>", text=hostile + " x", base_revision=1
        )
        review.summary_transition(
            summary_id=summary.pk, editor=editor, action="request_changes", note="<script>n()</script>"
        )
        for url in [
            reverse("summaries:summary_review", kwargs={"summary_id": summary.pk}),
            reverse("summaries:review_queue"),
        ]:
            html = client.get(url).content.decode()
            assert "<script>alert" not in html and "<img src=x" not in html and "<script>t()" not in html
            assert "<script>n()" not in html


class TestSignIn:
    @pytest.mark.parametrize(("language", "heading"), [("en", "Sign in"), ("ar", "تسجيل الدخول")])
    def test_sign_in_page_in_both_languages(self, client, language, heading):
        """The sign-in page is translated and mirrors with the UI language."""
        client.cookies["django_language"] = language
        html = client.get(reverse("login")).content.decode()
        assert f"<h1>{heading}</h1>" in html
        assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html

    def test_editor_lands_on_the_queue_and_others_on_their_articles(self, client):
        """Signing in leads each kind of user to the page they need."""
        make_user("ed", editor=True)
        make_user("reader")
        response = client.post(reverse("login"), {"username": "ed", "password": "Correct-horse-2026"}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("summaries:review_queue")
        client.post(reverse("logout"))
        response = client.post(reverse("login"), {"username": "reader", "password": "Correct-horse-2026"}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("summaries:articles_mine")

    def test_wrong_password_is_refused_with_a_message(self, client):
        """A failed sign-in stays on the page with Django's message."""
        make_user("ed", editor=True)
        response = client.post(reverse("login"), {"username": "ed", "password": "nope"})
        assert (
            response.status_code == 200 and "Please enter a correct username and password" in response.content.decode()
        )

    def test_sign_out_is_a_post(self, client):
        """The header's sign-out is a CSRF-protected form; afterwards the queue asks to sign in again."""
        client.force_login(make_user("ed", editor=True))
        assert 'action="/accounts/logout/" method="post"' in client.get("/").content.decode()
        client.post(reverse("logout"))
        assert client.get(reverse("summaries:review_queue")).status_code == 302

    def test_password_reset_sends_a_link(self, client, mailoutbox):
        """The reset e-mail goes to the account's address with a working link."""
        make_user("ed", editor=True)
        response = client.post(reverse("password_reset"), {"email": "ed@example.org"})
        assert response.status_code == 302 and len(mailoutbox) == 1
        link = re.search(r"http://testserver(/accounts/reset/\S+)", mailoutbox[0].body).group(1)
        follow = client.get(link, follow=True)
        assert "Choose a new password" in follow.content.decode()
        form_url = follow.redirect_chain[-1][0]
        done = client.post(form_url, {"new_password1": "Another-long-pass-1", "new_password2": "Another-long-pass-1"})
        assert done.status_code == 302
        signed_in = client.post(reverse("login"), {"username": "ed", "password": "Another-long-pass-1"})
        assert signed_in.status_code == 302 and "_auth_user_id" in client.session
