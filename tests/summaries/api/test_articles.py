"""POST/GET /api/v1/articles/: the same intake, validation, ownership and limits as the web form."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from summaries.articles.models import Article
from summaries.runs.models import Summary
from summaries.runs.processing import summary_process
from tests.factories import finish, make_article, make_user, own

pytestmark = pytest.mark.django_db

ENGLISH = "The presidents signed an agreement on trade and energy in Cairo on Monday. " * 3


class TestSubmit:
    def test_json_text_gives_201_with_addresses(self, reporter_api, arabic_article):
        response = reporter_api.post("/api/v1/articles/", {"text": arabic_article}, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        article = Article.objects.get()
        assert body["id"] == str(article.pk) and body["status"] == "queued" and body["reused"] is False
        assert body["status_url"] == f"http://testserver/api/v1/articles/{article.pk}/"
        assert body["result_url"] == f"http://testserver/articles/{article.pk}/"
        assert response["Location"] == body["status_url"]
        assert article.language == "ar" and article.submitted_by.username == "reporter"

    def test_multipart_file_goes_through_the_same_intake(self, reporter_api, arabic_article):
        upload = SimpleUploadedFile("خبر.txt", arabic_article.encode("cp1256"))
        response = reporter_api.post("/api/v1/articles/", {"file": upload, "length": "short"}, format="multipart")
        assert response.status_code == 201, response.content
        article = Article.objects.get()
        assert (
            article.origin == "upload"
            and article.original_name == "خبر.txt"
            and article.source_text.startswith(arabic_article.strip()[:20])
        )
        assert article.latest_summary.length == "short"

    @pytest.mark.parametrize(
        ("payload", "code"),
        [
            ({"text": "قصير"}, "too_short"),
            ({"text": "   "}, "empty"),
            ({}, "no_input"),
            ({"text": ENGLISH, "strategy": "poetry"}, "invalid"),
            (
                {"text": "Ceci est un article en français sur le commerce et l'énergie au Caire. " * 3},
                "unsupported_language",
            ),
        ],
    )
    def test_bad_input_is_a_json_error_with_a_stable_code(self, reporter_api, payload, code):
        response = reporter_api.post("/api/v1/articles/", payload, format="json")
        assert response.status_code == 400 and response["Content-Type"] == "application/json"
        error = response.json()["error"]
        assert error["code"] == code and error["message"]
        assert Article.objects.count() == 0

    def test_nothing_sent_is_worded_for_a_program(self, reporter_api):
        """The form's "Paste an article or choose a file" becomes the API's fields to send."""
        error = reporter_api.post("/api/v1/articles/", {}, format="json").json()["error"]
        assert error["message"] == "Send the article as `text`, as one `file` or as a `url`."

    def test_field_errors_are_listed_per_field(self, reporter_api):
        error = reporter_api.post("/api/v1/articles/", {"text": ENGLISH, "length": "epic"}, format="json").json()[
            "error"
        ]
        assert list(error["fields"]) == ["length"]

    def test_unsupported_file_type(self, reporter_api):
        upload = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
        error = reporter_api.post("/api/v1/articles/", {"file": upload}, format="multipart").json()["error"]
        assert error["code"] == "unsupported_type"

    def test_oversized_file_is_413(self, reporter_api, settings):
        settings.SUMMARIES_MAX_UPLOAD_BYTES = 1000
        upload = SimpleUploadedFile("big.txt", ENGLISH.encode() * 10)
        response = reporter_api.post("/api/v1/articles/", {"file": upload}, format="multipart")
        assert response.status_code == 413 and response.json()["error"]["code"] == "file_too_large"

    def test_malformed_json_is_a_json_400(self, reporter_api):
        response = reporter_api.post("/api/v1/articles/", data="{not json", content_type="application/json")
        assert response.status_code == 400 and response.json()["error"]["code"] == "parse_error"

    def test_text_and_file_together_are_refused(self, reporter_api):
        upload = SimpleUploadedFile("a.txt", ENGLISH.encode())
        response = reporter_api.post("/api/v1/articles/", {"file": upload, "text": ENGLISH}, format="multipart")
        assert response.status_code == 400 and response.json()["error"]["fields"] == {
            "non_field": ["Send either text or a file, not both."]
        }

    def test_json_values_must_have_the_schemas_types(self, reporter_api):
        """DRF would read 1 as "1" and "yes" as true: the schema says string and boolean, so the API does too."""
        for field, value in (("force_new", "yes"), ("text", 10**90), ("language", 1)):
            response = reporter_api.post("/api/v1/articles/", {"text": ENGLISH, field: value}, format="json")
            assert response.status_code == 400 and list(response.json()["error"]["fields"]) == [field], field
        assert Article.objects.count() == 0
        form = reporter_api.post("/api/v1/articles/", {"text": ENGLISH, "force_new": "true"}, format="multipart")
        assert form.status_code == 201  # a form has only strings

    def test_the_length_limit_holds_for_the_text_as_sent(self, reporter_api, settings):
        """The schema's maxLength: trailing spaces trimmed later do not make a longer text acceptable."""
        settings.SUMMARIES_MAX_ARTICLE_CHARS = len(ENGLISH)
        response = reporter_api.post("/api/v1/articles/", {"text": ENGLISH + "   "}, format="json")
        assert response.status_code == 400 and response.json()["error"]["code"] == "too_long"
        assert reporter_api.post("/api/v1/articles/", {"text": ENGLISH}, format="json").status_code == 201

    def test_a_duplicate_reuses_the_earlier_article_with_200(self, reporter_api):
        first = reporter_api.post("/api/v1/articles/", {"text": ENGLISH}, format="json").json()
        again = reporter_api.post("/api/v1/articles/", {"text": ENGLISH}, format="json")
        assert again.status_code == 200 and again.json()["id"] == first["id"] and again.json()["reused"] is True
        forced = reporter_api.post("/api/v1/articles/", {"text": ENGLISH, "force_new": True}, format="json")
        assert forced.status_code == 201 and forced.json()["id"] != first["id"]

    def test_messages_follow_accept_language(self, reporter_api):
        response = reporter_api.post("/api/v1/articles/", {"text": "قصير"}, format="json", HTTP_ACCEPT_LANGUAGE="ar")
        message = response.json()["error"]["message"]
        assert response.json()["error"]["code"] == "too_short" and "short" not in message

    def test_anonymous_submission_is_rate_limited_like_the_form(self, api, settings):
        settings.SUMMARIES_RATE_LIMIT_PER_IP = (2, 3600)
        settings.SUMMARIES_REUSE_DUPLICATES = False
        for _ in range(2):
            assert api.post("/api/v1/articles/", {"text": ENGLISH}, format="json").status_code == 201
        refused = api.post("/api/v1/articles/", {"text": ENGLISH}, format="json")
        assert refused.status_code == 429 and refused.json()["error"]["code"] == "throttled"
        assert int(refused["Retry-After"]) > 0 and refused.json()["error"]["retry_after"] == int(refused["Retry-After"])

    def test_token_clients_are_limited_per_account(self, reporter_api, settings):
        settings.SUMMARIES_RATE_LIMIT_PER_USER = (1, 60)
        settings.SUMMARIES_REUSE_DUPLICATES = False
        assert reporter_api.post("/api/v1/articles/", {"text": ENGLISH}, format="json").status_code == 201
        refused = reporter_api.post("/api/v1/articles/", {"text": ENGLISH}, format="json")
        assert (
            refused.status_code == 429
            and "with this account: at most 1 per minute" in refused.json()["error"]["message"]
        )

    def test_a_bad_token_is_401_json(self, api):
        api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
        response = api.post("/api/v1/articles/", {"text": ENGLISH}, format="json")
        assert response.status_code == 401 and response.json()["error"]["code"] == "authentication_failed"


