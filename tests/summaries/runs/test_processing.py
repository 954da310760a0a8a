"""summary_process: the worker's job, run in-process on tiny real models."""

import pytest

from summaries.articles.submission import article_submit
from summaries.engines.segmentation import join_sentences
from summaries.glossary.models import GlossaryEntry
from summaries.related.models import VECTOR_KIND, ArticleVector
from summaries.runs.models import Summary
from summaries.runs.processing import summary_process

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
        assert summary.stage == Summary.Stage.NONE  # the stage says what a running run does
        assert summary.progress_percent == 100
        assert summary.translation.strip()
        assert summary.summary_text.strip()
        assert len(summary.source_sentences) == len(summary.translated_sentences) > 5
        assert all(sentence.strip() for sentence in summary.translated_sentences)
        assert summary.translation_model == str(tiny_models.translation)
        assert summary.summarization_model == str(tiny_models.summarization)
        assert set(summary.timings) == {"translation", "summarization", "grounding"}
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
        assert set(summary.timings) == {"summarization", "grounding"}

    def test_a_processed_article_has_its_similar_articles_vector(self, settings):
        """The worker stores the vector as it processes the article; with embeddings off it stores none."""
        text = "The presidents of Russia and Egypt signed a partnership agreement in Moscow today."
        article = article_submit(text=text, enqueue=False).article
        assert process(article).status == Summary.Status.DONE
        assert ArticleVector.objects.get(article=article).model == VECTOR_KIND
        settings.SUMMARIES_EMBEDDINGS = False
        other = article_submit(text=text + " Talks went on.", enqueue=False).article
        assert process(other).status == Summary.Status.DONE
        assert not ArticleVector.objects.filter(article=other).exists()

    def test_a_missing_model_makes_the_run_wait_with_the_key_sentences(self, arabic_article, settings):
        """Without the translation model on this machine the run neither fails nor stays running: it keeps the
        article's key sentences (chosen by the bundled ranker, in article order) and waits for the model."""
        settings.SUMMARIES_TRANSLATION_MODEL = "Helsinki-NLP/opus-mt-ar-en"  # not in this test's cache
        summary = process(article_submit(text=arabic_article, enqueue=False).article)
        assert (summary.status, summary.stage) == (Summary.Status.WAITING, Summary.Stage.NONE)
        assert summary.waiting_for == [{"model": "Helsinki-NLP/opus-mt-ar-en", "kind": "translation"}]
        assert len(summary.key_sentences) == 5 and summary.key_sentences == sorted(summary.key_sentences)
        assert all(sentence in arabic_article for sentence in summary.key_sentence_texts)
        assert summary.key_sentences[0] == 0  # news puts the essentials first: the lead is kept
        assert (summary.summary_text, summary.translation, summary.error_code) == ("", "", "")
        assert summary.attempts == 0  # waiting is no crash: it never counts towards MAX_ATTEMPTS

    def test_unexpected_error_fails_without_traceback(self, arabic_article, monkeypatch):
        """A crash inside the pipeline is recorded as failed with a plain message."""

        def crash(text):
            raise RuntimeError("segmentation exploded")

        monkeypatch.setattr("summaries.runs.pipeline.split_sentences", crash)
        summary = process(article_submit(text=arabic_article, enqueue=False).article)
        assert summary.status == Summary.Status.FAILED
        assert summary.error_code == "internal"
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

    def test_second_message_for_a_running_job_is_skipped(self, arabic_article):
        """Two queue messages for one job never run it twice at once."""
        summary = article_submit(text=arabic_article, enqueue=False).article.latest_summary
        Summary.objects.filter(pk=summary.pk).update(status=Summary.Status.RUNNING, delivery_id="message-1", attempts=1)
        summary_process(summary_id=summary.pk, delivery_id="message-2")
        summary.refresh_from_db()
        assert (summary.status, summary.attempts) == (Summary.Status.RUNNING, 1)

    def test_redelivery_after_a_lost_worker_runs_the_job(self, arabic_article):
        summary = article_submit(text=arabic_article, enqueue=False).article.latest_summary
        Summary.objects.filter(pk=summary.pk).update(status=Summary.Status.RUNNING, delivery_id="message-1", attempts=1)
        summary_process(summary_id=summary.pk, delivery_id="message-1")
        summary.refresh_from_db()
        assert (summary.status, summary.attempts) == (Summary.Status.DONE, 2)

    def test_job_that_keeps_killing_its_worker_is_failed(self, arabic_article, settings):
        settings.SUMMARIES_MAX_ATTEMPTS = 2
        summary = article_submit(text=arabic_article, enqueue=False).article.latest_summary
        Summary.objects.filter(pk=summary.pk).update(status=Summary.Status.RUNNING, delivery_id="m", attempts=2)
        summary_process(summary_id=summary.pk, delivery_id="m")
        summary.refresh_from_db()
        assert summary.status == Summary.Status.FAILED
        assert summary.error_code == "worker_lost"
        assert "stopped the worker 2 times" in summary.error_message


