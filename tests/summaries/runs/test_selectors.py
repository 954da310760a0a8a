"""The runs' selectors, each a fixed number of queries however many rows it returns."""

import pytest

from summaries.articles.models import Article
from summaries.glossary.models import GlossaryEntry
from summaries.glossary.services import glossary_stamp
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
    newest = latest_run(articles[-1])  # the queued re-run: it will apply the glossary of when it runs
    stamp = glossary_stamp()
    with assert_database_query_count(1):
        found = selectors.summary_reusable(
            content_hash=newest.article.content_hash,
            language="ar",
            translation_model=newest.translation_model,
            summarization_model=newest.summarization_model,
            strategy=newest.strategy,
            length=newest.length,
            glossary_version=stamp,
        )
        assert found is not None
        assert found.pk == newest.pk and found.article.content_hash == newest.article.content_hash


def _only_finished_run(article: Article) -> Summary:
    """The article's finished run, made its current one again (the fixture's queued re-run removed)."""
    latest_run(article).delete()
    return Summary.objects.filter(article=article, status="done").get()


def _same_as(run: Summary) -> dict[str, str]:
    """What a new submission of the run's text with the run's options and models would ask for."""
    return {
        "content_hash": run.article.content_hash,
        "language": "ar",
        "translation_model": run.translation_model,
        "summarization_model": run.summarization_model,
        "strategy": run.strategy,
        "length": run.length,
    }


def test_summary_reusable_skips_a_run_that_is_no_longer_its_articles_current_one(articles):
    older = _only_finished_run(articles[0])
    assert selectors.summary_reusable(glossary_version=glossary_stamp(), **_same_as(older)) == older
    make_run(older.article, strategy="extract-translate")  # an editor's re-run with other options
    assert selectors.summary_reusable(glossary_version=glossary_stamp(), **_same_as(older)) is None


def test_summary_reusable_skips_a_finished_run_made_under_another_glossary(articles):
    older = _only_finished_run(articles[0])
    assert selectors.summary_reusable(glossary_version=glossary_stamp(), **_same_as(older)) == older
    GlossaryEntry.objects.create(arabic="القاهرة", english="Cairo")
    assert selectors.summary_reusable(glossary_version=glossary_stamp(), **_same_as(older)) is None


def test_queue_place_is_three_queries(articles):
    newest = latest_run(articles[-1])
    with assert_database_query_count(3):  # ahead of it, running now, recent durations
        place = selectors.queue_place(newest)
    assert place.position == len(articles)
