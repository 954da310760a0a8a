"""List pages and the API list cost a fixed number of queries, however many rows they show (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from summaries.review import decisions as review
from tests.factories import finish, latest_run, make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {"reporter": make_user("reporter"), "editor": make_user("editor", editor=True)}


def add_rows(count: int, people: dict) -> None:
    """Articles by the reporter, each with a finished, approved run (so every list shows them)."""
    for number in range(count):
        article = make_article(
            source_text=f"مقال رقم {number} عن الشراكة بين البلدين. " * 3, submitted_by=people["reporter"]
        )
        run = finish(latest_run(article))
        review.summary_transition(summary_id=run.pk, editor=people["editor"], action="approve")


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


PAGES = [
    ("/articles/", "reporter", 7),
    ("/review/", "editor", 7),
    ("/published/", None, 2),
]


@pytest.mark.parametrize(("url", "who", "expected"), PAGES, ids=[url for url, _who, _n in PAGES])
def test_a_list_page_costs_the_same_for_one_row_and_for_a_page_of_them(
    client, people, django_assert_num_queries, url, who, expected
):
    if who:
        client.force_login(people[who])
    add_rows(1, people)
    one = queries(client, url)
    add_rows(11, people)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    assert one == expected


def test_the_api_list_costs_the_same_for_one_row_and_for_a_page_of_them(people, django_assert_num_queries):
    api = APIClient()
    api.force_authenticate(people["editor"])
    add_rows(1, people)
    one = queries(api, "/api/v1/articles/")
    add_rows(11, people)
    with django_assert_num_queries(one):
        assert len(api.get("/api/v1/articles/").json()["results"]) == 12
