"""The translator engine on a tiny real MarianMT loaded from disk through the configured setting."""

import pytest

from summaries import engines
from summaries.common.exceptions import ModelMissing
from summaries.engines.segmentation import split_sentences


class RecordingBackend:
    """Wraps the real backend and records what each generate call was given."""

    def __init__(self, backend) -> None:
        self._backend = backend
        self.model_id = backend.model_id
        self.max_input_tokens = backend.max_input_tokens
        self.backend = backend.backend
        self.device = backend.device
        self.generation = backend.generation
        self.batches: list[list[str]] = []

    def count_tokens(self, texts):
        return self._backend.count_tokens(texts)

    def generate(self, texts, **kwargs):
        self.batches.append(list(texts))
        return self._backend.generate(texts, **kwargs)

    def generate_tokens(self, texts, **kwargs):
        self.batches.append(list(texts))
        return self._backend.generate_tokens(texts, **kwargs)

    def score(self, sources, targets):
        return self._backend.score(sources, targets)


class TestTranslator:
    def test_every_source_sentence_gets_a_translation(self, backend, arabic_article):
        """One non-empty output per sentence, in order, for the whole fixture article."""
        sentences = split_sentences(arabic_article)
        translations = engines.get_translator("ar")(sentences)
        assert len(translations) == len(sentences)
        assert all(translation.strip() for translation in translations)

    def test_batches_are_sorted_by_length_and_respect_the_input_limit(self, backend, arabic_article, settings):
        """Sentences longer than the model's limit are split; no generate input exceeds the limit."""
        settings.SUMMARIES_TRANSLATION_BATCH_SIZE = 4
        translator = engines.get_translator("ar")
        recorder = RecordingBackend(translator.backend)
        translator.backend = recorder
        sentences = split_sentences(arabic_article)
        translator(sentences)
        pieces = [piece for batch in recorder.batches for piece in batch]
        assert len(pieces) > len(sentences), "the fixture has sentences longer than the tiny model's limit"
        assert max(recorder.count_tokens(pieces)) <= recorder.max_input_tokens
        assert max(len(batch) for batch in recorder.batches) <= 4
        assert sorted(" ".join(pieces).split()) == sorted(" ".join(sentences).split())
        lengths = recorder.count_tokens(pieces)
        assert lengths == sorted(lengths), "batches are formed from pieces sorted by length"

    def test_every_sentence_of_a_5000_word_article_is_translated(self, backend, arabic_article, settings):
        """Long input is never truncated: one non-empty translation per source sentence, in order."""
        settings.SUMMARIES_TRANSLATION_MAX_NEW_TOKENS = 3
        paragraphs = [line for line in arabic_article.splitlines() if line.strip()]
        article = "\n".join(paragraphs * (5000 // len(arabic_article.split()) + 1))
        assert len(article.split()) >= 5000
        sentences = split_sentences(article)
        translations = engines.get_translator("ar")(sentences)
        assert len(translations) == len(sentences)
        assert all(translation.strip() for translation in translations)

    def test_an_output_budget_beyond_the_models_positions_is_capped_not_a_crash(
        self, backend, arabic_article, settings
    ):
        """TRANSLATION_MAX_NEW_TOKENS above what the model can position (48 for the tiny one) stops there."""
        settings.SUMMARIES_TRANSLATION_MAX_NEW_TOKENS = 400
        sentences = split_sentences(arabic_article)[:3]
        translations = engines.get_translator("ar")(sentences)
        assert len(translations) == 3 and all(translations)

    def test_progress_reports_reach_the_total(self, backend, arabic_article):
        sentences = split_sentences(arabic_article)
        reports = []
        engines.get_translator("ar")(sentences, on_progress=lambda done, total: reports.append((done, total)))
        assert reports[-1] == (len(sentences), len(sentences))
        assert [done for done, _ in reports] == sorted(done for done, _ in reports)

    def test_unloadable_model_raises_model_missing_with_the_fix(self, settings, tmp_path):
        """A wrong path names the setting to change and the download command."""
        settings.SUMMARIES_TRANSLATION_MODEL = str(tmp_path / "no-such-model")
        with pytest.raises(ModelMissing) as caught:
            engines.get_translator("ar")
        assert "TRANSLATION_MODEL" in caught.value.message
        assert "download_models" in caught.value.message
        assert caught.value.code == "model_missing"


class TestScore:
    def test_both_backends_score_the_same_pairs_alike(self, settings, ct2_dir, arabic_article):
        """Forced decoding two independent ways (CTranslate2's score_batch, the transformers loss) agree, up
        to int8 rounding. The tiny model writes text its own target tokenizer reads as unknown pieces, so the
        targets here are fixture sentences, which that tokenizer was trained on."""
        sources = split_sentences(arabic_article)[:3]
        targets = sources[1:] + sources[:1]
        scores = {}
        for name in ("transformers", "ctranslate2"):
            settings.SUMMARIES_INFERENCE_BACKEND = name
            settings.SUMMARIES_CT2_DIR = ct2_dir
            engines.clear_cache()
            scores[name] = engines.get_translator("ar").score(sources, targets)
        assert len(scores["transformers"]) == len(sources)
        assert all(score < 0 for score in scores["transformers"])
        assert scores["ctranslate2"] == pytest.approx(scores["transformers"], rel=0.05)