class TestTransientModelFailure:
    def test_a_model_directory_that_fails_to_load_defers_the_job(self, arabic_article, settings, tmp_path):
        """An existing but unloadable model directory is transient: the job goes back to the queue, not failed,
        and this delivery does not count as a crash."""
        from summaries.common.exceptions import ModelUnavailable

        (tmp_path / "half-copied").mkdir()
        (tmp_path / "half-copied" / "config.json").write_text("{")
        settings.SUMMARIES_TRANSLATION_MODEL = str(tmp_path / "half-copied")
        article = article_submit(text=arabic_article, enqueue=False).article
        with pytest.raises(ModelUnavailable):
            summary_process(summary_id=article.latest_summary.pk, delivery_id="first")
        summary = article.latest_summary
        assert (summary.status, summary.attempts, summary.delivery_id, summary.error_code) == ("queued", 0, "", "")


class TestStrategies:
    def test_faithful_strategy_translates_only_the_chosen_sentences(self, backend, arabic_article):
        """extract-translate: the summary is exactly the translations of the picked source sentences."""
        summary = process(
            article_submit(text=arabic_article, strategy="extract-translate", length="short", enqueue=False).article
        )
        assert summary.status == Summary.Status.DONE
        chosen = [index for index, text in enumerate(summary.translated_sentences) if text]
        assert len(chosen) == 3
        assert summary.summary_text == join_sentences([summary.translated_sentences[index] for index in chosen])
        assert [sentence["sources"] for sentence in summary.grounding["summary"]] == [[index] for index in chosen]
        assert summary.summarization_model == "" and "summarization" not in summary.timings

    def test_faithful_english_summary_is_made_of_source_sentences(self):
        text = (
            "The presidents of Russia and Egypt signed a partnership agreement in Moscow. Trade between the two "
            "countries grew by a third last year. The leaders discussed Syria, Libya and Yemen. A new meeting is "
            "planned for next spring. The foreign ministers signed a memorandum on consultations."
        )
        summary = process(
            article_submit(text=text, strategy="extract-translate", length="short", enqueue=False).article
        )
        sentences = summary.source_sentences
        assert [s["text"] for s in summary.grounding["summary"]] == [
            sentences[i[0]] for i in (s["sources"] for s in summary.grounding["summary"])
        ]
        assert all(sentence["text"] in text for sentence in summary.grounding["summary"])

    def test_a_picked_headline_stays_apart_from_the_sentence_after_it(self):
        text = (
            "Russia and Egypt renew their partnership\n"
            "The presidents of Russia and Egypt signed a partnership agreement in Moscow. "
            "Trade between the two countries grew by a third last year."
        )
        summary = process(
            article_submit(text=text, strategy="extract-translate", length="short", enqueue=False).article
        )
        assert summary.summary_text.startswith("Russia and Egypt renew their partnership\n\nThe presidents")
        assert summary.summary_text.endswith("in Moscow. Trade between the two countries grew by a third last year.")

    def test_abstractive_summary_is_grounded_sentence_by_sentence(self, arabic_article):
        summary = process(article_submit(text=arabic_article, enqueue=False).article)
        grounding = summary.grounding
        assert grounding["method"] == "embeddings"
        assert len(grounding["translation_scores"]) == len(summary.source_sentences)
        assert all(isinstance(score, float) for score in grounding["translation_scores"])
        for sentence in grounding["summary"]:
            assert sentence["sources"] and all(
                0 <= index < len(summary.source_sentences) for index in sentence["sources"]
            )
            assert sentence["flagged"] == (sentence["support"] < grounding["threshold"])
            assert isinstance(sentence["words"], list)

    def test_the_finished_run_stores_its_flag_counts_for_the_desk(self, arabic_article):
        """The pair the page computes from the sentences is stored on the run when it finishes."""
        summary = process(article_submit(text=arabic_article, enqueue=False).article)
        assert (summary.flagged_sentences, summary.checked_sentences) == summary.flag_count
        assert summary.checked_sentences >= len(summary.grounding["summary"]) > 0

    def test_translations_are_scored_by_the_fact_checker_with_words_to_check(self, arabic_article):
        grounding = process(article_submit(text=arabic_article, enqueue=False).article).grounding
        assert grounding["translation_method"] == "checker"
        threshold = grounding["translation_threshold"]
        assert grounding["translation_flags"] == [score < threshold for score in grounding["translation_scores"]]
        assert len(grounding["translation_words"]) == len(grounding["translation_scores"])
        spans = [flag for words in grounding["translation_words"] for flag in words]
        assert all({"start", "end", "reason", "value"} <= set(flag) for flag in spans)

    def test_without_the_checker_translations_get_similarity_minus_penalties(self, arabic_article, settings):
        settings.SUMMARIES_FACT_CHECKER = False
        grounding = process(article_submit(text=arabic_article, enqueue=False).article).grounding
        assert grounding["translation_method"] == "similarity"
        assert grounding["translation_threshold"] == settings.SUMMARIES_SUPPORT_THRESHOLD

    def test_a_checker_trained_with_the_model_score_asks_the_translator(self, arabic_article, settings, tmp_path):
        """`train_checker --model-score` for trained weights: the pipeline then scores every translation with
        the translation model (the tiny one here: the wiring, not the benefit, is what this shows)."""
        from summaries.engines.checker import model

        params = dict(model.get_checker().params)
        params["features"] = ["model_score"]  # one tree on the model's score alone
        params["trees"] = [[[0, -1e9, 1, 2, 0.0, 1], [-1, 0.0, -1, -1, -5.0, 0], [-1, 0.0, -1, -1, 5.0, 0]]]
        params["baseline"] = 0.0
        model.save(params, tmp_path / "checker.json.gz")
        settings.SUMMARIES_FACT_CHECKER_PATH = str(tmp_path / "checker.json.gz")
        grounding = process(article_submit(text=arabic_article, enqueue=False).article).grounding
        scored = [score for score in grounding["translation_scores"] if score is not None]
        assert scored and all(score > 0.99 for score in scored), "every translation went right: it had a model score"

    def test_lengths_change_the_extractive_summary(self, arabic_article):
        counts = {}
        for length in ("short", "medium", "long"):
            summary = process(
                article_submit(text=arabic_article, strategy="extract-translate", length=length, enqueue=False).article
            )
            counts[length] = len(summary.grounding["summary"])
        assert counts == {"short": 3, "medium": 5, "long": 8}


