"""The runs' selectors, each a fixed number of queries however many rows it returns."""

import pytest

from summaries.runs import selectors
from summaries.runs.models import Summary
from tests.factories import finish, latest_run, make_article, make_run
from tests.query_counts import assert_database_query_count

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[2, 6], ids=["2 articles", "6 articles"])
def articles(request):
    made = []
    for number in range(request.param):
        article = make_article(source_text=f"مقال رقم {number} عن الشراكة بين البلدين.")
        finish(latest_run(article))
        make_run(article)  # a re-run: each article has an older and a newer run
        made.append(article)
    return made


def test_current_runs_is_one_query_with_each_articles_newest_run(articles):
    with assert_database_query_count(1):
        runs = list(selectors.current_runs())
    assert len(runs) == len(articles) and all(run.status == "queued" for run in runs)


def test_article_runs_is_one_query_with_the_reviewers(articles):
    with assert_database_query_count(1):
        runs = list(selectors.article_runs(article=articles[0]))
        [run.review.reviewed_by for run in runs]
    assert [run.status for run in runs] == ["queued", "done"]


def test_summary_get_is_one_query_with_the_article_and_reviewer(articles):
    run = latest_run(articles[-1])
    with assert_database_query_count(1):
        found = selectors.summary_get(summary_id=run.pk)
        assert found is not None
        assert (found.article.pk, found.review.reviewed_by) == (run.article_id, None)


def test_summary_reusable_is_one_query(articles):
    done = Summary.objects.filter(status="done").select_related("article").first()
    assert done is not None
    with assert_database_query_count(1):
        found = selectors.summary_reusable(
            content_hash=done.article.content_hash,
            language="ar",
            translation_model=done.translation_model,
            summarization_model=done.summarization_model,
            strategy=done.strategy,
            length=done.length,
        )
        assert found is not None
        assert found.article.content_hash == done.article.content_hash


def test_queue_place_is_three_queries(articles):
    newest = latest_run(articles[-1])
    with assert_database_query_count(3):  # ahead of it, running now, recent durations
        place = selectors.queue_place(newest)
    assert place.position == len(articles)
