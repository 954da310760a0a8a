"""GET /api/v1/articles/<id>/result.<fmt>: the finished run as a file, for whoever may see the article
(token clients included), with JSON errors for everyone else."""

import json
import uuid

import pytest

from summaries.runs.models import Summary
from tests.factories import finish, make_article, make_user, own
from tests.summaries.api.conftest import token_client

pytestmark = pytest.mark.django_db

SUMMARY = "Russia and Egypt renewed their partnership."
TRANSLATION = "The Russian and Egyptian presidents signed today the agreement renewing the partnership."


@pytest.fixture
def article(reporter):
    article = make_article(submitted_by=reporter)
    finish(article.latest_summary, text=SUMMARY, translation=TRANSLATION)
    return article


def url(article_id: object, fmt: str) -> str:
    return f"/api/v1/articles/{article_id}/result.{fmt}"


def assert_json_error(response, status: int, code: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == code and response.json()["error"]["message"]


class TestTheSubmitter:
    def test_the_details_download_links_answer_the_token_client(self, reporter_api, article):
        """Every link in `downloads` is the API's own, and each answers 200 to the client that submitted."""
        downloads = reporter_api.get(f"/api/v1/articles/{article.pk}/").json()["run"]["downloads"]
        assert downloads == {fmt: f"http://testserver{url(article.pk, fmt)}" for fmt in ("md", "txt", "json")}
        for link in downloads.values():
            assert reporter_api.get(link).status_code == 200, link

    @pytest.mark.parametrize(
        ("fmt", "content_type"),
        [("md", "text/markdown; charset=utf-8"), ("txt", "text/plain; charset=utf-8"), ("json", "application/json")],
    )
    def test_each_format_is_a_download_with_its_type(self, reporter_api, article, fmt, content_type):
        response = reporter_api.get(url(article.pk, fmt))
        assert response.status_code == 200 and response["Content-Type"] == content_type
        assert response["Content-Disposition"] == f'attachment; filename="summary-{article.pk}.{fmt}"'
        assert response["X-Content-Type-Options"] == "nosniff" and response["Cache-Control"] == "no-store"
        body = response.content.decode()
        assert SUMMARY in body and TRANSLATION in body and article.source_text in body

    def test_json_holds_the_fields(self, reporter_api, article):
        data = json.loads(reporter_api.get(url(article.pk, "json")).content)
        assert data["article_id"] == str(article.pk)
        assert (data["summary"], data["translation"], data["original"]) == (SUMMARY, TRANSLATION, article.source_text)
        assert data["revision"] == 1 and data["review_state"] == "pending"

    def test_markdown_has_its_sections(self, reporter_api, article):
        body = reporter_api.get(url(article.pk, "md")).content.decode()
        assert "## Summary" in body and "## English translation" in body and "## Original" in body

    def test_an_accept_header_for_the_file_type_is_not_refused(self, reporter_api, article):
        response = reporter_api.get(url(article.pk, "md"), HTTP_ACCEPT="text/markdown")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/markdown")

    def test_an_edit_is_in_the_download(self, reporter_api, editor_api, article):
        run = article.latest_summary
        saved = editor_api.post(
            f"/api/v1/summaries/{run.pk}/revisions/",
            {"text": "Edited by an editor.", "base_revision": 1},
            format="json",
        )
        assert saved.status_code == 201
        assert json.loads(reporter_api.get(url(article.pk, "json")).content)["summary"] == "Edited by an editor."

    def test_an_anonymous_session_downloads_what_it_submitted(self, api, article):
        article.submitted_by = None
        article.save(update_fields=["submitted_by"])
        own(api, article)
        assert api.get(url(article.pk, "txt")).status_code == 200

    def test_editors_download_every_article(self, editor_api, article):
        assert editor_api.get(url(article.pk, "txt")).status_code == 200


class TestRefusals:
    @pytest.mark.parametrize("fmt", ["md", "txt", "json"])
    def test_another_token_client_gets_json_404(self, article, fmt):
        other = token_client(make_user("someone-else"))
        assert_json_error(other.get(url(article.pk, fmt)), 404, "not_found")

    def test_anonymous_gets_json_404(self, api, article):
        assert_json_error(api.get(url(article.pk, "md")), 404, "not_found")

    def test_a_bad_token_is_json_401(self, api, article):
        api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
        assert_json_error(api.get(url(article.pk, "md")), 401, "authentication_failed")

    def test_an_unknown_article_is_json_404(self, reporter_api):
        assert_json_error(reporter_api.get(url(uuid.uuid4(), "md")), 404, "not_found")

    def test_an_unknown_format_is_json_404(self, reporter_api, article):
        response = reporter_api.get(url(article.pk, "pdf"))
        assert_json_error(response, 404, "not_found")
        assert "md, txt, json" in response.json()["error"]["message"]

    def test_a_malformed_address_under_the_api_is_json_404(self, reporter_api, article):
        assert_json_error(reporter_api.get(f"/api/v1/articles/{article.pk}/result.md/"), 404, "not_found")
        assert_json_error(reporter_api.get("/api/v1/articles/not-a-uuid/result.md"), 404, "not_found")

    @pytest.mark.parametrize("status", [Summary.Status.QUEUED, Summary.Status.RUNNING, Summary.Status.FAILED])
    def test_a_run_that_is_not_done_has_nothing_to_download(self, reporter_api, reporter, status):
        article = make_article(submitted_by=reporter)
        Summary.objects.filter(article=article).update(status=status)
        assert_json_error(reporter_api.get(url(article.pk, "md")), 404, "not_finished")
        assert reporter_api.get(f"/api/v1/articles/{article.pk}/").json()["run"]["downloads"] == {}

    def test_other_methods_are_json_405(self, reporter_api, article):
        assert_json_error(reporter_api.post(url(article.pk, "md"), {}, format="json"), 405, "method_not_allowed")