class TestSessionAuth:
    def test_a_browser_session_submits_with_csrf_and_then_sees_its_article(self, arabic_article):
        from rest_framework.test import APIClient

        browser = APIClient(enforce_csrf_checks=True)
        browser.get("/")  # the page sets the CSRF cookie
        browser.get(f"/api/v1/articles/{uuid.uuid4()}/")
        browser.session.save()
        browser.cookies["sessionid"] = browser.session.session_key
        refused = browser.post("/api/v1/articles/", {"text": arabic_article}, format="json")
        assert refused.status_code == 403 and "CSRF" in refused.json()["error"]["message"]
        accepted = browser.post(
            "/api/v1/articles/",
            {"text": arabic_article},
            format="json",
            HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value,
        )
        assert accepted.status_code == 201
        article_id = accepted.json()["id"]
        assert browser.get(f"/api/v1/articles/{article_id}/").status_code == 200
        assert APIClient().get(f"/api/v1/articles/{article_id}/").status_code == 404  # another browser

    def test_a_program_without_cookies_needs_no_csrf_token(self):
        from rest_framework.test import APIClient

        assert (
            APIClient(enforce_csrf_checks=True).post("/api/v1/articles/", {"text": ENGLISH}, format="json").status_code
            == 201
        )

    def test_a_signed_in_session_needs_the_csrf_token(self, reporter):
        from rest_framework.test import APIClient

        browser = APIClient(enforce_csrf_checks=True)
        browser.force_login(reporter)
        refused = browser.post("/api/v1/articles/", {"text": ENGLISH}, format="json")
        assert refused.status_code == 403 and "CSRF" in refused.json()["error"]["message"]
        browser.get("/")
        accepted = browser.post(
            "/api/v1/articles/", {"text": ENGLISH}, format="json", HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value
        )
        assert accepted.status_code == 201


