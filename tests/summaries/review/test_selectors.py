"""The review selectors, each a fixed number of queries however many rows it returns."""

import pytest

from summaries.articles.models import Article
from summaries.articles.naming import article_name, article_source
from summaries.feeds.models import Feed
from summaries.review import decisions, selectors
from tests.factories import finish, latest_run, make_article, make_user
from tests.query_counts import assert_database_query_count

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[2, 6], ids=["2 articles", "6 articles"])
def reviewed(request):
    reporter, editor = make_user("reporter"), make_user("editor", editor=True)
    runs = []
    for number in range(request.param):
        article = make_article(source_text=f"مقال رقم {number} عن الشراكة.", submitted_by=reporter)
        run = finish(latest_run(article))
        decisions.summary_edit(summary_id=run.pk, editor=editor, title="", text=f"Edited {number}.", base_revision=1)
        decisions.summary_transition(summary_id=run.pk, editor=editor, action="approve")
        runs.append(run)
    return {"reporter": reporter, "editor": editor, "runs": runs}


def test_the_queue_and_its_counts_are_one_query_each(reviewed):
    with assert_database_query_count(1):
        queue = list(selectors.review_queue_list(filters={}))
        [(run.article.headline, run.article.submitted_by) for run in queue]
    with assert_database_query_count(1):
        counts = selectors.review_state_counts(filters={})
    assert len(queue) == counts["approved"] == len(reviewed["runs"])


def test_naming_every_row_of_the_queue_is_still_one_query(reviewed):
    """The feed that names a feed entry comes with its row (summaries/articles/naming.py reads it)."""
    feed = Feed.objects.create(url="https://feeds.example/rss", name="City news")
    for number in range(3):
        make_article(source_text="", url=f"https://city.example/{number}", feed=feed, feed_entry_id=str(number))
    with assert_database_query_count(1):
        named = [(article_name(run.article), article_source(run.article)) for run in selectors.review_queue_list()]
    assert [source for _name, source in named].count("City news") == 3


def test_a_reporters_queue_is_one_query(reviewed):
    with assert_database_query_count(3):  # the person's two permission queries, then the queue
        mine = list(selectors.runs_for_user(user=reviewed["reporter"], session_articles=[], filters={}))
    assert len(mine) == len(reviewed["runs"])


def test_revisions_events_and_published_are_one_query_each(reviewed):
    run = reviewed["runs"][-1]
    article = run.article
    with assert_database_query_count(1):
        revisions = [revision.author for revision in selectors.summary_revisions(summary=run)]
    with assert_database_query_count(1):
        events = [(event.actor, event.summary.pk) for event in selectors.article_events(article=article)]
    with assert_database_query_count(1):
        published = [summary.article.headline for summary in selectors.published_list()]
    with assert_database_query_count(1):
        assert selectors.published_get(article_id=article.pk) is not None
    assert (len(revisions), len(events), len(published)) == (2, 2, len(reviewed["runs"]))


def test_articles_with_their_latest_review_state_are_one_query(reviewed):
    with assert_database_query_count(1):
        states = [
            article.latest_review_state
            for article in selectors.articles_with_latest_review_state(Article.objects.all())
        ]
    assert states == ["approved"] * len(reviewed["runs"])
