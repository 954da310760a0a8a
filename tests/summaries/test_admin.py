"""The admin: every page loads, user text is escaped and keeps its direction, and the actions go through the
review services (audit rows included) and only for editors."""

import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import WARNING, get_messages
from django.urls import reverse

from summaries.articles.models import Article
from summaries.review.decisions import summary_approve
from summaries.review.models import Review, ReviewEvent
from summaries.review.records import review_first_revision
from summaries.runs.models import Summary
from tests.factories import make_article

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script> وقّع الرئيسان الروسي والمصري اليوم على اتفاقية."
SUMMARIES = reverse("admin:summaries_summary_changelist")


def finish(article: Article) -> Summary:
    """Mark the article's run done with revision 1, as the pipeline leaves it."""
    summary = article.summaries.get()
    Summary.objects.filter(pk=summary.pk).update(
        status="done", summary_text="Text.", translation="The two presidents signed an agreement."
    )
    review_first_revision(summary_id=summary.pk, text="Text.")
    return Summary.objects.get(pk=summary.pk)


def act(client, action: str, *summaries: Summary, **data: str):
    """Post an admin action for these summaries, as the changelist's action bar does."""
    return client.post(
        SUMMARIES, {"action": action, ACTION_CHECKBOX_NAME: [s.pk for s in summaries], "index": 0, **data}
    )


def reject(client, *summaries: Summary, reason: str):
    """Post the reject page back, as its form does (no `index`, with `apply`)."""
    return client.post(
        SUMMARIES,
        {
            "action": "reject_selected",
            ACTION_CHECKBOX_NAME: [s.pk for s in summaries],
            "apply": "yes",
            "reason": reason,
        },
    )


def messages_of(response) -> list[tuple[int, str]]:
    """The (level, text) of each message the request left for the next page."""
    return [(message.level, str(message)) for message in get_messages(response.wsgi_request)]


def staff(django_user_model, *codenames: str, groups: tuple[str, ...] = ()):
    """A staff member with only these summaries permissions and groups."""
    user = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="summaries", codename__in=codenames))
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def done(admin_user) -> Summary:
    """A finished, approved run: it has a revision and an audit row."""
    summary = finish(make_article())
    summary_approve(summary_id=summary.pk, editor=admin_user)
    return Summary.objects.get(pk=summary.pk)


class TestPages:
    @pytest.mark.parametrize("model", ["article", "summary", "summaryrevision", "reviewevent"])
    def test_changelist_and_change_page_load(self, admin_client, done, model):
        """Each model's list and one row's page load for a superuser."""
        row = {
            "article": done.article,
            "summary": done,
            "summaryrevision": done.revisions.get(),
            "reviewevent": done.events.get(),
        }[model]
        assert admin_client.get(reverse(f"admin:summaries_{model}_changelist")).status_code == 200
        assert admin_client.get(reverse(f"admin:summaries_{model}_change", args=[row.pk])).status_code == 200

    def test_article_changelist_shows_the_newest_runs_review_state(self, admin_client, done):
        """The article list shows the review state of the article's newest run."""
        html = admin_client.get(reverse("admin:summaries_article_changelist")).content.decode()
        assert '<td class="field-latest_review_state">Approved</td>' in html

    @pytest.mark.parametrize(
        ("url_name", "query", "expected"),
        [
            ("admin:summaries_article_changelist", "الرئيسان", 1),
            ("admin:summaries_article_changelist", "nowhere-to-be-found", 0),
            ("admin:summaries_summary_changelist", "Text.", 1),
            ("admin:summaries_summary_changelist", "Stocks", 1),
        ],
    )
    def test_changelist_search(self, admin_client, done, url_name, query, expected):
        """Search finds articles by their text and summaries by their text or their article's."""
        make_article(source_text="Stocks fell sharply on Monday after the announcement.", language="en")
        response = admin_client.get(reverse(url_name), {"q": query})
        assert response.context["cl"].result_count == expected


