"""The digest pages: the editors' page (choose, download, introduce, publish, unpublish) and the public ones."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from summaries.digest.models import Digest
from summaries.review.models import Review
from tests.factories import make_user
from tests.summaries.digest_factories import make_approved

pytestmark = pytest.mark.django_db
DAY = "2026-12-01"
REVIEW = reverse("summaries:digest_review") + f"?day={DAY}"
PUBLIC = reverse("summaries:digest_detail", kwargs={"day": DAY})


@pytest.fixture(autouse=True)
def no_embeddings(settings):
    """Grouping by outlet only: the pages, not the clustering (tested in services/test_digest.py)."""
    settings.SUMMARIES_EMBEDDINGS = False


@pytest.fixture
def editor():
    return make_user("digest-editor", editor=True)


@pytest.fixture
def approved():
    return make_approved(
        "Talks <b>resumed</b> in Cairo.",
        outlet="الجزيرة",
        url="https://www.aljazeera.net/news/1",
        title="Talks resume",
    )


def csrf_client(user) -> Client:
    """A browser that enforces CSRF, signed in, holding the CSRF cookie from the editors' page."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get(REVIEW).status_code == 200
    return client


def post(client: Client, name: str, data: dict | None = None):
    """POST with the token from the cookie, as the page's form sends it."""
    token = client.cookies["csrftoken"].value
    return client.post(reverse(name, kwargs={"day": DAY}), {**(data or {}), "csrfmiddlewaretoken": token})


class TestPermissions:
    def test_anonymous_visitors_are_sent_to_sign_in(self, client):
        for url in [REVIEW, reverse("summaries:digest_download", kwargs={"day": DAY, "fmt": "md"})]:
            response = client.get(url)
            assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        response = client.post(reverse("summaries:digest_publish", kwargs={"day": DAY}))
        assert response.status_code == 302 and not Digest.objects.exists()

    def test_signed_in_non_editors_are_refused(self, client, approved):
        client.force_login(make_user("reader"))
        assert client.get(REVIEW).status_code == 403
        assert client.post(reverse("summaries:digest_publish", kwargs={"day": DAY})).status_code == 403
        assert not Digest.objects.exists()

    def test_publishing_without_the_csrf_token_is_refused(self, editor, approved):
        client = csrf_client(editor)
        assert client.post(reverse("summaries:digest_publish", kwargs={"day": DAY})).status_code == 403
        assert not Digest.objects.exists()


class TestEditorsPage:
    def test_shows_the_days_groups_with_their_own_direction(self, client, editor, approved):
        """The outlet is marked Arabic, right to left; the summary is English, escaped; both links are there."""
        client.force_login(editor)
        html = client.get(REVIEW).content.decode()
        assert '<bdi lang="ar" dir="rtl">الجزيرة</bdi>' in html
        assert '<h3 lang="en" dir="ltr">Talks resume</h3>' in html
        assert re.search(r'<div class="text-block" lang="en" dir="ltr"><p dir="ltr">Talks &lt;b&gt;resumed', html)
        assert 'href="https://www.aljazeera.net/news/1"' in html
        assert reverse("summaries:published_detail", kwargs={"article_id": approved.article_id}) in html
        assert "Not published." in html

    def test_an_invalid_day_is_a_bad_request(self, client, editor):
        client.force_login(editor)
        assert client.get(reverse("summaries:digest_review") + "?day=not-a-day").status_code == 400

    @pytest.mark.parametrize(("fmt", "content_type"), [("md", "text/markdown"), ("html", "text/html")])
    def test_downloads(self, client, editor, approved, fmt, content_type):
        """Attachments with absolute links to our page (the file is read away from the site)."""
        client.force_login(editor)
        response = client.get(reverse("summaries:digest_download", kwargs={"day": DAY, "fmt": fmt}))
        assert response["Content-Type"].startswith(content_type)
        assert response["Content-Disposition"] == f'attachment; filename="digest-{DAY}.{fmt}"'
        body = response.content.decode()
        assert f"http://testserver/published/{approved.article_id}/" in body
        assert "<b>resumed" not in body

    def test_unknown_format_or_day_is_404(self, client, editor):
        client.force_login(editor)
        assert client.get(reverse("summaries:digest_download", kwargs={"day": DAY, "fmt": "pdf"})).status_code == 404
        assert (
            client.get(reverse("summaries:digest_download", kwargs={"day": "2026-13-01", "fmt": "md"})).status_code
            == 404
        )


class TestPublishing:
    def test_public_page_is_404_until_published(self, client, editor, approved):
        assert client.get(PUBLIC).status_code == 404
        response = post(csrf_client(editor), "summaries:digest_publish", {"introduction": "Today: <i>talks</i>."})
        assert response.status_code == 302 and response["Location"] == REVIEW
        html = Client().get(PUBLIC).content.decode()
        assert "Talks resume" in html and "Today: &lt;i&gt;talks&lt;/i&gt;." in html
        assert PUBLIC in Client().get(reverse("summaries:digest_list")).content.decode()

    def test_the_public_page_keeps_the_published_snapshot(self, client, editor, approved):
        """An edit after publication changes the editors' page, not the public one, until published again."""
        editor_client = csrf_client(editor)
        post(editor_client, "summaries:digest_publish")
        Review.objects.filter(summary=approved).update(current_text="Changed afterwards.", revision=2)
        assert "Changed afterwards." not in client.get(PUBLIC).content.decode()
        assert "Changed afterwards." in editor_client.get(REVIEW).content.decode()
        post(editor_client, "summaries:digest_publish")
        assert "Changed afterwards." in client.get(PUBLIC).content.decode()

    def test_unpublish_takes_the_page_down(self, client, editor, approved):
        editor_client = csrf_client(editor)
        post(editor_client, "summaries:digest_publish")
        assert client.get(PUBLIC).status_code == 200
        post(editor_client, "summaries:digest_unpublish")
        assert client.get(PUBLIC).status_code == 404
        assert PUBLIC not in client.get(reverse("summaries:digest_list")).content.decode()

    def test_an_empty_day_is_not_published(self, editor):
        editor_client = csrf_client(editor)
        response = post(editor_client, "summaries:digest_publish")
        assert response.status_code == 302
        assert "nothing to publish" in editor_client.get(REVIEW).content.decode()
        assert not Digest.objects.filter(published=True).exists()

    def test_saving_a_draft_introduction(self, editor, approved):
        editor_client = csrf_client(editor)
        post(editor_client, "summaries:digest_introduction", {"introduction": "Draft words."})
        assert Digest.objects.get().introduction == "Draft words."
        assert Client().get(PUBLIC).status_code == 404

    def test_get_is_not_allowed_on_actions(self, client, editor):
        client.force_login(editor)
        for name in ["summaries:digest_publish", "summaries:digest_unpublish", "summaries:digest_introduction"]:
            assert client.get(reverse(name, kwargs={"day": DAY})).status_code == 405
