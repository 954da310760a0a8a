"""Links: link_submit stores and queues without any network; the worker's fetch stage (article_fetch, run by
summary_fetch, then summary_process) reads the stand-in site, and every refusal ends the run failed with its message."""

import datetime
import hashlib

import pytest
from django.db import DatabaseError

from newsapp import devstack
from summaries.articles import link_submission as links
from summaries.articles.batch import run_here
from summaries.articles.intake.text import duplicate_key
from summaries.articles.link_submission import article_fetch, link_submit
from summaries.articles.models import Article
from summaries.common.exceptions import IntakeError, LinkRefused, render_message
from summaries.feeds.models import Feed
from summaries.runs.dispatch import job_queue
from summaries.runs.models import Summary
from tests.link_site import allow_site, start_site
from tests.pages_standin import AUTHOR

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def site(request):
    return start_site(request)


@pytest.fixture(autouse=True)
def _site_allowed(settings, site):
    allow_site(settings)
    site.reset()
    site.redirect_target = f"http://127.0.0.1:{site.port}/article"  # /to-other-port: the same site by address


def submitted(url: str, **options) -> Summary:
    return link_submit(url=url, enqueue=False, **options).summary


def processed(url: str, **options) -> Summary:
    """Submit the link and run the workers' jobs on it here: reading the page, then the pipeline."""
    summary = submitted(url, **options)
    run_here(summary.pk)
    summary.refresh_from_db()
    summary.article.refresh_from_db()
    return summary


def fetched(url: str, **options) -> Article:
    """Only the fetch stage, on a claimed run (what the worker does before translating)."""
    summary = submitted(url, **options)
    Summary.objects.filter(pk=summary.pk).update(status=Summary.Status.RUNNING)
    summary.refresh_from_db()
    article_fetch(summary=summary)
    return Article.objects.get(pk=summary.article_id)


class TestLinkSubmit:
    def test_a_link_is_stored_without_text_and_queued_without_fetching(self, site):
        """The web request only checks the link's form: the site is not asked anything."""
        submission = link_submit(url=f"  {site.url}/article  ", enqueue=False)
        article = Article.objects.get()
        assert submission.article == article and submission.summary.article == article
        assert (article.url, article.source_text, article.origin) == (f"{site.url}/article", "", Article.Origin.LINK)
        assert (article.language, article.fetched_at, article.final_url) == ("", None, "")
        assert submission.summary.status == Summary.Status.QUEUED
        assert site.paths() == []

    def test_the_links_host_is_stored_with_it_as_the_outlet(self):
        """Lower case, without "www." or port: the host Article.outlet names and outlet feeds look up."""
        article = link_submit(url="https://WWW.News.Example:8443/world/1?x=1", enqueue=False).article
        article.refresh_from_db()
        assert (article.host, article.outlet) == ("news.example", "news.example")

    @pytest.mark.parametrize(
        "url",
        ["ftp://example.com/news", "javascript:alert(1)", "file:///etc/passwd", "example.com/news", "http://", "news"],
    )
    def test_a_link_that_is_not_http_or_https_is_refused_at_once(self, url):
        with pytest.raises(LinkRefused) as refused:
            link_submit(url=url, enqueue=False)
        assert refused.value.code == "link_scheme"
        assert not Article.objects.exists()

    def test_a_link_longer_than_the_column_is_refused_with_its_length(self):
        url = "https://example.com/" + "a" * 2000
        with pytest.raises(LinkRefused) as refused:
            link_submit(url=url, enqueue=False)
        assert refused.value.code == "link_too_long"
        assert refused.value.message == f"The link is too long: {len(url):,} characters; the limit is 2,000."
        assert not Article.objects.exists()

    def test_a_language_that_cannot_be_translated_is_refused_before_anything_is_stored(self, site):
        with pytest.raises(IntakeError) as refused:
            link_submit(url=f"{site.url}/article", language="xx", enqueue=False)
        assert refused.value.code == "unknown_language_code"
        assert not Article.objects.exists()

    def test_a_feed_entry_records_its_feed_and_options(self, site):
        feed = Feed.objects.create(url=f"{site.url}/feed.xml", name="Local news", strategy="extract-translate")
        result = link_submit(
            url=f"{site.url}/article",
            origin=Article.Origin.FEED,
            feed=feed,
            feed_entry_id="entry-1",
            language="ar",
            strategy=feed.strategy,
            length="short",
            enqueue=False,
        )
        article = result.article
        assert (article.origin, article.feed, article.feed_entry_id) == (Article.Origin.FEED, feed, "entry-1")
        assert Article.objects.get(pk=article.pk).host == "localhost"
        assert (article.language, article.language_overridden) == ("ar", True)
        assert (result.summary.strategy, result.summary.length) == ("extract-translate", "short")

    def test_a_link_goes_to_its_strategys_queue_like_any_article(self, site, settings):
        """The queue depends on the strategy only, known before the page is read."""
        abstractive = submitted(f"{site.url}/article", strategy="translate-summarize")
        extractive = submitted(f"{site.url}/article", strategy="extract-translate")
        assert job_queue(summary_id=abstractive.pk) == settings.SUMMARIES_SUMMARIZATION_QUEUE
        assert job_queue(summary_id=extractive.pk) == settings.SUMMARIES_TRANSLATION_QUEUE


