"""The site's own error pages, in the reader's language, and JSON for every error under /api/, whether
DEBUG is off (the default) or on (a developer asked for debug pages)."""

import json

import pytest
from django.test import Client, override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]

HEADINGS = {
    ("en", 400): "Request refused",
    ("ar", 400): "رُفض الطلب",
    ("en", 403): "Not allowed",
    ("ar", 403): "غير مسموح",
    ("en", 404): "Not found",
    ("ar", 404): "غير موجود",
    ("en", 500): "Something went wrong",
    ("ar", 500): "حدث خطأ",
}
ADDRESSES = {400: "/failing/400/", 403: "/failing/403/", 404: "/articles/no-such-article/", 500: "/failing/500/"}


def get(path: str, language: str = "en") -> tuple[int, str, str]:
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
    response = client.get(path)
    return response.status_code, response["Content-Type"], response.content.decode()


class TestPagesWithoutDebug:
    @pytest.mark.parametrize("language", ["en", "ar"])
    @pytest.mark.parametrize("status", [400, 403, 404, 500])
    def test_each_error_is_the_sites_own_page_in_the_readers_language(self, status, language):
        code, content_type, page = get(ADDRESSES[status], language)
        assert (code, content_type.split(";")[0]) == (status, "text/html")
        assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in page
        assert f"<h1>{HEADINGS[(language, status)]}</h1>" in page
        assert 'name="viewport"' in page  # laid out for a phone like every other page
        for debug_text in ("Django tried these URL patterns", "Traceback", "DEBUG = True", "a bug"):
            assert debug_text not in page

    def test_a_mistyped_address_does_not_list_the_sites_routes(self):
        page = get("/admn/")[2]
        assert "admin/" not in page and "api/" not in page and "Not found" in page


@pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
class TestApiErrorsAreJson:
    @pytest.mark.parametrize(
        ("path", "status", "code"),
        [
            ("/api/v1/no-such-endpoint/", 404, "not_found"),
            ("/api/no-such-version/articles/", 404, "not_found"),
            ("/api/v1/failing/500/", 500, "internal"),
            ("/api/v1/articles/00000000-0000-0000-0000-000000000000/", 404, "not_found"),
        ],
    )
    def test_in_the_apis_error_shape(self, debug, path, status, code):
        with override_settings(DEBUG=debug):
            got, content_type, body = get(path)
        assert (got, content_type) == (status, "application/json")
        error = json.loads(body)["error"]
        assert error["code"] == code and error["message"]
        assert "Traceback" not in body and "a bug" not in body

    def test_in_the_readers_language(self, debug):
        with override_settings(DEBUG=debug):
            body = get("/api/v1/no-such-endpoint/", "ar")[2]
        assert json.loads(body)["error"]["message"] == "لا يوجد شيء على هذا العنوان."


def test_debug_pages_appear_only_when_asked_for():
    """DEBUG=1 is how a developer gets Django's pages (README, Development); the API stays JSON."""
    with override_settings(DEBUG=True):
        assert "Django tried these URL patterns" in get("/no-such-page/")[2]
        assert "Traceback" in get("/failing/500/")[2]
