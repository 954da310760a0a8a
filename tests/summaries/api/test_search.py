"""GET /api/v1/search/: editors' tokens only; ranked hits with snippets; bad input is a 400 that says why."""

import pytest

from tests.factories import make_user
from tests.summaries.api.conftest import token_client
from tests.summaries.search.helpers import indexed_article

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"


def test_editors_get_ranked_hits_with_snippets(editor_api):
    """Each hit names the article, links its pages, and marks the match on the text as written."""
    article = indexed_article("قال الرئيس أحمد إن الانتخابات جرت بهدوء.", summary="Ahmed said the vote was calm.")
    body = editor_api.get(URL, {"q": "احمد"}).json()
    assert (body["count"], body["page"], body["pages"], body["next"], body["previous"]) == (1, 1, 1, None, None)
    hit = body["results"][0]
    assert hit["article_id"] == str(article.pk) and hit["review_state"] == "pending"
    assert hit["review_url"].endswith(f"/review/{hit['summary_id']}/")
    original = next(snippet for snippet in hit["snippets"] if snippet["field"] == "original")
    assert (original["language"], original["direction"]) == ("ar", "rtl")
    start, end = original["highlights"][0]
    assert original["text"][start:end] == "أحمد"
    assert "<mark>أحمد</mark>" in original["html"]


def test_filters_and_pages(editor_api):
    """Filters narrow the hits; pages link to each other; a page past the last is 404."""
    for number in range(3):
        indexed_article(f"Cairo news number {number}.", language="en")
    indexed_article("القاهرة Cairo خبر.", language="ar")
    body = editor_api.get(URL, {"q": "Cairo", "language": "en", "page_size": 2}).json()
    assert body["count"] == 3 and body["pages"] == 2 and "page=2" in body["next"]
    assert editor_api.get(URL, {"q": "Cairo", "flagged": "true"}).json()["count"] == 0
    assert editor_api.get(URL, {"q": "Cairo", "flagged": "false"}).json()["count"] == 4
    beyond = editor_api.get(URL, {"q": "Cairo", "page": 9})
    assert beyond.status_code == 404 and beyond.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("params", "code", "field"),
    [
        ({"q": ""}, "empty_query", None),
        ({"q": '"" ( ) *'}, "empty_query", None),
        ({"q": "x" * 201}, "invalid", "q"),
        ({}, "invalid", "q"),
        ({"q": "Cairo", "arrived_after": "07/12/2026"}, "invalid", "arrived_after"),
        ({"q": "Cairo", "arrived_after": "2026-05-02", "arrived_before": "2026-05-01"}, "invalid", "arrived_before"),
        ({"q": "Cairo", "review_state": "published"}, "invalid", "review_state"),
        ({"q": "Cairo", "feed": "999"}, "invalid", "feed"),
        ({"q": "Cairo", "language": "xx"}, "invalid", "language"),
        ({"q": "Cairo", "flagged": "maybe"}, "invalid", "flagged"),
        ({"q": "Cairo", "page_size": "500"}, "invalid", "page_size"),
    ],
)
def test_bad_input_is_a_400_that_says_why(editor_api, params, code, field):
    """Nothing to search, or a filter value that cannot be used: the code, and the field when there is one."""
    response = editor_api.get(URL, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    if field:
        assert field in error["fields"]


def test_only_editors(api, reporter_api):
    """Anonymous: 401; a token without the review permission: 403."""
    assert api.get(URL, {"q": "Cairo"}).status_code == 401
    assert reporter_api.get(URL, {"q": "Cairo"}).status_code == 403
    staff = token_client(make_user("boss", staff=True))
    assert staff.get(URL, {"q": "Cairo"}).status_code == 200


def test_the_schema_documents_the_parameters_and_errors(client):
    """Every parameter and the 400/401/403/404 answers are in the schema."""
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/search/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names == {
        "q",
        "page",
        "page_size",
        "arrived_after",
        "arrived_before",
        "outlet",
        "feed",
        "language",
        "review_state",
        "flagged",
    }
    assert {"200", "400", "401", "403", "404"} <= set(operation["responses"])
    assert "empty_query" in operation["responses"]["400"]["description"]