class TestDetail:
    def test_progress_then_result_with_grounding(self, reporter_api, arabic_article):
        article_id = reporter_api.post("/api/v1/articles/", {"text": arabic_article}, format="json").json()["id"]
        queued = reporter_api.get(f"/api/v1/articles/{article_id}/").json()
        assert queued["run"]["status"] == "queued" and queued["run"]["progress"]["stage"] == ""
        assert queued["run"]["downloads"] == {} and queued["text"].strip() == arabic_article.strip()
        summary_process(summary_id=queued["run"]["summary_id"])
        done = reporter_api.get(f"/api/v1/articles/{article_id}/")
        assert done["Cache-Control"] == "no-store"
        run = done.json()["run"]
        assert run["status"] == "done" and run["progress"]["percent"] == 100
        assert run["translation"] and run["summary"] and run["review_state"] == "pending"
        assert run["sentences"][0]["source"] and "score" in run["sentences"][0]
        assert run["summary_sentences"] and {"text", "sources", "scores", "support", "flagged"} <= set(
            run["summary_sentences"][0]
        )
        assert set(run["downloads"]) == {"txt", "md", "json"}

    def test_a_failed_run_says_why(self, reporter_api, reporter):
        article = make_article(submitted_by=reporter)
        Summary.objects.filter(article=article).update(status="failed", stage="failed", error_code="timeout")
        run = reporter_api.get(f"/api/v1/articles/{article.pk}/").json()["run"]
        assert run["status"] == "failed" and run["error"]["code"] == "timeout" and run["error"]["message"]

    def test_submitters_do_not_see_the_editors_note_or_the_text_before_editing(
        self, reporter_api, reporter, editor_api
    ):
        """Like the article page: the editors' internal note and the machine text stay with the editors."""
        from summaries.review import decisions as review

        run = finish(make_article(submitted_by=reporter).latest_summary)
        review.summary_transition(
            summary_id=run.pk,
            editor=make_user("ed", editor=True),
            action="request_changes",
            note="Internal: the source is doubtful.",
        )
        body = reporter_api.get(f"/api/v1/articles/{run.article_id}/").json()
        assert "review_note" not in body["run"] and "machine_summary" not in body["run"]
        assert "doubtful" not in str(body)
        assert (
            editor_api.get(f"/api/v1/summaries/{run.pk}/").json()["review_note"] == "Internal: the source is doubtful."
        )

    def test_someone_elses_article_and_a_made_up_id_look_the_same(self, reporter_api):
        other = make_article()
        hidden = reporter_api.get(f"/api/v1/articles/{other.pk}/")
        missing = reporter_api.get(f"/api/v1/articles/{uuid.uuid4()}/")
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json() == missing.json() and hidden.json()["error"]["code"] == "not_found"

    def test_an_anonymous_session_sees_what_it_submitted(self, api):
        article = make_article()
        assert api.get(f"/api/v1/articles/{article.pk}/").status_code == 404
        own(api, article)
        assert api.get(f"/api/v1/articles/{article.pk}/").status_code == 200

    def test_editors_see_every_article(self, editor_api):
        assert editor_api.get(f"/api/v1/articles/{make_article().pk}/").status_code == 200


