"""The articles' selectors, each a fixed number of queries however many rows it returns."""

import pytest

from summaries.articles import selectors
from tests.factories import latest_run, make_article, make_user
from tests.query_counts import assert_database_query_count

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[2, 6], ids=["2 articles", "6 articles"])
def reporter_articles(request):
    reporter = make_user("reporter")
    made = [make_article(source_text=f"مقال رقم {number}.", submitted_by=reporter) for number in range(request.param)]
    return reporter, made


def test_own_list_is_two_queries_with_each_articles_newest_run(reporter_articles):
    reporter, made = reporter_articles
    with assert_database_query_count(2):  # the articles, then every newest run at once
        listed = list(selectors.articles_own_list(user=reporter, session_articles=[]))
        [article.newest_runs[0].status for article in listed]
    assert len(listed) == len(made)


def test_the_articles_a_person_may_open_are_one_query(reporter_articles):
    """One query, after the person's two permission queries (asked once, then cached on the user)."""
    reporter, made = reporter_articles
    with assert_database_query_count(3):
        assert len(list(selectors.articles_for_user(user=reporter, session_articles=[]))) == len(made)
    with assert_database_query_count(1):
        assert len(list(selectors.articles_own(user=None, session_articles=[str(made[0].pk), "not-a-uuid"]))) == 0


def test_article_get_for_user_is_one_query(reporter_articles):
    reporter, made = reporter_articles
    with assert_database_query_count(3):  # the person's two permission queries, then the article
        assert selectors.article_get_for_user(article_id=made[0].pk, user=reporter, session_articles=[]) == made[0]
    assert latest_run(made[0]).status == "queued"
