"""The index follows the texts: written by the services that write them, in their transaction."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from summaries.articles.link_submission import article_fetch, link_submit
from summaries.articles.submission import article_submit
from summaries.review import decisions
from summaries.runs.models import Summary
from summaries.runs.processing import summary_process
from summaries.search.models import SearchDocument
from summaries.search.selectors import SearchFilters, search_articles, search_outlets
from summaries.search.services import search_index_catch_up, search_index_rebuild
from tests.factories import finish, latest_run, make_user
from tests.link_site import allow_site, start_site
from tests.summaries.search.helpers import indexed_article

pytestmark = pytest.mark.django_db

ENGLISH = "The presidents of Russia and Egypt signed a partnership agreement in Moscow today after long talks."


def found(query: str, **filters) -> list:
    return [hit.document.article for hit in search_articles(query=query, filters=SearchFilters(**filters)).hits]


def test_a_submitted_article_is_searchable_before_it_is_processed():
    """Acceptance creates the run, and with it the document: the original is found at once, unreviewed."""
    article = article_submit(text=ENGLISH, enqueue=False).article
    assert found("partnership") == [article]
    assert SearchDocument.objects.get(article=article).review_state == ""


def test_a_finished_run_is_indexed_with_its_summary():
    """The worker's result save writes the document: the summary is found and the state is pending review."""
    article = article_submit(text=ENGLISH, enqueue=False).article
    summary_process(summary_id=latest_run(article).pk)
    run = latest_run(article)
    document = SearchDocument.objects.get(article=article)
    assert (document.run_id, document.review_state) == (run.pk, "pending")
    word = max(re.findall(r"[A-Za-z]{4,}", run.summary_text), key=len)
    hit = search_articles(query=word).hits[0]
    assert hit.document.article == article
    assert {snippet.field for snippet in hit.snippets} & {"summary", "original"}


def test_an_editors_revision_is_indexed_and_the_replaced_one_stays_findable():
    """Saving a revision indexes the editors' headline and text; the text it replaced is still found."""
    editor = make_user("editor", editor=True)
    article = indexed_article("نص الخبر", summary="Machine summary about trade.", translation="The text.")
    run = latest_run(article)
    decisions.summary_edit(
        summary_id=run.pk, editor=editor, title="Border reopens", text="Editors mention tourism.", base_revision=1
    )
    assert found("tourism") == [article]
    assert found('"border reopens"') == [article]
    decisions.summary_edit(
        summary_id=run.pk, editor=editor, title="Border reopens", text="Editors mention hotels.", base_revision=2
    )
    hit = search_articles(query="tourism").hits[0]
    assert hit.document.article == article and [snippet.field for snippet in hit.snippets] == ["revisions"]
    assert found("hotels") == [article]


def test_a_decision_updates_the_review_state():
    """Approving changes the state the filter reads, in the decision's transaction."""
    editor = make_user("editor", editor=True)
    article = indexed_article("نص الخبر", summary="A summary about trade.")
    decisions.summary_approve(summary_id=latest_run(article).pk, editor=editor)
    assert found("trade", review_state="approved") == [article]
    assert found("trade", review_state="pending") == []


def test_a_new_run_replaces_the_old_one_in_the_document():
    """A re-run makes the newest run the one search shows: unfinished, so no review state yet."""
    editor = make_user("editor", editor=True)
    article = indexed_article("نص الخبر", summary="A summary about trade.")
    run = decisions.summary_rerun(summary_id=latest_run(article).pk, editor=editor, strategy="", length="")
    document = SearchDocument.objects.get(article=article)
    assert (document.run_id, document.review_state) == (run.pk, "")


def test_a_deleted_article_leaves_nothing_in_the_index():
    """The document goes with its article, and its engine row with it."""
    article = indexed_article("Cairo news.", language="en")
    article.delete()
    assert found("Cairo") == []
    assert SearchDocument.objects.count() == 0


def test_rebuild_writes_every_article_again():
    """The command indexes articles that have no document yet (a database from before search), in batches."""
    articles = [indexed_article(f"Cairo news {number}.", language="en") for number in range(3)]
    finish(latest_run(articles[0]), text="Summary about Giza.")
    SearchDocument.objects.all().delete()
    assert found("Cairo") == []
    out = StringIO()
    call_command("rebuild_search_index", "--batch-size", "2", stdout=out)
    assert "Indexed 3 articles" in out.getvalue()
    assert set(found("Cairo")) == set(articles)
    assert found("Giza") == [articles[0]]
    assert search_index_rebuild(batch_size=500) == 3
    assert SearchDocument.objects.count() == 3


def test_a_fetched_link_is_indexed_with_its_page(settings, request):
    """A link has no text until the worker reads its page; the fetch writes the text, headline and outlet."""
    site = start_site(request)
    allow_site(settings)
    run = link_submit(url=f"{site.url}/article", enqueue=False).summary
    assert SearchDocument.objects.get(article=run.article_id).headline == ""
    Summary.objects.filter(pk=run.pk).update(status=Summary.Status.RUNNING)
    run.refresh_from_db()
    article_fetch(summary=run)
    article = run.article
    article.refresh_from_db()
    document = SearchDocument.objects.get(article=article)
    assert document.headline and document.headline_language == "ar"
    headline_word = max(document.headline.split(), key=len)
    assert article in found(headline_word)
    assert article.site_name in search_outlets()


def test_catch_up_indexes_articles_from_before_search_a_batch_at_a_time():
    """Articles with no document (stored before search existed) are indexed, at most a batch per call, and
    those already indexed are left as they are; nothing is left to do once all have their document."""
    articles = [indexed_article(f"Cairo news {number}.", language="en") for number in range(3)]
    SearchDocument.objects.filter(article__in=articles[:2]).delete()
    kept = SearchDocument.objects.get(article=articles[2])
    assert found("Cairo") == [articles[2]]
    assert search_index_catch_up(batch_size=1) == 1
    assert len(found("Cairo")) == 2
    assert search_index_catch_up(batch_size=500) == 1
    assert set(found("Cairo")) == set(articles)
    assert SearchDocument.objects.get(article=articles[2]).updated_at == kept.updated_at
    assert search_index_catch_up(batch_size=500) == 0
    SearchDocument.objects.filter(article=articles[0]).delete()
    assert search_index_catch_up(batch_size=0) == 0  # switched off
    assert SearchDocument.objects.count() == 2
