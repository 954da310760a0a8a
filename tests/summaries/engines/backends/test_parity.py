"""Both backends write the same tokens as transformers' own `generate`, with every generation setting the
models' genuine configurations carry (../shared/models): beams, minimum and maximum length, length penalty,
no repeated trigrams, early stopping, forced first and last tokens, the pad token never written.

The stand-ins have the genuine configurations and vocabularies and small random layers; CTranslate2 runs a
float32 copy with compute_type float32, so any difference is the decoding's, not the arithmetic's. Each
output runs to the model's positions, so the minimum length, the forced end token and the length
normalisation decide between the beams. Where the libraries differ by design (ct2_decoding.py) these
models do not reach: with init_std 0.1 no token a setting leaves out (a repeated trigram, an early end)
carries much of the probability. A random model that puts half its probability on one token (init_std
0.3) agrees on 5 to 7 of these 8 summaries with beam 4, because CTranslate2 renormalises after leaving
that token out and transformers does not; bench/pipeline.py measures agreement on real-size models.
"""

from pathlib import Path

import pytest
import torch
from django.test import override_settings

from summaries.engines import conversion
from summaries.engines.backends import ctranslate2 as ct2_backend
from summaries.engines.backends import transformers as transformers_backend
from summaries.engines.segmentation import split_sentences
from tests.conftest import SHARED_DIR
from tests.model_factory import build_bart, build_marian

NTREX_ENGLISH = SHARED_DIR / "corpora" / "ntrex128-ar-en" / "newstest2019-src.eng.txt"
NTREX_ARABIC = SHARED_DIR / "corpora" / "ntrex128-ar-en" / "newstest2019-ref.arb.txt"


class Pair:
    """One stand-in model on the transformers backend and on CTranslate2 (float32 copy, float32 compute)."""

    def __init__(self, directory: Path, ct2_root: Path) -> None:
        with override_settings(SUMMARIES_CT2_DIR=ct2_root):
            copy = conversion.convert(str(directory), quantization="float32")
        self.reference = transformers_backend.load(str(directory), device="cpu")
        self.ctranslate2 = ct2_backend.load(str(copy), device="cpu", threads=1, compute_type="float32")

    def reference_tokens(self, texts: list[str], *, num_beams: int, **extra: int) -> list[list[int]]:
        """transformers' own generate, one input at a time, as anyone would call it: the model's generation
        config, the output as long as the stand-in's positions allow, and `extra` settings."""
        model, tokenizer = self.reference.model, self.reference.tokenizer
        limit = self.reference.generation.with_overrides()
        outputs = []
        for text in texts:
            batch = tokenizer([text], return_tensors="pt", truncation=True, max_length=self.reference.max_input_tokens)
            with torch.inference_mode():
                ids = model.generate(**batch, num_beams=num_beams, max_length=limit.max_new_tokens + 1, **extra)
            outputs.append(_generated(ids[0].tolist()[1:], tokenizer))
        return outputs


def _generated(ids: list[int], tokenizer) -> list[int]:
    """The written tokens: no padding, no end token (the backends return text without it)."""
    special = {tokenizer.pad_token_id, tokenizer.eos_token_id}
    return [token for token in ids if token not in special]


@pytest.fixture(scope="module")
def arabic_sentences(arabic_article: str) -> list[str]:
    return split_sentences(arabic_article)[:10]