class TestFetchStage:
    def test_a_linked_arabic_page_is_fetched_translated_and_summarized(self, site, tiny_models):
        summary = processed(f"{site.url}/redirect")
        article = summary.article
        assert summary.status == Summary.Status.DONE, summary.error_text
        assert summary.summary_text.strip() and summary.translation.strip()
        assert summary.translation_model == str(tiny_models.translation)
        assert (article.url, article.final_url) == (f"{site.url}/redirect", f"{site.url}/article")
        assert article.language == "ar" and not article.language_overridden
        assert site.articles[0].paragraphs[0] in article.source_text
        assert article.headline == site.articles[0].title
        assert article.author == AUTHOR
        assert article.published_on == datetime.date.fromisoformat(site.articles[0].published)
        assert article.fetched_at is not None
        assert article.content_hash == hashlib.sha256(duplicate_key(article.source_text).encode()).hexdigest()
        assert article.outlet == f"localhost:{site.port}"  # the page names no site: trafilatura gives its host

    @pytest.mark.parametrize("path", ["/article-1256-meta", "/article-1256-header"])
    def test_a_cp1256_page_reads_as_the_same_text_as_its_utf8_version(self, site, path):
        utf8, arabic_1256 = fetched(f"{site.url}/article"), fetched(f"{site.url}{path}")
        assert arabic_1256.source_text == utf8.source_text
        assert arabic_1256.content_hash == utf8.content_hash
        assert arabic_1256.headline == utf8.headline == site.articles[0].title

    def test_the_run_shows_fetching_while_the_page_is_read(self, site, monkeypatch):
        seen = []
        real = links.fetch_page

        def watched(url):
            seen.append(Summary.objects.values_list("status", "stage").get())
            return real(url)

        monkeypatch.setattr(links, "fetch_page", watched)
        fetched(f"{site.url}/article")
        assert seen == [(Summary.Status.RUNNING, Summary.Stage.FETCHING)]

    def test_the_chosen_language_is_kept(self, site):
        article = fetched(f"{site.url}/article", language="ar")
        assert (article.language, article.language_overridden) == ("ar", True)

    def test_a_redelivered_run_does_not_fetch_again(self, site):
        summary = submitted(f"{site.url}/article")
        Summary.objects.filter(pk=summary.pk).update(status=Summary.Status.RUNNING)
        summary.refresh_from_db()
        article_fetch(summary=summary)
        summary.article.refresh_from_db()
        assert not links.article_needs_fetch(summary.article)


