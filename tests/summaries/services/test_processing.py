"""summary_process: the worker's job, run in-process on tiny real models."""

import pytest

from summaries.models import Summary
from summaries.services.processing import summary_process
from summaries.services.submission import article_submit

pytestmark = pytest.mark.django_db


def process(article):
    summary = article.latest_summary
    summary_process(summary_id=summary.pk)
    summary.refresh_from_db()
    return summary


class TestSummaryProcess:
    def test_arabic_article_is_translated_and_summarized(self, backend, arabic_article, tiny_models):
        summary = process(article_submit(text=arabic_article, enqueue=False).article)
        assert summary.status == Summary.Status.DONE
        assert summary.stage == Summary.Stage.DONE
        assert summary.progress_percent == 100
        assert summary.translation.strip()
        assert summary.summary_text.strip()
        assert len(summary.source_sentences) == len(summary.translated_sentences) > 5
        assert all(sentence.strip() for sentence in summary.translated_sentences)
        assert summary.translation_model == str(tiny_models.translation)
        assert summary.summarization_model == str(tiny_models.summarization)
        assert set(summary.timings) == {"translation", "summarization"}
        assert summary.attempts == 1
        assert summary.finished_at is not None

    def test_english_article_skips_translation(self):
        article = article_submit(
            text="The presidents of Russia and Egypt signed a partnership agreement in Moscow today.", enqueue=False
        ).article
        summary = process(article)
        assert summary.status == Summary.Status.DONE
        assert summary.translation == ""
        assert summary.translation_model == ""
        assert summary.summary_text.strip()
        assert set(summary.timings) == {"summarization"}

    def test_missing_model_fails_with_a_readable_reason(self, arabic_article, settings, tmp_path):
        """The job ends failed (not running) and says which setting and command fix it."""
        settings.SUMMARIES_TRANSLATION_MODEL = str(tmp_path / "not-there")
        summary = process(article_submit(text=arabic_article, enqueue=False).article)
        assert summary.status == Summary.Status.FAILED
        assert summary.error_code == "model_missing"
        assert "TRANSLATION_MODEL" in summary.error_message
        assert "download_models" in summary.error_message
        assert "Traceback" not in summary.error_message

    def test_unexpected_error_fails_without_traceback(self, arabic_article, settings):
        """A crash inside the pipeline is recorded as failed with a plain message."""
        settings.SUMMARIES_TRANSLATION_BATCH_SIZE = 0
        summary = process(article_submit(text=arabic_article, enqueue=False).article)
        assert summary.status == Summary.Status.FAILED
        assert summary.error_code == "engine_error"
        assert "internal error" in summary.error_message

    def test_finished_job_is_not_run_again(self, arabic_article):
        """A redelivered message for a finished job changes nothing (at-least-once delivery is safe)."""
        summary = process(article_submit(text=arabic_article, enqueue=False).article)
        before = (summary.summary_text, summary.finished_at, summary.attempts)
        summary_process(summary_id=summary.pk)
        summary.refresh_from_db()
        assert (summary.summary_text, summary.finished_at, summary.attempts) == before

    def test_vanished_job_is_ignored(self):
        summary_process(summary_id=987654)