@pytest.fixture(scope="module")
def english_texts() -> list[str]:
    lines = [line.strip() for line in NTREX_ENGLISH.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [" ".join(lines[start : start + 3]) for start in range(0, 24, 3)]


@pytest.fixture(scope="module")
def marian(tmp_path_factory, arabic_article: str) -> Pair:
    root = tmp_path_factory.mktemp("parity-marian")
    lines = [line for line in arabic_article.splitlines() if line.strip()]
    return Pair(build_marian(root / "model", lines, init_std=0.1), root / "ct2")


@pytest.fixture(scope="module")
def bart(tmp_path_factory) -> Pair:
    root = tmp_path_factory.mktemp("parity-bart")
    return Pair(build_bart(root / "model", init_std=0.1), root / "ct2")


@pytest.mark.parametrize("num_beams", [1, 4], ids=["greedy", "beam-4"])
class TestSameTokens:
    def test_translation(self, marian, arabic_sentences, num_beams):
        reference = marian.reference_tokens(arabic_sentences, num_beams=num_beams)
        assert marian.reference.generate_tokens(arabic_sentences, num_beams=num_beams) == reference
        assert marian.ctranslate2.generate_tokens(arabic_sentences, num_beams=num_beams) == reference

    def test_summaries(self, bart, english_texts, num_beams):
        reference = bart.reference_tokens(english_texts, num_beams=num_beams)
        assert bart.reference.generate_tokens(english_texts, num_beams=num_beams) == reference
        assert bart.ctranslate2.generate_tokens(english_texts, num_beams=num_beams) == reference

    def test_summaries_where_no_repeated_trigram_changes_the_output(self, bart, english_texts, num_beams):
        """distilbart's no_repeat_ngram_size 3 matters on these inputs (without it the output differs), and
        CTranslate2 applies it as transformers does."""
        unrestricted = bart.reference_tokens(english_texts, num_beams=num_beams, no_repeat_ngram_size=0)
        reference = bart.reference_tokens(english_texts, num_beams=num_beams)
        changed = [index for index, tokens in enumerate(reference) if tokens != unrestricted[index]]
        assert changed, "no input where the setting matters"
        ours = bart.ctranslate2.generate_tokens([english_texts[index] for index in changed], num_beams=num_beams)
        assert ours == [reference[index] for index in changed]


@pytest.mark.parametrize("num_beams", [1, 4], ids=["greedy", "beam-4"])
def test_an_exact_length_asked_by_the_app(bart, marian, arabic_sentences, english_texts, num_beams):
    """min = max, as the benchmark asks: transformers writes one token less and the forced end token."""
    exact = {"num_beams": num_beams, "max_new_tokens": 20, "min_new_tokens": 20}
    for pair, texts in ((marian, arabic_sentences), (bart, english_texts)):
        reference = pair.reference.generate_tokens(texts, **exact)
        assert {len(tokens) for tokens in reference} == {19}
        assert pair.ctranslate2.generate_tokens(texts, **exact) == reference


class TestTheModelsOwnSettingsApply:
    def test_summaries_keep_distilbarts_minimum_and_start_with_its_forced_token(self, bart, english_texts):
        settings = bart.ctranslate2.generation
        outputs = bart.ctranslate2.generate_tokens(english_texts[:2])
        assert all(tokens[0] == settings.forced_bos_token_id for tokens in outputs)
        assert all(len(tokens) >= settings.min_new_tokens for tokens in outputs)

    def test_translations_never_write_the_pad_token(self, marian, arabic_sentences):
        pad = marian.reference.tokenizer.pad_token_id
        for tokens in marian.ctranslate2.generate_tokens(arabic_sentences, num_beams=4):
            assert pad not in tokens


class TestSameScores:
    def test_forced_decoding_scores_agree(self, marian):
        """The fact checker's model score: the same mean log-probability on both backends (the pad token, which
        the model never writes, outside the distribution on both)."""
        sources = [line.strip() for line in NTREX_ARABIC.read_text(encoding="utf-8").splitlines()[:6]]
        targets = [line.strip() for line in NTREX_ENGLISH.read_text(encoding="utf-8").splitlines()[:6]]
        reference = marian.reference.score(sources, targets)
        ours = marian.ctranslate2.score(sources, targets)
        assert ours == pytest.approx(reference, abs=1e-3)

    def test_summary_scores_agree_with_the_forced_first_token_certain(self, bart, english_texts):
        summaries = [text.split(". ")[0] for text in english_texts[:4]]
        assert bart.ctranslate2.score(english_texts[:4], summaries) == pytest.approx(
            bart.reference.score(english_texts[:4], summaries), abs=1e-3
        )
