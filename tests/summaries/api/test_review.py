"""Review through the API: editors only, the same services and rules as the review page."""

import pytest

from summaries.review.models import ReviewEvent
from summaries.runs.models import Summary
from tests.factories import finish, make_article, make_user
from tests.summaries.api.conftest import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def run():
    return finish(make_article().latest_summary)


def decide(client, run, action, note=""):
    return client.post(f"/api/v1/summaries/{run.pk}/decision/", {"action": action, "note": note}, format="json")


def test_editors_read_a_run_with_revisions_and_possible_actions(editor_api, run):
    body = editor_api.get(f"/api/v1/summaries/{run.pk}/").json()
    assert body["summary_id"] == run.pk and body["article_id"] == str(run.article_id)
    assert body["revision"] == 1 and [revision["number"] for revision in body["revisions"]] == [1]
    assert set(body["actions"]) == {"approve", "reject", "request_changes"}


def test_approve_publishes(editor_api, run, client):
    response = decide(editor_api, run, "approve")
    assert response.status_code == 200 and response.json()["review_state"] == "approved"
    assert response.json()["actions"] == ["withdraw"]
    assert client.get(f"/published/{run.article_id}/").status_code == 200
    assert ReviewEvent.objects.get().action == "approve"


def test_reject_needs_a_reason(editor_api, run):
    refused = decide(editor_api, run, "reject")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "reason_required"
    assert Summary.objects.get(pk=run.pk).review.state == "pending"
    rejected = decide(editor_api, run, "reject", "Names are wrong.")
    assert rejected.status_code == 200 and rejected.json()["review_note"] == "Names are wrong."


def test_a_decision_impossible_in_the_state_is_409(editor_api, run):
    decide(editor_api, run, "approve")
    response = decide(editor_api, run, "approve")
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_allowed"


def test_unknown_action_is_a_field_error(editor_api, run):
    response = decide(editor_api, run, "publish-everywhere")
    assert response.status_code == 400 and "action" in response.json()["error"]["fields"]


def test_edit_makes_a_revision_and_stale_edits_conflict(editor_api, run):
    saved = editor_api.post(
        f"/api/v1/summaries/{run.pk}/revisions/",
        {"text": "Egypt and Russia renewed their partnership.", "title": "Partnership", "base_revision": 1},
        format="json",
    )
    assert saved.status_code == 201 and saved.json()["number"] == 2 and saved.json()["author"] == "editor"
    stale = editor_api.post(
        f"/api/v1/summaries/{run.pk}/revisions/", {"text": "Something else.", "base_revision": 1}, format="json"
    )
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["code"] == "conflict" and error["current_revision"] == 2
    assert Summary.objects.get(pk=run.pk).review.current_text == "Egypt and Russia renewed their partnership."
    body = editor_api.get(f"/api/v1/summaries/{run.pk}/").json()
    assert body["summary"] == "Egypt and Russia renewed their partnership." and body["title"] == "Partnership"


def test_edit_of_an_approved_summary_is_refused(editor_api, run):
    decide(editor_api, run, "approve")
    response = editor_api.post(
        f"/api/v1/summaries/{run.pk}/revisions/", {"text": "New.", "base_revision": 1}, format="json"
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "approved_locked"


def test_empty_edit_is_a_field_error(editor_api, run):
    response = editor_api.post(
        f"/api/v1/summaries/{run.pk}/revisions/", {"text": "", "base_revision": 1}, format="json"
    )
    assert response.status_code == 400 and "text" in response.json()["error"]["fields"]


def test_an_unfinished_run_cannot_be_approved(editor_api):
    queued = make_article().latest_summary
    response = decide(editor_api, queued, "approve")
    assert response.status_code == 409


def test_missing_run_is_404(editor_api):
    assert editor_api.get("/api/v1/summaries/999999/").json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("who", ["anonymous", "reporter"])
@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("get", "/api/v1/summaries/{pk}/", None),
        ("post", "/api/v1/summaries/{pk}/decision/", {"action": "approve"}),
        ("post", "/api/v1/summaries/{pk}/revisions/", {"text": "Hijacked.", "base_revision": 1}),
    ],
)
def test_non_editors_are_refused_and_nothing_changes(who, method, path, payload, api, reporter_api, run):
    client = api if who == "anonymous" else reporter_api
    response = getattr(client, method)(path.format(pk=run.pk), payload, format="json")
    assert response.status_code == (401 if who == "anonymous" else 403)
    assert response.json()["error"]["code"] in {"not_authenticated", "permission_denied"}
    after = Summary.objects.get(pk=run.pk)
    assert after.review.state == "pending" and after.review.revision == 1 and not ReviewEvent.objects.exists()


class TestConflict:
    """A stale `base_revision` is refused with words for a program and the current revision as fields."""

    def edit(self, client, run, base, text="Something else."):
        return client.post(
            f"/api/v1/summaries/{run.pk}/revisions/", {"text": text, "base_revision": base}, format="json"
        )

    def test_names_the_colleague_who_saved_and_the_revision_to_send(self, editor_api, run):
        colleague = token_client(make_user("layla", editor=True))
        saved = self.edit(colleague, run, 1, "Layla's version.")
        assert saved.status_code == 201
        stale = self.edit(editor_api, run, 1)
        assert stale.status_code == 409
        error = stale.json()["error"]
        assert error["code"] == "conflict"
        assert error["message"] == (
            "Not saved: this edit is based on revision 1, but the summary is now at revision 2, saved by layla. "
            "Get the summary again, and send the edit with base_revision 2 to replace that revision."
        )
        assert (error["base_revision"], error["current_revision"], error["current_author"]) == (1, 2, "layla")
        assert error["current_saved_at"] == saved.json()["created_at"]
        assert Summary.objects.get(pk=run.pk).review.current_text == "Layla's version."

    def test_has_no_words_of_the_web_form(self, editor_api, run):
        self.edit(editor_api, run, 1, "First edit.")
        message = self.edit(editor_api, run, 1).json()["error"]["message"]
        for web_words in ("below", "form", "—"):
            assert web_words not in message
        assert "editor" in message

    def test_the_machine_revision_is_the_summarizers(self, editor_api, run):
        error = self.edit(editor_api, run, 0).json()["error"]
        assert error["current_author"] is None and error["current_revision"] == 1
        assert "saved by the summarizer" in error["message"]

    def test_a_deleted_account_is_an_unknown_user(self, editor_api, run):
        colleague = make_user("gone", editor=True)
        assert self.edit(token_client(colleague), run, 1).status_code == 201
        colleague.delete()
        error = self.edit(editor_api, run, 1).json()["error"]
        assert error["current_author"] is None and error["current_revision"] == 2
        assert "saved by an unknown user" in error["message"]
