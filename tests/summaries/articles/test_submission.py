"""The submission service: one way in for the form and the API (submission_receive), validation, language
routing, duplicates, atomic creation."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum

from summaries.articles import throttle
from summaries.articles.intake.text import duplicate_key
from summaries.articles.models import Article, SubmissionHit
from summaries.articles.submission import Intake, article_submit, articles_submit_batch, submission_receive
from summaries.common.exceptions import IntakeError
from summaries.runs.models import Summary

pytestmark = pytest.mark.django_db

ENGLISH = "The presidents of Russia and Egypt signed a comprehensive partnership agreement in Moscow on Wednesday."
ARABIC_BRIEF = (
    "قال الرئيس الروسي إن المحادثات كانت مثمرة. وأضاف أن البلدين اتفقا على تعزيز التعاون. "
    "ومن المقرر عقد لقاء جديد العام المقبل."
)


class TestArticleSubmit:
    def test_creates_article_and_queued_summary(self, arabic_article, model_settings):
        submission = article_submit(text=arabic_article, enqueue=False)
        article = submission.article
        assert submission.reused is False
        assert (article.language, article.detected_language, article.language_overridden) == ("ar", "ar", False)
        assert article.language_confidence > 0.9
        assert article.source_text == arabic_article.strip()
        assert article.content_hash == hashlib.sha256(duplicate_key(arabic_article).encode()).hexdigest()
        assert article.origin == Article.Origin.PASTE
        assert article.submitted_by is None
        summary = article.summaries.get()
        assert summary.status == Summary.Status.QUEUED
        assert summary.translation_model == model_settings.SUMMARIES_TRANSLATION_MODEL

    def test_english_skips_translation(self):
        article = article_submit(text=ENGLISH, enqueue=False).article
        assert article.language == "en"
        assert article.summaries.get().translation_model == ""

    def test_a_three_sentence_brief_is_accepted(self):
        assert article_submit(text=ARABIC_BRIEF, enqueue=False).article.language == "ar"

    def test_egyptian_dialect_is_routed_as_arabic(self):
        """lid.176 may report `arz`; the pipeline routes it through the Arabic translator."""
        text = "ايه اللي حصل النهارده في الشغل يا عم، الدنيا كانت زحمة قوي والناس كلها متضايقة من الحر ومن المواصلات"
        article = article_submit(text=text, enqueue=False).article
        assert article.language == "ar"
        assert article.detected_language in {"ar", "arz"}

    def test_logged_in_user_is_recorded(self, django_user_model):
        user = django_user_model.objects.create_user("editor", password="x")
        assert article_submit(text=ENGLISH, user=user, enqueue=False).article.submitted_by == user

    def test_chosen_language_overrides_detection(self):
        article = article_submit(text=ENGLISH, language="ar", enqueue=False).article
        assert (article.language, article.detected_language, article.language_overridden) == ("ar", "en", True)

    def test_other_language_is_refused_naming_it(self):
        with pytest.raises(IntakeError) as caught:
            article_submit(
                text="Le président russe a signé un accord de partenariat avec son homologue égyptien.", enqueue=False
            )
        assert caught.value.code == "unsupported_language"
        assert caught.value.message.startswith("The text appears to be in French (fr)")
        assert Article.objects.count() == 0

    def test_an_unknown_language_code_is_called_that_not_echoed_as_detected(self):
        with pytest.raises(IntakeError) as caught:
            article_submit(text=ENGLISH, language="xx", enqueue=False)
        assert caught.value.code == "unknown_language_code"
        assert caught.value.message == "“xx” is not a language code. Supported languages: English (en), Arabic (ar)."
        assert Article.objects.count() == 0

    def test_a_known_but_unsupported_chosen_language_is_not_said_to_be_detected(self):
        with pytest.raises(IntakeError) as caught:
            article_submit(text=ENGLISH, language="fr", enqueue=False)
        assert caught.value.code == "unsupported_chosen_language"
        assert caught.value.message.startswith("Articles in French (fr) cannot be translated here.")

    def test_format_marks_do_not_make_a_duplicate_look_new(self, arabic_article):
        first = article_submit(text=arabic_article, enqueue=False)
        again = article_submit(text="\u200c".join(arabic_article), enqueue=False)
        assert again.reused and again.article == first.article

    def test_other_language_with_a_configured_model_is_accepted(self, settings, tiny_models):
        settings.SUMMARIES_TRANSLATION_MODELS = {"fr": str(tiny_models.translation)}
        article = article_submit(
            text="Le président russe a signé un accord de partenariat avec son homologue égyptien.", enqueue=False
        ).article
        assert article.language == "fr"
        assert article.summaries.get().translation_model == str(tiny_models.translation)

    def test_enqueue_waits_for_commit(self, django_capture_on_commit_callbacks, arabic_article):
        """Nothing is sent to the broker while the rows are uncommitted; exactly one send after commit."""
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            article_submit(text=arabic_article)
        assert len(callbacks) == 1


class TestDuplicates:
    def test_same_text_reuses_the_earlier_article(self, arabic_article, django_capture_on_commit_callbacks):
        """Whitespace and Unicode form differences do not matter; nothing new is stored or queued."""
        first = article_submit(text=arabic_article, enqueue=False).article
        variant = "  " + arabic_article.replace("\n", "\r\n").replace(" ", "  ") + "\u200f"
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            again = article_submit(text=variant)
        assert again.reused is True
        assert again.article == first
        assert callbacks == []
        assert (Article.objects.count(), Summary.objects.count()) == (1, 1)

    def test_force_new_runs_again(self, arabic_article):
        first = article_submit(text=arabic_article, enqueue=False).article
        again = article_submit(text=arabic_article, force_new=True, enqueue=False)
        assert again.reused is False and again.article != first

    def test_setting_turns_reuse_off(self, arabic_article, settings):
        settings.SUMMARIES_REUSE_DUPLICATES = False
        article_submit(text=arabic_article, enqueue=False)
        assert article_submit(text=arabic_article, enqueue=False).reused is False

    def test_other_models_or_a_failed_run_are_not_reused(self, arabic_article, settings, tmp_path):
        first = article_submit(text=arabic_article, enqueue=False).article
        settings.SUMMARIES_SUMMARIZATION_MODEL = str(tmp_path / "another-model")
        assert article_submit(text=arabic_article, enqueue=False).reused is False
        Summary.objects.update(status=Summary.Status.FAILED)
        assert article_submit(text=arabic_article, enqueue=False).article != first


class TestBatch:
    def test_each_file_gets_its_own_outcome(self, arabic_article):
        outcomes = articles_submit_batch(
            text=ENGLISH,
            files=[("a.txt", arabic_article.encode("cp1256")), ("b.exe", b"MZ\x90\x00"), ("c.txt", b"   ")],
            oversized=[("huge.pdf", 11 * 1024 * 1024)],
        )
        by_name = {outcome.name: outcome for outcome in outcomes}
        assert by_name[""].submission.article.language == "en"
        assert by_name["a.txt"].submission.article.original_name == "a.txt"
        assert by_name["b.exe"].error.code == "unsupported_type"
        assert by_name["c.txt"].error.code == "empty"
        assert by_name["huge.pdf"].error.code == "file_too_large"
        assert Article.objects.count() == 2


class TestReceive:
    """What the form and the API share: limits, the request as a whole, each item on its own."""

    CLIENT = throttle.Client(ip="203.0.113.7", session_key="s1")

    def receive(self, intake: Intake, *, max_files: int = 10) -> list:
        return submission_receive(intake=intake, client=self.CLIENT, max_files=max_files)

    def test_a_paste_and_files_each_become_an_article(self, arabic_article):
        files = [SimpleUploadedFile("a.txt", arabic_article.encode()), SimpleUploadedFile("b.exe", b"MZ\x90\x00")]
        outcomes = self.receive(Intake(text=ENGLISH, files=files, oversized=[("big.pdf", 99_000_000)]))
        assert [(outcome.name, outcome.error.code if outcome.error else "ok") for outcome in outcomes] == [
            ("", "ok"),
            ("big.pdf", "file_too_large"),
            ("a.txt", "ok"),
            ("b.exe", "unsupported_type"),
        ]
        hits = SubmissionHit.objects.values("scope").annotate(articles=Sum("articles")).values_list("scope", "articles")
        assert sorted(hits) == sorted([("ip", 2), ("session", 2), ("refused", 2)])  # refusals counted one by one

    def test_more_files_than_allowed_refuses_the_request_without_reading_a_file(self):
        unreadable = SimpleUploadedFile("a.txt", b"text")
        unreadable.close()  # reading it would raise: the count alone decides
        with pytest.raises(IntakeError) as refused:
            self.receive(Intake(files=[unreadable], excess=2), max_files=1)
        assert (refused.value.code, refused.value.params) == ("too_many_files", {"count": 3, "max": 1})
        assert Article.objects.count() == 0

    @pytest.mark.parametrize(("text", "code"), [("", "no_input"), ("  \n ", "empty")])
    def test_nothing_to_summarize_is_named(self, text, code):
        with pytest.raises(IntakeError) as refused:
            self.receive(Intake(text=text))
        assert refused.value.code == code

    def test_over_a_limit_nothing_is_read_or_stored(self, settings):
        settings.SUMMARIES_RATE_LIMIT_PER_SESSION = (1, 3600)
        self.receive(Intake(text=ENGLISH + " One."))
        unreadable = SimpleUploadedFile("a.txt", b"x")
        unreadable.close()  # reading it would raise: nothing fits, so nothing is read
        with pytest.raises(throttle.Throttled) as throttled:
            self.receive(Intake(text=ENGLISH + " Two.", files=[unreadable]))
        assert throttled.value.refusal.scope == "session" and Article.objects.count() == 1

    def test_a_batch_over_the_allowance_takes_what_fits_and_refuses_the_rest_by_name(self, settings, arabic_article):
        """Three places left for a paste and three files: the paste and the first two files go in; the last
        is refused by name with the time to wait, and is never read."""
        settings.SUMMARIES_RATE_LIMIT_PER_SESSION = (3, 3600)
        settings.SUMMARIES_REUSE_DUPLICATES = False
        unread = SimpleUploadedFile("c.txt", b"x")
        unread.close()
        files = [SimpleUploadedFile("a.txt", arabic_article.encode()), SimpleUploadedFile("b.txt", ENGLISH.encode())]
        outcomes = self.receive(Intake(text=ENGLISH + " One.", files=[*files, unread]))
        assert [(outcome.name, outcome.error.code if outcome.error else "ok") for outcome in outcomes] == [
            ("", "ok"),
            ("a.txt", "ok"),
            ("b.txt", "ok"),
            ("c.txt", "not_sent_limit"),
        ]
        message = outcomes[-1].error.message
        assert message.startswith("Not sent: ") and "at most 3 per hour" in message and "minute" in message
        assert Article.objects.count() == 3


class TestRequestBudgets:
    """What one request may cost while its files are read: the refusal budget as it goes, and one parsing
    budget for all its files."""

    CLIENT = throttle.Client(ip="203.0.113.9", session_key="s9")

    @pytest.fixture
    def parses(self, monkeypatch) -> list[str]:
        """The files that reached a parser's child, by their parser."""
        from summaries.articles.intake import sandbox

        seen: list[str] = []
        real = sandbox.run

        def counted(extractor, data, budget, **options):
            seen.append(extractor.__module__)
            return real(extractor, data, budget, **options)

        monkeypatch.setattr(sandbox, "run", counted)
        return seen

    def test_refusals_count_as_they_happen_and_stop_the_reading(self, settings, parses):
        """One address sent 40 hostile files in an hour against a refusal budget of 30: a request's files
        were counted after all of them had been parsed. Now the sixth of twenty is not read."""
        settings.SUMMARIES_RATE_LIMIT_REFUSED = (5, 3600)
        settings.SUMMARIES_RATE_LIMIT_PER_IP = settings.SUMMARIES_RATE_LIMIT_PER_SESSION = None
        files = [SimpleUploadedFile(f"{index}.html", b"<html><body></body></html>") for index in range(20)]
        outcomes = submission_receive(intake=Intake(files=files), client=self.CLIENT, max_files=20)
        codes = [outcome.error.code for outcome in outcomes]
        assert len(parses) == 5 and codes[5:] == ["not_sent_limit"] * 15
        assert "refused" in str(outcomes[5].error.message).lower()
        refused = SubmissionHit.objects.filter(scope="refused").aggregate(total=Sum("articles"))["total"]
        assert refused == 20  # each counted once, as it happened

    def test_the_files_share_one_parsing_budget(self, settings, monkeypatch, parses):
        """Five files that each take all of a file's time: the first two spend the request's 2 s, and the
        others are not read (they used to take 5 s, and 20 files 20 times a file's budget)."""
        from summaries.articles import intake

        settings.SUMMARIES_EXTRACT_SECONDS, settings.SUMMARIES_REQUEST_EXTRACT_SECONDS = 1, 2
        settings.SUMMARIES_RATE_LIMIT_REFUSED = None
        monkeypatch.setitem(intake._EXTRACTORS, ".html", ("html", parse_forever))
        files = [SimpleUploadedFile(f"{index}.html", b"<p>x</p>") for index in range(5)]
        outcomes = submission_receive(intake=Intake(files=files), client=self.CLIENT, max_files=5)
        assert [outcome.error.code for outcome in outcomes] == ["too_complex"] * 2 + ["not_read_budget"] * 3
        assert len(parses) == 2


def parse_forever(data: bytes, **options: object) -> str:
    """A parser that a hostile file keeps busy until its time is up."""
    while True:
        pass
