"""Paste an article in the web form; a real Celery worker on a real Redis processes it; the page shows it."""

import re
import shutil

import pytest
from django.urls import reverse
from django.utils.html import escape

from summaries.articles.models import Article
from summaries.runs.models import Summary
from tests.integration.conftest import wait_for_status, wait_until_finished

pytestmark = pytest.mark.integration


def text_block(html: str, block_id: str) -> str:
    match = re.search(rf'<div class="text-block"[^>]*id="{block_id}"[^>]*>(.*?)</div>', html, re.S)
    assert match, f"no text block {block_id}"
    return match.group(0)


class TestEndToEnd:
    def test_pasted_arabic_article_is_translated_and_summarized_by_the_worker(
        self, client, start_worker, arabic_article
    ):
        start_worker()
        response = client.post(reverse("summaries:submit"), {"text": arabic_article})
        assert response.status_code == 302
        article = Article.objects.get()
        status_url = reverse("summaries:article_status", kwargs={"article_id": article.pk})
        assert response["Location"] == reverse("summaries:article_detail", kwargs={"article_id": article.pk})

        status = wait_until_finished(client, status_url)

        assert status["status"] == "done", status
        assert status["progress"] == 100
        summary = Summary.objects.get(article=article)
        assert summary.translation.strip() and summary.summary_text.strip()
        assert len(summary.translated_sentences) == len(summary.source_sentences)
        html = client.get(response["Location"]).content.decode()
        summary_block = text_block(html, "summary")
        # The original and the translation, once, side by side, sentence by sentence.
        original = re.search(r'<div class="source" lang="ar" dir="rtl"[^>]*data-pair="0">(.*?)</div>', html, re.S)
        assert original and "وقّع الرئيسان الروسي والمصري" in original.group(1)
        assert re.search(r'<div class="target" lang="en" dir="ltr"[^>]*data-pair="0">', html)
        copied = re.search(r'<pre id="translation" hidden lang="en" dir="ltr">(.*?)</pre>', html, re.S)
        assert copied and escape(summary.translated_sentences[0]) in copied.group(1)  # what "copy" copies
        assert 'lang="en" dir="ltr"' in summary_block
        assert escape(summary.summary_text) in summary_block.replace("<p>", "").replace("</p>", "")

    def test_a_missing_model_gives_the_key_sentences_then_the_result_once_it_arrives(
        self, client, start_worker, arabic_article, tmp_path, tiny_models
    ):
        """No translation model on the worker's machine: the run waits with the Arabic key sentences instead of
        failing; once the model is there (an administrator copies it in), the sweeper queues the run again and
        it ends done, nothing lost."""
        later = tmp_path / "arrives-later"
        start_worker(beat=True, TRANSLATION_MODEL=str(later), SWEEP_INTERVAL="1")
        response = client.post(reverse("summaries:submit"), {"text": arabic_article})
        article = Article.objects.get()
        status_url = reverse("summaries:article_status", kwargs={"article_id": article.pk})

        waiting = wait_for_status(client, status_url, lambda status: status["status"] == "waiting")
        assert waiting["notice"].startswith("The translation model is not installed yet; the key sentences in Arabic")
        html = client.get(response["Location"]).content.decode()
        assert '<ol class="key-sentences-list" lang="ar" dir="rtl">' in html and "Traceback" not in html

        shutil.copytree(tiny_models.translation, later)
        status = wait_until_finished(client, status_url)
        assert status["status"] == "done", status
        assert Summary.objects.get(article=article).translation_model == str(later)


class TestReviewEndToEnd:
    def test_editor_edits_approves_and_reruns_with_a_real_worker(self, client, start_worker, arabic_article):
        """The worker's summary is revision 1; the editor's edit and approval publish it; a re-run is processed
        by the worker as a new run while the approved one stays published."""
        from django.test import Client

        from tests.factories import make_user

        start_worker()
        location = client.post(reverse("summaries:submit"), {"text": arabic_article})["Location"]
        article = Article.objects.get()
        assert (
            wait_until_finished(client, reverse("summaries:article_status", kwargs={"article_id": article.pk}))[
                "status"
            ]
            == "done"
        )
        first = article.latest_summary
        assert first.review.revision == 1 and first.revisions.get().text == first.summary_text

        editor = Client()
        editor.force_login(make_user("editor", editor=True))
        review_url = reverse("summaries:summary_review", kwargs={"summary_id": first.pk})
        assert (
            editor.post(
                review_url, {"title": "Partnership renewed", "text": "An editor's summary.", "base_revision": 1}
            ).status_code
            == 302
        )
        editor.post(
            reverse("summaries:summary_decide", kwargs={"summary_id": first.pk}), {"action": "approve", "confirm": "on"}
        )
        published = client.get(
            reverse("summaries:published_detail", kwargs={"article_id": article.pk})
        ).content.decode()
        assert "An editor&#x27;s summary." in published and "Partnership renewed" in published

        rerun = editor.post(
            reverse("summaries:summary_rerun", kwargs={"summary_id": first.pk}),
            {"strategy": "extract-translate", "length": "short"},
        )
        second = article.summaries.latest("created_at")
        assert rerun["Location"] == reverse("summaries:summary_review", kwargs={"summary_id": second.pk})
        assert (
            wait_until_finished(client, reverse("summaries:article_status", kwargs={"article_id": article.pk}))[
                "status"
            ]
            == "done"
        )
        second.refresh_from_db()
        first.refresh_from_db()
        assert (
            second.strategy == "extract-translate" and second.review.revision == 1 and second.review.state == "pending"
        )
        assert first.review.state == "approved" and first.review.revision == 2
        assert (
            "An editor&#x27;s summary."
            in client.get(reverse("summaries:published_detail", kwargs={"article_id": article.pk})).content.decode()
        )
        assert client.get(location).status_code == 200
