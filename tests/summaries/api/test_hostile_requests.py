"""Hostile requests to the API get a clear 4xx in the one error shape, never a 500, and change nothing:
deep JSON, oversized bodies, too many files, chunked bodies, and cross-site browser forms."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from summaries.articles.models import Article, SubmissionHit

pytestmark = pytest.mark.django_db

URL = "/api/v1/articles/"


def error(response) -> dict:
    assert response["Content-Type"] == "application/json", response.content[:200]
    return response.json()["error"]


def test_json_nested_thousands_of_levels_deep_is_a_400_not_a_500():
    body = "[" * 5000 + "]" * 5000
    response = Client().post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert error(response)["code"] == "too_deep"
    assert Article.objects.count() == 0


@pytest.mark.parametrize("field", ["strategy", "length", "language", "text"])
def test_half_a_surrogate_pair_in_a_field_is_a_400_not_a_500(field, arabic_article):
    """JSON may escape half of a UTF-16 pair, which is no character: a choice field quoted it in its error
    message, which could not be encoded (a 500)."""
    body = {"text": arabic_article, field: "\ud800"}
    response = Client().post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert error(response)["code"] == "invalid_unicode"
    assert Article.objects.count() == 0


def test_half_a_surrogate_pair_in_a_review_decision_is_a_400(editor_api):
    body = '{"action": "\\udfff"}'  # the escape as JSON writes it
    response = editor_api.post("/api/v1/summaries/1/decision/", body, content_type="application/json")
    assert response.status_code == 400 and error(response)["code"] == "invalid_unicode"


def test_a_refused_body_counts_against_the_refusal_budget(settings):
    settings.SUMMARIES_RATE_LIMIT_REFUSED = (2, 3600)
    client = Client()
    for _ in range(2):
        assert client.post(URL, "[" * 5000, content_type="application/json").status_code == 400
    response = client.post(URL, {"text": "x" * 100}, content_type="application/json")
    assert response.status_code == 429 and error(response)["code"] == "throttled"
    assert "were refused" in error(response)["message"]
    assert SubmissionHit.objects.filter(scope="refused").count() == 2


def test_a_json_body_over_the_limit_is_413_as_documented():
    body = '{"text": "' + "ا" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + '"}'
    response = Client().post(URL, body, content_type="application/json")
    assert response.status_code == 413 and error(response)["code"] == "too_large"
    assert Article.objects.count() == 0


def test_more_than_one_file_is_too_many_files(arabic_article):
    files = [SimpleUploadedFile(f"{n}.txt", arabic_article.encode()) for n in range(3)]
    response = Client().post(URL, {"file": files})
    assert response.status_code == 400
    assert error(response)["code"] == "too_many_files"
    assert (
        error(response)["message"] == "3 files were sent; send one file per request."
    )  # the API's words, not the form's
    assert Article.objects.count() == 0


def test_a_flood_of_parts_beyond_the_hard_cap_is_a_clear_400(arabic_article):
    files = [SimpleUploadedFile(f"{n}.txt", b"x") for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    response = Client().post(URL, {"text": arabic_article, "file": files})
    assert response.status_code == 400
    assert error(response)["code"] in {"too_many_files"}
    assert Article.objects.count() == 0


def test_a_chunked_body_is_411_not_empty():
    response = Client().post(URL, b"", content_type="multipart/form-data; boundary=x", HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411 and error(response)["code"] == "length_required"


class TestCrossSite:
    @pytest.mark.parametrize(
        "headers",
        [{"HTTP_SEC_FETCH_SITE": "cross-site"}, {"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_ORIGIN": "null"}],
        ids=["sec-fetch-site", "foreign origin", "opaque origin"],
    )
    def test_a_form_from_another_site_is_refused_and_no_session_is_made(self, arabic_article, headers):
        """The visitor's SameSite=Lax cookie does not come with it; answering it as a cookie-less program set a
        new sessionid in the visitor's browser, which lost their articles (or signed an editor out)."""
        response = Client().post(URL, {"text": arabic_article}, **headers)
        assert response.status_code == 403 and error(response)["code"] == "cross_site"
        assert settings.SESSION_COOKIE_NAME not in response.cookies
        assert Article.objects.count() == 0

    def test_a_page_of_this_site_may_post(self, arabic_article):
        client = Client(enforce_csrf_checks=False)
        response = client.post(
            URL, {"text": arabic_article}, HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin"
        )
        assert response.status_code == 201

    def test_a_program_without_origin_headers_is_a_program(self, arabic_article):
        response = Client().post(URL, {"text": arabic_article}, content_type="application/json")
        assert response.status_code == 201


def test_token_clients_never_get_a_session_cookie(reporter, arabic_article):
    from summaries.access.tokens import issue

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue(reporter).key}")
    response = api.post(URL, {"text": arabic_article}, format="json")
    assert response.status_code == 201
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert api.get(response.json()["status_url"]).status_code == 200