class TestDirectionAndEscaping:
    @pytest.mark.parametrize("url_name", ["admin:summaries_article_changelist", "admin:summaries_summary_changelist"])
    def test_hostile_original_is_escaped_in_a_right_to_left_span(self, admin_client, url_name):
        """Markup in an Arabic original is shown as text, inside a span marked lang="ar" dir="rtl"."""
        make_article(source_text=HOSTILE)
        html = admin_client.get(reverse(url_name)).content.decode()
        assert '<span lang="ar" dir="rtl">&lt;script&gt;alert(1)&lt;/script&gt; وقّع' in html
        assert "<script>alert(1)" not in html

    def test_direction_follows_the_text_not_the_admin_language(self, admin_client):
        """In the Arabic admin an English original is still marked left-to-right, and an Arabic one right-to-left."""
        make_article()
        make_article(source_text="Stocks fell sharply on Monday.", language="en")
        admin_client.cookies["django_language"] = "ar"
        html = admin_client.get(reverse("admin:summaries_article_changelist")).content.decode()
        assert '<html lang="ar" dir="rtl">' in html
        assert '<span lang="en" dir="ltr">Stocks fell sharply on Monday.</span>' in html
        assert '<span lang="ar" dir="rtl">وقّع' in html

    def test_article_page_shows_the_original_right_to_left_and_escaped(self, admin_client):
        """The article's change page shows the Arabic original read-only, lang="ar" dir="rtl", markup escaped."""
        article = make_article(source_text=HOSTILE)
        html = admin_client.get(reverse("admin:summaries_article_change", args=[article.pk])).content.decode()
        assert re.search(
            r'<div class="text-block" lang="ar" dir="rtl"><p dir="rtl">&lt;script&gt;alert\(1\)&lt;/script&gt;', html
        )
        assert 'name="source_text"' not in html and "<script>alert(1)" not in html

    def test_the_uploaded_original_is_offered_through_the_apps_download_view(self, admin_client):
        """Uploads have no public URL: the admin links the app's attachment view, never /media/."""
        from summaries.articles.submission import article_submit_file

        text = "The presidents signed an agreement on trade and energy in Cairo on Monday. " * 3
        article = article_submit_file(name="report.txt", data=text.encode()).article
        html = admin_client.get(reverse("admin:summaries_article_change", args=[article.pk])).content.decode()
        download = reverse("summaries:article_original", kwargs={"article_id": article.pk})
        assert f'<a href="{download}" download>report.txt</a>' in html and "/media/" not in html
        assert admin_client.get(download)["Content-Disposition"].startswith("attachment")

    def test_articles_are_not_added_in_the_admin(self, admin_client):
        """Articles arrive through submission (validated, hashed and queued), so the add page is refused."""
        assert admin_client.get(reverse("admin:summaries_article_add")).status_code == 403

    def test_summary_page_shows_the_original_rtl_and_the_translation_ltr(self, admin_client):
        """The run's page shows the escaped Arabic original right-to-left and the English translation left-to-right."""
        summary = finish(make_article(source_text=HOSTILE))
        html = admin_client.get(reverse("admin:summaries_summary_change", args=[summary.pk])).content.decode()
        assert re.search(
            r'<div class="text-block" lang="ar" dir="rtl"><p dir="rtl">&lt;script&gt;alert\(1\)&lt;/script&gt;', html
        )
        assert (
            '<div class="text-block" lang="en" dir="ltr"><p dir="ltr">The two presidents signed an agreement.</p></div>'
            in html
        )
        assert "<script>alert(1)" not in html


class TestApprove:
    def test_approves_a_finished_summary_with_an_audit_row(self, admin_client, admin_user):
        """Approving a done run makes it approved by this user and logs an "approve" event."""
        summary = finish(make_article())
        response = act(admin_client, "approve_selected", summary)
        summary.refresh_from_db()
        assert response.status_code == 302
        assert summary.review.state == Review.State.APPROVED and summary.review.reviewed_by == admin_user
        event = summary.events.get()
        assert (event.action, event.actor, event.from_state, event.to_state) == (
            "approve",
            admin_user,
            "pending",
            "approved",
        )
        assert (25, "1 summary was approved.") in messages_of(response)

    def test_refuses_an_unfinished_summary_and_says_which_and_why(self, admin_client):
        """A queued run stays pending; a warning names it and gives the service's reason, others still pass."""
        queued = make_article().summaries.get()
        finished = finish(make_article(source_text="Another article, in English this time.", language="en"))
        response = act(admin_client, "approve_selected", queued, finished)
        queued.refresh_from_db()
        assert queued.review.state == Review.State.PENDING and not queued.events.exists()
        assert Summary.objects.get(pk=finished.pk).review.state == Review.State.APPROVED
        assert messages_of(response) == [
            (25, "1 summary was approved."),
            (WARNING, f"Not changed: #{queued.pk}. This run has not finished, so there is no summary to review yet."),
        ]

    def test_the_refused_ones_are_listed_with_the_languages_comma(self, admin_client):
        """ "#4، #5" in Arabic, not a Latin comma in an Arabic sentence."""
        queued = [make_article(source_text=f"مقال رقم {n} عن الشراكة بين البلدين.").summaries.get() for n in range(2)]
        admin_client.cookies["django_language"] = "ar"
        warnings = [
            text for level, text in messages_of(act(admin_client, "approve_selected", *queued)) if level == WARNING
        ]
        numbers = sorted(f"#{run.pk}" for run in queued)
        assert len(warnings) == 1
        assert any("، ".join(order) in warnings[0] for order in (numbers, numbers[::-1])), warnings