class TestHonestEndings:
    def test_an_empty_summary_fails_the_run_with_its_reason(self, monkeypatch):
        """Whitespace from the summarizer is not a result: the run fails, saying the summarizer produced no text."""
        from summaries.engines.summarizer import Summarizer

        monkeypatch.setattr(Summarizer, "__call__", lambda self, texts, **options: [" \n "] * len(texts))
        article = article_submit(
            text="The presidents of Russia and Egypt signed a partnership agreement in Moscow today.", enqueue=False
        ).article
        summary = process(article)
        assert summary.status == Summary.Status.FAILED
        assert summary.error_code == "no_summary_text"
        assert "The summarizer produced no text for this article" in summary.error_text
        assert summary.review_badge == "failed"


class TestProgressMoves:
    def test_progress_is_reported_while_translating_and_while_summarizing(
        self, backend, arabic_article, tiny_models, monkeypatch
    ):
        """Every stage update the page would poll: the translation count climbs past zero before the
        summarizing stage starts, so the bar moves during translation instead of jumping."""
        from summaries.runs import pipeline

        seen: list[tuple[str, int, int]] = []
        original = pipeline._set_stage

        def record(summary_id, stage, done, total):
            seen.append((stage, done, total))
            original(summary_id, stage, done, total)

        monkeypatch.setattr(pipeline, "_set_stage", record)
        summary = process(article_submit(text=arabic_article, enqueue=False).article)
        assert summary.status == Summary.Status.DONE
        translating = [done for stage, done, _ in seen if stage == Summary.Stage.TRANSLATING]
        assert translating[0] == 0 and translating[-1] == len(summary.source_sentences)
        assert len(set(translating)) > 2  # intermediate counts, not just 0 then all
        assert translating == sorted(translating)
        assert any(stage == Summary.Stage.SUMMARIZING for stage, _, _ in seen)


class TestGlossary:
    def test_a_glossary_term_without_its_rendering_is_in_the_grounding_data(self, backend, arabic_article):
        """The tiny model never writes "Zzyzx", so the sentences with الروسي (any spelling) are flagged."""
        GlossaryEntry.objects.create(arabic="الروسى", english="Zzyzx", wrong_variants="Qqq")
        summary = process(article_submit(text=arabic_article, enqueue=False).article)
        flagged = [
            index
            for index, issues in enumerate(summary.grounding["translation_issues"])
            if {"kind": "glossary_missing", "value": "Zzyzx", "term": "الروسى"} in issues
        ]
        assert flagged and all("الروسي" in summary.source_sentences[index] for index in flagged)

    def test_a_run_records_the_glossary_version_it_applied(self, backend, arabic_article):
        """What lets a later submission tell whether this result was made under today's glossary."""
        from summaries.glossary.services import glossary_stamp

        GlossaryEntry.objects.create(arabic="القاهرة", english="Cairo")
        summary = process(article_submit(text=arabic_article, enqueue=False).article)
        assert summary.status == "done" and summary.glossary_version == glossary_stamp()
        assert summary.glossary_version.startswith("1:")
