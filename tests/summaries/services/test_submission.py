"""article_submit: validation, atomic creation, and enqueueing only after commit."""

import hashlib

import pytest

from summaries.exceptions import IntakeError
from summaries.models import Article, Summary
from summaries.services.submission import article_submit

pytestmark = pytest.mark.django_db


class TestArticleSubmit:
    def test_creates_article_and_queued_summary(self, arabic_article):
        article = article_submit(text=arabic_article, enqueue=False)
        assert article.language == "ar"
        assert article.source_text == arabic_article.strip()
        assert article.content_hash == hashlib.sha256(arabic_article.strip().encode()).hexdigest()
        assert article.origin == Article.Origin.PASTE
        assert article.submitted_by is None
        assert article.summaries.get().status == Summary.Status.QUEUED

    def test_english_is_accepted_as_english(self):
        article = article_submit(text="The presidents of Russia and Egypt signed an agreement today.", enqueue=False)
        assert article.language == "en"

    def test_logged_in_user_is_recorded(self, django_user_model):
        user = django_user_model.objects.create_user("editor", password="x")
        article = article_submit(text="The presidents signed an agreement today in Moscow.", user=user, enqueue=False)
        assert article.submitted_by == user

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("قصير", "too_short"),
            ("Президент России подписал соглашение с Египтом сегодня.", "unsupported_language"),
            ("1234567890 1234567890 1234567890", "unsupported_language"),
        ],
    )
    def test_rejected_text_creates_nothing(self, text, code):
        with pytest.raises(IntakeError) as caught:
            article_submit(text=text, enqueue=False)
        assert caught.value.code == code
        assert Article.objects.count() == 0

    def test_too_long_text_is_refused_with_its_length(self, settings):
        settings.SUMMARIES_MAX_ARTICLE_CHARS = 50
        with pytest.raises(IntakeError) as caught:
            article_submit(text="The presidents signed an agreement. " * 5, enqueue=False)
        assert caught.value.code == "too_long"
        assert "50" in caught.value.message

    def test_enqueue_waits_for_commit(self, django_capture_on_commit_callbacks, arabic_article):
        """Nothing is sent to the broker while the rows are uncommitted; exactly one send after commit."""
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            article_submit(text=arabic_article)
        assert len(callbacks) == 1
