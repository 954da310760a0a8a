"""The pages and the status endpoint, through Django's test client."""

import re
import uuid

import pytest
from django.urls import reverse

from summaries.models import Article, Summary
from summaries.services.processing import summary_process

from ..factories import make_article

pytestmark = pytest.mark.django_db


def block(html: str, block_id: str) -> str:
    """The opening tag of the text block with this id."""
    match = re.search(rf'<div class="text-block"[^>]*id="{block_id}"[^>]*>', html)
    assert match, f"no text block {block_id}"
    return match.group(0)


class TestSubmitPage:
    def test_page_direction_follows_the_ui_language(self, client):
        english = client.get("/").content.decode()
        assert '<html lang="en" dir="ltr">' in english
        client.cookies["django_language"] = "ar"
        arabic = client.get("/").content.decode()
        assert '<html lang="ar" dir="rtl">' in arabic

    def test_text_area_has_automatic_direction_and_csrf(self, client):
        html = client.get("/").content.decode()
        assert re.search(r'<textarea[^>]*dir="auto"', html)
        assert "csrfmiddlewaretoken" in html

    def test_posting_an_article_redirects_to_its_uuid_page(self, client, arabic_article):
        response = client.post("/", {"text": arabic_article})
        article = Article.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("summaries:article_detail", kwargs={"article_id": article.pk})
        assert article.summaries.get().status == Summary.Status.QUEUED

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "Paste the article text first."),
            ("قصير جدا", "The article is too short"),
            ("这是一篇关于两国总统签署协议的新闻文章。", "does not look like Arabic or English"),
        ],
    )
    def test_bad_input_is_explained_on_the_form(self, client, text, message):
        response = client.post("/", {"text": text})
        assert response.status_code == 400
        assert message in response.content.decode()
        assert Article.objects.count() == 0

    def test_rejected_text_is_kept_in_the_form(self, client):
        response = client.post("/", {"text": "قصير جدا"})
        assert "قصير جدا</textarea>" in response.content.decode()


class TestArticlePage:
    def test_queued_article_shows_progress_and_refreshes_without_javascript(self, client):
        article = make_article()
        html = client.get(reverse("summaries:article_detail", kwargs={"article_id": article.pk})).content.decode()
        assert "Waiting for a worker" in html
        assert "<progress" in html
        assert '<meta http-equiv="refresh"' in html
        assert 'lang="ar" dir="rtl"' in block(html, "original")
        assert 'id="summary"' not in html

    def test_done_article_shows_original_translation_and_summary_with_their_directions(self, client, arabic_article):
        article = make_article(source_text=arabic_article)
        summary_process(summary_id=article.latest_summary.pk)
        summary = article.latest_summary
        html = client.get(reverse("summaries:article_detail", kwargs={"article_id": article.pk})).content.decode()
        assert 'lang="ar" dir="rtl"' in block(html, "original")
        assert 'lang="en" dir="ltr"' in block(html, "translation")
        assert 'lang="en" dir="ltr"' in block(html, "summary")
        assert summary.summary_text.split()[0] in html
        assert 'http-equiv="refresh"' not in html

    def test_user_text_is_escaped(self, client):
        article = make_article(source_text="<script>alert('x')</script> هذا نص عربي طويل بما يكفي للاختبار", language="ar")
        html = client.get(reverse("summaries:article_detail", kwargs={"article_id": article.pk})).content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert" in html

    def test_failed_article_shows_the_reason(self, client, settings, tmp_path):
        settings.SUMMARIES_SUMMARIZATION_MODEL = str(tmp_path / "gone")
        article = make_article(source_text="The presidents of Russia and Egypt signed an agreement.", language="en")
        summary_process(summary_id=article.latest_summary.pk)
        html = client.get(reverse("summaries:article_detail", kwargs={"article_id": article.pk})).content.decode()
        assert "Processing failed" in html
        assert "SUMMARIZATION_MODEL" in html

    def test_unknown_article_is_404(self, client):
        assert client.get(reverse("summaries:article_detail", kwargs={"article_id": uuid.uuid4()})).status_code == 404


class TestStatusEndpoint:
    def test_reports_queued_then_done(self, client):
        article = make_article()
        url = reverse("summaries:article_status", kwargs={"article_id": article.pk})
        queued = client.get(url).json()
        assert queued["status"] == "queued"
        assert queued["finished"] is False
        assert queued["progress"] == 0
        summary_process(summary_id=article.latest_summary.pk)
        done = client.get(url).json()
        assert done == {
            "status": "done", "stage": "done", "stage_label": "Done", "progress": 100, "finished": True, "error": None,
        }

    def test_stage_label_counts_sentences_while_translating(self, client):
        article = make_article()
        Summary.objects.filter(article=article).update(
            status=Summary.Status.RUNNING, stage=Summary.Stage.TRANSLATING, progress_done=3, progress_total=10
        )
        status = client.get(reverse("summaries:article_status", kwargs={"article_id": article.pk})).json()
        assert status["stage_label"] == "Translating sentence 4 of 10"
        assert 5 < status["progress"] < 80

    def test_unknown_article_is_404(self, client):
        assert client.get(reverse("summaries:article_status", kwargs={"article_id": uuid.uuid4()})).status_code == 404


class TestArabicInterface:
    def test_arabic_ui_is_translated_and_right_to_left(self, client):
        """The UI language changes labels and page direction; the switch persists in a cookie."""
        response = client.post(reverse("set_language"), {"language": "ar", "next": "/"})
        assert response.status_code == 302
        html = client.get("/").content.decode()
        assert '<html lang="ar" dir="rtl">' in html
        assert "تلخيص مقال إخباري" in html
        assert "ترجمة وتلخيص" in html

    def test_user_text_keeps_its_own_direction_in_the_arabic_ui(self, client):
        client.cookies["django_language"] = "ar"
        article = make_article(source_text="The presidents of Russia and Egypt signed an agreement.", language="en")
        html = client.get(reverse("summaries:article_detail", kwargs={"article_id": article.pk})).content.decode()
        assert '<html lang="ar" dir="rtl">' in html
        assert 'lang="en" dir="ltr"' in block(html, "original")