class TestList:
    def test_anonymous_clients_must_authenticate(self, api):
        response = api.get("/api/v1/articles/")
        assert response.status_code in {401, 403} and response.json()["error"]["code"] == "not_authenticated"

    def test_editors_see_everything_others_their_own(self, editor_api, reporter_api, reporter):
        mine = make_article(submitted_by=reporter)
        make_article(source_text="مقال آخر عن الاقتصاد المصري والطاقة في القاهرة يوم الاثنين.")
        assert [row["id"] for row in reporter_api.get("/api/v1/articles/").json()["results"]] == [str(mine.pk)]
        assert editor_api.get("/api/v1/articles/").json()["count"] == 2

    def test_filters_and_pagination(self, editor_api, reporter):
        for index in range(3):
            finish(
                make_article(source_text=f"خبر رقم {index} عن الطاقة والتجارة بين البلدين في القاهرة.").latest_summary
            )
        make_article(source_text="خبر ينتظر المعالجة عن الطاقة والتجارة في القاهرة اليوم.", submitted_by=reporter)
        done = editor_api.get("/api/v1/articles/", {"status": "done", "page_size": 2}).json()
        assert done["count"] == 3 and len(done["results"]) == 2 and done["next"]
        assert editor_api.get("/api/v1/articles/", {"submitter": "reporter"}).json()["count"] == 1
        assert editor_api.get("/api/v1/articles/", {"q": "رقم 1"}).json()["count"] == 1
        row = editor_api.get("/api/v1/articles/", {"review_state": "pending", "status": "done"}).json()["results"][0]
        assert {"id", "headline", "summary_id", "status", "review_state", "url", "language", "created_at"} <= set(row)

    def test_bad_filters_are_reported(self, editor_api):
        response = editor_api.get(
            "/api/v1/articles/",
            {"status": "sleeping", "submitted_after": "2026-02-01", "submitted_before": "2026-01-01"},
        )
        assert response.status_code == 400 and set(response.json()["error"]["fields"]) == {"status", "submitted_before"}
        response = editor_api.get(
            "/api/v1/articles/", {"submitted_after": "2026-02-01", "submitted_before": "2026-01-01"}
        )
        assert response.status_code == 400 and "submitted_before" in response.json()["error"]["fields"]

    def test_an_empty_or_non_iso_date_filter_is_refused_not_ignored(self, editor_api):
        """The queue page's form sends empty fields, but a program that sends an empty date has lost its
        value: answering every article as if it had asked for none would hide the bug."""
        finish(make_article().latest_summary)
        for value in ("", " ", "02/01/2026"):
            response = editor_api.get("/api/v1/articles/", {"submitted_after": value, "submitted_before": "2026-01-01"})
            assert response.status_code == 400, value
            assert "submitted_after" in response.json()["error"]["fields"], value
        assert editor_api.get("/api/v1/articles/", {"submitted_after": "2000-01-01"}).json()["count"] == 1


def test_unknown_api_paths_are_json_404(api):
    response = api.get("/api/v1/nothing-here/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_wrong_method_is_json_405(reporter_api):
    response = reporter_api.delete("/api/v1/articles/")
    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"
