"""A link on the submit page: stored and queued at once, its article's page showing "Fetching the page" and
then the page's details; wrong links answered on the form; the same rate limits as a paste."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from summaries.articles.batch import run_here
from summaries.articles.models import Article
from summaries.runs.models import Summary
from tests.factories import make_run, own
from tests.link_site import allow_site, start_site

pytestmark = pytest.mark.django_db

ENGLISH = "The presidents signed an agreement on trade and energy in Cairo on Monday. " * 3


@pytest.fixture(scope="module")
def site(request):
    return start_site(request)


@pytest.fixture(autouse=True)
def _site_allowed(settings, site):
    allow_site(settings)
    site.reset()


def submit(client, url: str, **fields):
    return client.post(reverse("summaries:submit"), {"url": url, **fields})


class TestSubmitLink:
    def test_the_form_has_a_link_field_for_addresses(self, client):
        page = client.get(reverse("summaries:submit")).content.decode()
        assert '<input type="url" name="url"' in page
        assert 'dir="ltr"' in page.split('name="url"')[1].split(">")[0]

    def test_a_link_leads_to_its_article_page_showing_the_fetch_as_first_stage(self, client, site):
        response = submit(client, f"{site.url}/article")
        article = Article.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("summaries:article_detail", kwargs={"article_id": article.pk})
        assert (article.origin, article.url, article.source_text) == ("link", f"{site.url}/article", "")
        assert site.paths() == []  # nothing is fetched in the request
        Summary.objects.filter(article=article).update(status=Summary.Status.RUNNING, stage=Summary.Stage.FETCHING)
        page = client.get(response["Location"]).content.decode()
        assert "Fetching the page" in page
        assert "Not yet: the page is read by the server in the first stage." in page
        assert 'id="original"' not in page  # no empty original before the page is read
        status = client.get(reverse("summaries:article_status", kwargs={"article_id": article.pk})).json()
        assert status["stage_label"] == "Fetching the page"

    @pytest.mark.parametrize(
        ("url", "message"),
        [
            ("ftp://example.com/a", "only links starting with http:// or https:// are"),
            ("example.com/news", "only links starting with http:// or https:// are"),
            ("https://example.com/" + "a" * 2000, "The link is too long: 2,020 characters; the limit is 2,000."),
        ],
    )
    def test_a_wrong_link_is_answered_on_the_form(self, client, url, message):
        response = submit(client, url)
        assert response.status_code == 400
        page = response.content.decode()
        assert escape(message) in page and 'class="field field-url has-error"' in page
        assert not Article.objects.exists()

    def test_a_link_comes_on_its_own(self, client, site):
        for extra in ({"text": ENGLISH}, {"files": SimpleUploadedFile("a.txt", ENGLISH.encode())}):
            response = submit(client, f"{site.url}/article", **extra)
            assert response.status_code == 400
            assert "Send a link on its own" in response.content.decode()
        assert not Article.objects.exists()

    def test_the_chosen_language_and_options_go_with_the_link(self, client, site):
        submit(client, f"{site.url}/article", language="ar", strategy="extract-translate", length="short")
        article = Article.objects.get()
        summary = Summary.objects.get()
        assert (article.language, article.language_overridden) == ("ar", True)
        assert (summary.strategy, summary.length) == ("extract-translate", "short")

    def test_links_count_against_the_same_limits_as_pastes(self, client, site, settings):
        settings.SUMMARIES_RATE_LIMIT_PER_SESSION = (2, 3600)
        assert client.post(reverse("summaries:submit"), {"text": ENGLISH}).status_code == 302
        assert submit(client, f"{site.url}/article").status_code == 302
        refused = submit(client, f"{site.url}/article")
        assert refused.status_code == 429
        assert "Too many articles were submitted from this browser" in refused.content.decode()
        assert f'value="{site.url}/article"' in refused.content.decode()  # the link is kept in the form
        assert Article.objects.count() == 2

    def test_the_pages_script_gets_the_outcome_as_json(self, client, site):
        response = client.post(
            reverse("summaries:submit"), {"url": f"{site.url}/article"}, headers={"Accept": "application/json"}
        )
        outcome = response.json()["outcomes"][0]
        assert (outcome["accepted"], outcome["name"]) == (True, f"{site.url}/article")
        refused = client.post(reverse("summaries:submit"), {"url": "ftp://x/"}, headers={"Accept": "application/json"})
        assert refused.status_code == 400 and not refused.json()["outcomes"][0]["accepted"]


class TestArticlePage:
    def test_the_page_shows_the_link_and_what_the_page_said(self, client, site):
        response = submit(client, f"{site.url}/redirect")
        article = Article.objects.get()
        run_here(Summary.objects.get().pk)
        page = client.get(response["Location"]).content.decode()
        corpus = site.articles[0]
        assert f'<a href="{site.url}/redirect" rel="noopener noreferrer nofollow" dir="ltr"' in page
        assert f'<a href="{site.url}/article" rel="noopener noreferrer nofollow" dir="ltr"' in page
        assert f'<p class="page-headline" lang="ar" dir="rtl"><strong>{escape(corpus.title)}</strong></p>' in page
        assert escape("فريق التحرير") in page
        assert f'<time datetime="{corpus.published}">' in page
        article.refresh_from_db()
        assert article.fetched_at is not None and "Not yet" not in page
        assert f"localhost:{site.port}" in page  # the outlet
        assert 'id="full-texts"' in page and '<div class="source" lang="ar" dir="rtl"' in page

    def test_a_refused_link_shows_why_on_its_page(self, client, site):
        response = submit(client, f"{site.url}/missing")
        run_here(Summary.objects.get().pk)
        page = client.get(response["Location"]).content.decode()
        assert "Processing failed" in page
        assert "The page was not found: the site says it does not exist, or no longer does." in page

    def test_addresses_and_page_details_are_escaped(self, client, site):
        article = Article.objects.create(
            source_text="",
            language="",
            origin=Article.Origin.LINK,
            url='https://example.com/"><script>alert(1)</script>',
            headline="<img src=x onerror=alert(1)>",
            author="<b>Someone</b>",
            published_on=datetime.date(2026, 1, 2),
        )
        make_run(article)
        own(client, article)
        page = client.get(reverse("summaries:article_detail", kwargs={"article_id": article.pk})).content.decode()
        assert "<script>alert(1)</script>" not in page and "<img src=x" not in page and "<b>Someone" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
