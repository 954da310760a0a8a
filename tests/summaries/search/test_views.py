"""The editors' search page: results with their snippets in their own direction, and bad input explained."""

import re

import pytest
from django.urls import reverse

from tests.factories import latest_run, make_user
from tests.summaries.search.helpers import indexed_article

pytestmark = pytest.mark.django_db

URL = reverse("summaries:search")


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("editor", editor=True))
    return client


def test_results_link_to_the_review_page_with_marked_snippets(editor_client):
    """Each result names the article as the queue does, links its review and article pages, and marks the
    match in the original, right to left, and in the English summary."""
    article = indexed_article(
        "قال الرئيس أحمد إن الانتخابات جرت بهدوء.", summary="President Ahmed said the elections were calm."
    )
    response = editor_client.get(URL, {"q": "احمد"})
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("summaries:summary_review", kwargs={"summary_id": latest_run(article).pk}) in html
    assert reverse("summaries:article_detail", kwargs={"article_id": article.pk}) in html
    assert '<p lang="ar" dir="rtl">قال الرئيس <mark>أحمد</mark>' in html
    assert "1 article found" in html


def test_english_snippet_is_left_to_right(editor_client):
    """A match in the summary is shown in English, left to right, word forms marked."""
    indexed_article("نص الخبر", summary="President Ahmed said the elections were calm.")
    html = editor_client.get(URL, {"q": "election"}).content.decode()
    assert re.search(r'<p lang="en" dir="ltr">[^<]*said the <mark>elections</mark> were calm', html)


def test_no_query_shows_the_form_only(editor_client):
    """Opening the page searches nothing yet."""
    response = editor_client.get(URL)
    assert response.status_code == 200 and "found" not in response.content.decode()


@pytest.mark.parametrize("query", ['"" ()', "*", "- : ^"])
def test_a_query_with_nothing_to_search_is_explained(editor_client, query):
    """Punctuation or operators alone: 400 with the reason beside the field, never a 500."""
    response = editor_client.get(URL, {"q": query})
    assert response.status_code == 400
    assert "Type at least one word to search for" in response.content.decode()


def test_bad_filters_are_explained(editor_client):
    """A malformed date, dates out of order, or an unknown choice: 400 naming the field's problem."""
    bad_date = editor_client.get(URL, {"q": "Cairo", "arrived_after": "yesterday"})
    assert bad_date.status_code == 400 and "Enter a valid date." in bad_date.content.decode()
    reversed_dates = editor_client.get(
        URL, {"q": "Cairo", "arrived_after": "2026-05-02", "arrived_before": "2026-05-01"}
    )
    assert (
        reversed_dates.status_code == 400
        and "The end date is before the start date." in reversed_dates.content.decode()
    )
    bad_state = editor_client.get(URL, {"q": "Cairo", "review_state": "published"})
    assert bad_state.status_code == 400 and "Select a valid choice." in bad_state.content.decode()


def test_the_page_is_in_the_editors_navigation(client):
    """Editors see the link; other signed-in people do not."""
    client.force_login(make_user("editor", editor=True))
    assert f'href="{URL}"' in client.get(reverse("summaries:review_queue")).content.decode()
    client.force_login(make_user("reporter"))
    assert f'href="{URL}"' not in client.get(reverse("summaries:articles_mine")).content.decode()


def test_arabic_interface(editor_client):
    """The page in Arabic is right to left, and an English snippet keeps its own direction inside it."""
    indexed_article("نص الخبر", summary="The elections were calm.")
    editor_client.cookies.load({"django_language": "ar"})
    html = editor_client.get(URL, {"q": "elections"}, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert re.search(r'<p lang="en" dir="ltr">[^<]*<mark>elections</mark> were calm', html)