class TestReject:
    def test_asks_for_a_reason_first(self, admin_client):
        """The action opens a page with a reason textarea and the selected summaries; nothing changes yet."""
        summary = finish(make_article(source_text=HOSTILE))
        response = act(admin_client, "reject_selected", summary)
        html = response.content.decode()
        assert response.status_code == 200
        assert re.search(r'<textarea[^>]*name="reason"', html)
        assert f'<input type="hidden" name="{ACTION_CHECKBOX_NAME}" value="{summary.pk}">' in html
        assert '<span lang="ar" dir="rtl">&lt;script&gt;' in html
        assert Summary.objects.get(pk=summary.pk).review.state == Review.State.PENDING

    def test_empty_reason_shows_the_page_again_with_an_error(self, admin_client):
        """An empty (or blank) reason re-shows the page with "This field is required." and changes nothing."""
        summary = finish(make_article())
        response = reject(admin_client, summary, reason="   ")
        assert response.status_code == 200
        assert "This field is required." in response.content.decode()
        assert Summary.objects.get(pk=summary.pk).review.state == Review.State.PENDING
        assert not ReviewEvent.objects.exists()

    def test_rejects_with_the_reason_in_the_note_and_the_audit_log(self, admin_client, admin_user):
        """With a reason, the run is rejected, the reason is its review note and the "reject" event's note."""
        summary = finish(make_article())
        response = reject(admin_client, summary, reason="Names are wrong.")
        summary.refresh_from_db()
        assert response.status_code == 302
        assert (summary.review.state, summary.review.note) == (Review.State.REJECTED, "Names are wrong.")
        event = summary.events.get()
        assert (event.action, event.actor, event.note) == ("reject", admin_user, "Names are wrong.")
        assert (25, "1 summary was rejected.") in messages_of(response)


class TestRerun:
    def test_creates_a_new_run_with_the_same_settings_and_keeps_the_old(
        self, admin_client, django_capture_on_commit_callbacks
    ):
        """Re-running adds a queued run with the old run's strategy and length, enqueued on commit; the old run stays."""
        old = finish(make_article())
        Summary.objects.filter(pk=old.pk).update(strategy="extract-translate", length="long")
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = act(admin_client, "rerun_selected", old)
        runs = list(old.article.summaries.order_by("pk"))
        assert next(run.pk for run in runs) == old.pk and len(runs) == 2
        new = runs[1]
        assert (new.status, new.strategy, new.length) == ("queued", "extract-translate", "long")
        assert new.events.get().action == "rerun"
        assert len(callbacks) == 1
        assert (25, "1 article was sent through the pipeline again.") in messages_of(response)

    def test_refuses_while_a_run_is_unfinished(self, admin_client):
        """An article still being processed is not re-run; the warning says so."""
        queued = make_article().summaries.get()
        response = act(admin_client, "rerun_selected", queued)
        assert queued.article.summaries.count() == 1
        assert [level for level, _ in messages_of(response)] == [WARNING]


class TestPermissions:
    @pytest.mark.parametrize("model", ["summaryrevision", "reviewevent"])
    def test_history_cannot_be_added_or_deleted(self, admin_client, done, model):
        """The revision and audit admins refuse the add page and offer no delete action."""
        assert admin_client.get(reverse(f"admin:summaries_{model}_add")).status_code == 403
        html = admin_client.get(reverse(f"admin:summaries_{model}_changelist")).content.decode()
        assert "delete_selected" not in html

    def test_summaries_are_not_added_in_the_admin(self, admin_client):
        """Runs come from submission and re-run only, so the summary add page is refused."""
        assert admin_client.get(reverse("admin:summaries_summary_add")).status_code == 403

    def test_staff_without_review_permission_get_no_review_actions(self, client, django_user_model):
        """Staff who may only view see the list but not approve/reject/re-run, and posting one changes nothing."""
        summary = finish(make_article())
        client.force_login(staff(django_user_model, "view_article", "view_summary"))
        response = client.get(SUMMARIES)
        html = response.content.decode()
        assert response.context["cl"].result_count == 1
        for action in ("approve_selected", "reject_selected", "rerun_selected"):
            assert f'value="{action}"' not in html
        act(client, "approve_selected", summary)
        assert Summary.objects.get(pk=summary.pk).review.state == Review.State.PENDING

    def test_editors_get_the_review_actions(self, client, django_user_model):
        """Staff in the Editors group (which has the review permission) are offered all three actions."""
        finish(make_article())
        client.force_login(staff(django_user_model, groups=("Editors",)))
        html = client.get(SUMMARIES).content.decode()
        for action in ("approve_selected", "reject_selected", "rerun_selected"):
            assert f'value="{action}"' in html
