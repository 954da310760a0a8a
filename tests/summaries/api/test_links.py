"""A link through the API: `url` beside `text` and `file` (exactly one), the same checks and limits as the web
form, and the page's details on the article and on the editors' summary."""

import pytest
from rest_framework.test import APIClient

from summaries.articles.batch import run_here
from summaries.articles.models import Article
from summaries.runs.models import Summary
from tests.link_site import allow_site, start_site

pytestmark = pytest.mark.django_db

SOURCE_FIELDS = {"origin", "url", "final_url", "fetched_at", "headline", "author", "published_on", "outlet"}


@pytest.fixture(scope="module")
def site(request):
    return start_site(request)


@pytest.fixture(autouse=True)
def _site_allowed(settings, site):
    allow_site(settings)
    site.reset()


class TestSubmitLink:
    def test_a_url_gives_201_and_the_article_fetches_it_later(self, reporter_api, site):
        response = reporter_api.post("/api/v1/articles/", {"url": f"{site.url}/article"}, format="json")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["status"] == "queued" and body["reused"] is False
        assert site.paths() == []
        article = reporter_api.get(body["status_url"]).json()
        assert set(article) >= SOURCE_FIELDS
        assert (article["origin"], article["url"], article["text"]) == ("link", f"{site.url}/article", "")
        assert (article["fetched_at"], article["published_on"], article["language"]) == (None, None, "")

    @pytest.mark.parametrize(
        ("url", "code"),
        [
            ("ftp://example.com/", "link_scheme"),
            ("news", "link_scheme"),
            ("http://x.org/" + "a" * 2000, "link_too_long"),
        ],
    )
    def test_a_wrong_url_is_a_400_with_its_code(self, reporter_api, url, code):
        response = reporter_api.post("/api/v1/articles/", {"url": url}, format="json")
        assert response.status_code == 400
        assert response.json()["error"]["code"] == code
        assert not Article.objects.exists()

    @pytest.mark.parametrize("other", [{"text": "An article."}, {"file": "a.txt"}])
    def test_a_url_comes_alone(self, reporter_api, site, other):
        from django.core.files.uploadedfile import SimpleUploadedFile

        data = {"url": f"{site.url}/article", **other}
        if "file" in other:
            data["file"] = SimpleUploadedFile("a.txt", b"An article.")
        response = reporter_api.post("/api/v1/articles/", data, format="multipart")
        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {"non_field": ["Send one of text, a file or a url, not several."]}

    def test_urls_count_against_the_rate_limits(self, site, settings):
        settings.SUMMARIES_RATE_LIMIT_PER_IP = (1, 3600)
        settings.SUMMARIES_RATE_LIMIT_PER_SESSION = None
        api = APIClient()
        assert api.post("/api/v1/articles/", {"url": f"{site.url}/article"}, format="json").status_code == 201
        refused = api.post("/api/v1/articles/", {"url": f"{site.url}/article"}, format="json")
        assert refused.status_code == 429 and refused.json()["error"]["code"] == "throttled"
        assert int(refused["Retry-After"]) > 0


class TestFetchedArticle:
    def test_the_article_and_the_editors_summary_show_the_page(self, reporter_api, editor_api, site):
        body = reporter_api.post("/api/v1/articles/", {"url": f"{site.url}/redirect"}, format="json").json()
        summary = Summary.objects.get()
        run_here(summary.pk)
        article = reporter_api.get(body["status_url"]).json()
        corpus = site.articles[0]
        assert article["final_url"] == f"{site.url}/article"
        assert (article["headline"], article["author"]) == (corpus.title, "فريق التحرير")
        assert article["published_on"] == corpus.published and article["fetched_at"]
        assert article["outlet"] == f"localhost:{site.port}" and article["language"] == "ar"
        assert article["run"]["status"] == "done"
        review = editor_api.get(f"/api/v1/summaries/{summary.pk}/").json()
        assert set(review["source"]) == SOURCE_FIELDS
        assert review["source"]["headline"] == corpus.title

    def test_a_refused_page_is_the_runs_error(self, reporter_api, site):
        body = reporter_api.post("/api/v1/articles/", {"url": f"{site.url}/to-metadata"}, format="json").json()
        run_here(Summary.objects.get().pk)
        run = reporter_api.get(body["status_url"]).json()["run"]
        assert run["status"] == "failed"
        assert run["error"] == {
            "code": "link_address",
            "message": "The link leads to a private or internal network address, which this site does not read.",
        }
