"""A link, end to end: given on the web form, its page fetched from the stand-in news site by a real Celery
worker (allowed to reach it through LINK_ALLOWED_HOSTS, as an intranet deployment would), translated and
summarized, shown on the article's page, then approved by an editor and published."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from summaries.articles.models import Article
from summaries.articles.naming import link_host
from summaries.review.models import Review
from summaries.runs.models import Summary
from tests.factories import make_run, make_user
from tests.integration.browser import check_accessibility, screenshot
from tests.integration.conftest import wait_until_finished
from tests.link_site import start_site

pytestmark = pytest.mark.integration


@pytest.fixture
def site(request):
    return start_site(request)


def summary_block(html: str) -> str:
    match = re.search(r'<div class="text-block" lang="en" dir="ltr" id="summary">(.*?)</div>', html, re.S)
    assert match, "no summary on the page"
    return match.group(1)


class TestLinkEndToEnd:
    def test_a_linked_arabic_page_becomes_a_reviewed_english_summary(self, client, start_worker, site):
        start_worker(LINK_ALLOWED_HOSTS="localhost:*")
        response = client.post(reverse("summaries:submit"), {"url": f"{site.url}/redirect"})
        article = Article.objects.get()
        assert response["Location"] == reverse("summaries:article_detail", kwargs={"article_id": article.pk})
        assert article.source_text == ""  # the request only stored the link

        status = wait_until_finished(client, reverse("summaries:article_status", kwargs={"article_id": article.pk}))

        assert status["status"] == "done", status
        assert "/redirect" in site.paths() and "/article" in site.paths()  # the worker read the page
        article.refresh_from_db()
        corpus = site.articles[0]
        assert (article.final_url, article.headline, article.language) == (f"{site.url}/article", corpus.title, "ar")
        summary = Summary.objects.get(article=article)
        assert summary.summary_text.strip() and summary.translation.strip()
        html = client.get(response["Location"]).content.decode()
        assert f'<p class="page-headline" lang="ar" dir="rtl"><strong>{escape(corpus.title)}</strong></p>' in html
        assert escape(summary.summary_text) in summary_block(html).replace("<p>", "").replace("</p>", "")

        editor = Client()
        editor.force_login(make_user("editor", editor=True))
        decided = editor.post(
            reverse("summaries:summary_decide", kwargs={"summary_id": summary.pk}),
            {"action": "approve", "confirm": "on"},
        )
        assert decided.status_code == 302
        summary.refresh_from_db()
        assert summary.review.state == Review.State.APPROVED
        published = client.get(reverse("summaries:published_detail", kwargs={"article_id": article.pk}))
        assert published.status_code == 200
        assert escape(summary.summary_text) in published.content.decode()

    @pytest.mark.database_incidental  # a socket deadline and queue routing: no server-specific query
    def test_a_link_whose_headers_never_end_holds_only_the_fetching_worker(
        self, client, start_worker, site, arabic_article
    ):
        """A status line, then a header byte every 50 ms: such a link held the only worker for 30 minutes, and
        an article submitted meanwhile waited 21. Links are read by a worker of the fetching queue, within
        the link's deadline: the article is processed while the link is still being read, and the link
        fails at its deadline."""
        start_worker(queues="fetching", name="fetching@%h", LINK_ALLOWED_HOSTS="localhost:*", LINK_TOTAL_SECONDS="15")
        start_worker(queues="summaries,translation,summarization", name="models@%h")
        client.post(reverse("summaries:submit"), {"url": f"{site.url}/drips-headers"})
        link = Article.objects.get()
        client.post(reverse("summaries:submit"), {"text": arabic_article})
        article = Article.objects.exclude(pk=link.pk).get()

        done = wait_until_finished(client, reverse("summaries:article_status", kwargs={"article_id": article.pk}))
        failed = wait_until_finished(client, reverse("summaries:article_status", kwargs={"article_id": link.pk}))

        assert (done["status"], failed["status"]) == ("done", "failed"), (done, failed)
        read, processed = Summary.objects.get(article=link), Summary.objects.get(article=article)
        assert read.error_code == "link_timeout" and read.worker.startswith("fetching@")
        assert processed.worker.startswith("models@") and processed.finished_at < read.finished_at
        assert (read.finished_at - read.started_at).total_seconds() < 15 + 10  # the deadline, not 30 minutes

    def test_a_link_the_worker_may_not_reach_fails_with_its_reason(self, client, start_worker, site):
        """Without the allow-list the stand-in site's address (loopback) is refused by the worker."""
        start_worker()
        response = client.post(reverse("summaries:submit"), {"url": f"{site.url}/article"})
        article = Article.objects.get()

        status = wait_until_finished(client, reverse("summaries:article_status", kwargs={"article_id": article.pk}))

        assert status["status"] == "failed", status
        assert site.paths() == []
        page = client.get(response["Location"]).content.decode()
        assert "The link leads to a private or internal network address, which this site does not read." in page


LONG_LINK = "https://example.org/news/" + "a-very-long-address-without-spaces-" * 6


@pytest.fixture
def fetched_link(transactional_db):
    """A link's article as the worker leaves it once fetched, with a long address and an Arabic headline;
    its submitter is a signed-in reporter."""
    article = Article.objects.create(
        submitted_by=make_user("reporter"),
        source_text="وقّع الرئيسان الروسي والمصري اليوم على اتفاقية تجديد الشراكة الشاملة والتعاون الاستراتيجي.",
        language="ar",
        origin=Article.Origin.LINK,
        url=LONG_LINK,
        final_url=LONG_LINK + "?from=redirect",
        host=link_host(LONG_LINK),
        fetched_at=timezone.now(),
        headline="الملك سلمان يستقبل رئيس المجلس البابوي للحوار بين الأديان في الفاتيكان",
        author="فريق التحرير",
        published_on=datetime.date(2018, 4, 18),
        site_name="شبكة الأخبار المحلية",
    )
    make_run(article, status=Summary.Status.QUEUED)
    return article


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_links_page_and_the_form_fit_a_phone(page_in, live_server, fetched_link, language):
    """At 390 px nothing scrolls sideways: the long address wraps, the headline keeps its own direction,
    and a refused link's message sits under its field."""
    page = page_in(language)
    reporter = Client()
    reporter.force_login(fetched_link.submitted_by)
    cookie = reporter.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("summaries:article_detail", kwargs={"article_id": fetched_link.pk}))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.get_attribute(".page-headline", "dir") == "rtl"
    assert page.get_attribute("a[data-link=url]", "rel") == "noopener noreferrer nofollow"
    check_accessibility(page)
    screenshot(page, f"link-article-{language}-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, f"link-article-{language}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("summaries:submit"))
    page.fill("input[name=url]", "ftp://example.org/" + "x" * 60)
    page.click("form.submit-form button[type=submit]")
    page.wait_for_selector(".field-url.has-error")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    check_accessibility(page)
    screenshot(page, f"link-refused-{language}-390")
