"""States the pages must not misstate: a failed run is "failed" everywhere (never "pending review"), can be
run again from the queue, and tells the public plain words while staff get the operator's instructions."""

import re

import pytest
from django.urls import reverse

from summaries.common.exceptions import EngineError
from summaries.runs.lifecycle import summary_fail
from summaries.runs.models import Summary
from tests.factories import finish, make_article, make_user, own

pytestmark = pytest.mark.django_db
ARABIC = "وقّع الرئيسان الروسي والمصري اليوم على اتفاقية تجديد الشراكة الشاملة بين البلدين في القاهرة."


@pytest.fixture
def failed():
    """A run that failed because its model is missing: the message holds operator instructions."""
    summary = make_article(source_text=ARABIC).latest_summary
    error = EngineError(
        "model_missing", model="Helsinki-NLP/opus-mt-ar-en", reason="not in the cache", setting="TRANSLATION_MODEL"
    )
    summary_fail(summary_id=summary.pk, error=error)
    summary.refresh_from_db()
    return summary


@pytest.fixture
def editor(client):
    user = make_user("editor", editor=True)
    client.force_login(user)
    return user


def test_a_failed_run_is_failed_in_the_queue_and_not_counted_as_pending(client, editor, failed):
    finish(make_article(source_text=ARABIC + " ثانية.").latest_summary)
    html = client.get(reverse("summaries:review_queue")).content.decode()
    row = html[html.index(f'data-summary="{failed.pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'class="state state-failed"' in row and "Failed" in row and "Pending review" not in row
    pending_tab = re.search(r'data-state="pending"[^>]*>[^<]*<span class="count">(\d+)</span>', html)
    assert pending_tab and pending_tab.group(1) == "1"  # the finished run only


def test_a_failed_run_can_be_run_again_from_the_queue(client, editor, failed):
    html = client.get(reverse("summaries:review_queue")).content.decode()
    action = reverse("summaries:summary_rerun", kwargs={"summary_id": failed.pk})
    assert f'action="{action}"' in html
    response = client.post(action, {"strategy": failed.strategy, "length": failed.length})
    assert response.status_code == 302
    assert failed.article.summaries.count() == 2
    assert failed.article.latest_summary.status == Summary.Status.QUEUED


def test_the_reviewed_as_filter_and_the_admin_never_call_a_failed_run_pending(admin_client, failed):
    html = admin_client.get(reverse("admin:summaries_summary_changelist")).content.decode()
    row = html[html.index(f'value="{failed.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Pending review" not in row and "Failed" in row


def test_the_public_sees_plain_words_and_staff_the_instructions(client, failed):
    url = reverse("summaries:article_detail", kwargs={"article_id": failed.article_id})
    own(client, failed.article)
    public = client.get(url).content.decode()
    assert "not fully set up" in public
    assert "manage.py" not in public and "download_models" not in public and "opus-mt" not in public
    status = client.get(reverse("summaries:article_status", kwargs={"article_id": failed.article_id})).json()
    assert "not fully set up" in status["error"] and "manage.py" not in status["error"]

    client.force_login(make_user("boss", staff=True))
    staff = client.get(url).content.decode()
    assert "Helsinki-NLP/opus-mt-ar-en" in staff


def test_the_decision_is_one_form_with_the_action_as_a_choice(client, editor):
    done = finish(make_article(source_text=ARABIC).latest_summary)
    page = client.get(reverse("summaries:summary_review", kwargs={"summary_id": done.pk})).content.decode()
    decide = reverse("summaries:summary_decide", kwargs={"summary_id": done.pk})
    assert page.count(f'action="{decide}"') == 1
    assert page.count('name="note"') >= 1 and 'id="decision-note"' in page
    assert re.search(r'type="radio" name="action" value="approve"', page)
    refused = client.post(decide, {"note": "no action chosen"})
    assert refused.status_code == 400 and "Choose a decision." in refused.content.decode()
    done.refresh_from_db()
    assert done.review.state == "pending"