class TestRefusals:
    @pytest.mark.parametrize(
        ("path", "code"),
        [
            ("/missing", "link_not_found"),
            ("/gone", "link_not_found"),
            ("/forbidden", "link_refused"),
            ("/broken", "link_refused"),
            ("/private/article", "link_refused"),  # robots.txt disallows it
            ("/navigation", "link_not_article"),
            ("/report.pdf", "link_not_article"),
            ("/to-metadata", "link_address"),
            ("/to-other-port", "link_address"),  # 127.0.0.1 is not allow-listed, only "localhost"
            ("/to-file", "link_scheme"),
        ],
    )
    def test_each_refusal_ends_the_run_failed_with_its_message(self, site, path, code):
        summary = processed(f"{site.url}{path}")
        assert (summary.status, summary.error_code) == (Summary.Status.FAILED, code)
        assert summary.error_text == render_message(code, summary.error_params)
        assert summary.public_error_text == summary.error_text
        self.assert_nothing_written(summary.article)

    def test_a_redirect_to_the_metadata_address_is_refused_even_when_allow_listed(self, site, settings):
        settings.SUMMARIES_LINK_ALLOWED_HOSTS = ["localhost:*", "127.0.0.1:*", "169.254.169.254:*"]
        summary = processed(f"{site.url}/to-metadata")
        assert summary.error_code == "link_address"

    def test_a_redirect_to_127_0_0_1_is_followed_only_when_allow_listed(self, site, settings):
        with pytest.raises(LinkRefused) as refused:
            fetched(f"{site.url}/to-other-port")
        assert refused.value.code == "link_address"
        settings.SUMMARIES_LINK_ALLOWED_HOSTS = ["localhost:*", "127.0.0.1:*"]
        assert site.articles[0].paragraphs[0] in fetched(f"{site.url}/to-other-port").source_text

    def test_a_redirect_to_another_host_moves_the_stored_host_with_the_final_address(self, site, settings):
        """The outlet's host is where the redirects ended: the link's, stored at submission, is replaced."""
        settings.SUMMARIES_LINK_ALLOWED_HOSTS = ["localhost:*", "127.0.0.1:*"]
        summary = submitted(f"{site.url}/to-other-port")
        assert Article.objects.get(pk=summary.article_id).host == "localhost"
        Summary.objects.filter(pk=summary.pk).update(status=Summary.Status.RUNNING)
        summary.refresh_from_db()
        article_fetch(summary=summary)
        article = Article.objects.get(pk=summary.article_id)
        assert (article.final_url, article.host) == (f"http://127.0.0.1:{site.port}/article", "127.0.0.1")

    def test_the_site_itself_is_refused_without_the_allow_list(self, site, settings):
        settings.SUMMARIES_LINK_ALLOWED_HOSTS = []
        summary = processed(f"{site.url}/article")
        assert summary.error_code == "link_address"
        assert (
            summary.error_text
            == "The link leads to a private or internal network address, which this site does not read."
        )

    def test_a_page_over_the_size_limit(self, site, settings):
        settings.SUMMARIES_LINK_MAX_BYTES = 64 * 1024
        summary = processed(f"{site.url}/huge")
        assert summary.error_code == "link_too_large"
        assert summary.error_text == "The page is too large: more than 64 KiB."

    def test_a_site_that_stalls(self, site, settings):
        settings.SUMMARIES_LINK_TOTAL_SECONDS = 0.5
        assert processed(f"{site.url}/stalls").error_code == "link_timeout"

    def test_too_many_redirects(self, site, settings):
        settings.SUMMARIES_LINK_MAX_REDIRECTS = 2
        summary = processed(f"{site.url}/hops/3")
        assert summary.error_code == "link_redirects"
        assert summary.error_text == "The link redirects too many times (more than 2)."

    def test_a_site_that_cannot_be_reached(self):
        summary = processed(f"http://localhost:{devstack.free_port()}/article")  # nothing listens there
        assert summary.error_code == "link_unreachable"

    def test_a_page_too_short_to_summarize_fails_like_a_pasted_text(self, site, settings):
        settings.SUMMARIES_MIN_ARTICLE_CHARS = 100_000
        settings.SUMMARIES_MAX_ARTICLE_CHARS = 200_000
        summary = processed(f"{site.url}/article")
        assert summary.error_code == "too_short"
        self.assert_nothing_written(summary.article)

    def test_a_failure_while_saving_leaves_nothing_half_written(self, site, monkeypatch):
        """The page's details and the run's models are written together or not at all."""

        class Runs:
            @staticmethod
            def filter(**lookups):
                raise DatabaseError("the database went away")

        class BrokenSummary:  # the run's update, the second write of the transaction, fails
            Stage, Status, objects = Summary.Stage, Summary.Status, Runs

        summary = submitted(f"{site.url}/article")
        monkeypatch.setattr(links, "Summary", BrokenSummary)
        with pytest.raises(DatabaseError):
            article_fetch(summary=summary)
        self.assert_nothing_written(Article.objects.get(pk=summary.article_id))

    @staticmethod
    def assert_nothing_written(article: Article) -> None:
        article.refresh_from_db()
        assert (article.source_text, article.content_hash, article.final_url, article.headline) == ("", "", "", "")
        assert (article.fetched_at, article.published_on, article.language) == (None, None, "")


class TestDuplicates:
    def test_a_feed_entry_with_the_text_of_an_article_in_progress_is_not_processed_twice(self, site):
        feed = Feed.objects.create(url=f"{site.url}/feed.xml", name="Local news")
        first = fetched(f"{site.url}/article", origin=Article.Origin.FEED, feed=feed, feed_entry_id="1")
        again = processed(f"{site.url}/article-1256-meta", origin=Article.Origin.FEED, feed=feed, feed_entry_id="2")
        assert (again.status, again.error_code) == (Summary.Status.FAILED, "duplicate")
        assert again.error_params == {"article": str(first.pk)}
        assert again.error_text == (
            f"This is the same article as one already summarized (article {first.pk}), so it was not processed again."
        )
        assert again.article.source_text == ""

    def test_a_failed_run_does_not_make_a_feed_entry_a_duplicate(self, site):
        feed = Feed.objects.create(url=f"{site.url}/feed.xml", name="Local news")
        first = fetched(f"{site.url}/article", origin=Article.Origin.FEED, feed=feed, feed_entry_id="1")
        Summary.objects.filter(article=first).update(status=Summary.Status.FAILED)
        again = fetched(f"{site.url}/article-1256-meta", origin=Article.Origin.FEED, feed=feed, feed_entry_id="2")
        assert again.content_hash == first.content_hash

    def test_a_persons_link_is_processed_even_when_its_text_was_seen(self, site):
        first = fetched(f"{site.url}/article")
        again = fetched(f"{site.url}/article-1256-meta")
        assert again.source_text == first.source_text and again.pk != first.pk
