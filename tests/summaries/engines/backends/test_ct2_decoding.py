"""CTranslate2 options from the models' genuine generation settings, and the final choice of hypothesis."""

from dataclasses import dataclass

import pytest

from summaries.engines import generation
from summaries.engines.backends import ct2_decoding
from tests.model_factory import DISTILBART_CNN, OPUS_MT_AR_EN

BART_TOKENS = {0: "<s>", 1: "<pad>", 2: "</s>"}
MARIAN_TOKENS = {0: "</s>", 62833: "<pad>"}


def named(table):
    return lambda index: table.get(index, f"t{index}")


class TestOptions:
    def test_distilbart_cnn(self):
        settings = generation.read(DISTILBART_CNN, max_positions=1024).with_overrides()
        plan = ct2_decoding.decoding(settings, token=named(BART_TOKENS), vocabulary=frozenset(), use_vmap=False)
        assert plan.prefix == ["<s>"]  # its forced first token
        assert plan.options["beam_size"] == 4
        assert plan.options["patience"] == 1.0  # early_stopping: stop once 4 hypotheses have ended
        assert (plan.options["length_penalty"], plan.options["no_repeat_ngram_size"]) == (2.0, 3)
        assert plan.options["min_decoding_length"] == 55  # min_length 56 counts the decoder's start token
        assert plan.options["max_decoding_length"] == 140  # 141, the last one the forced end token
        assert plan.options["end_token"] == ["</s>"] and plan.options["return_end_token"]
        assert "suppress_sequences" not in plan.options

    def test_opus_mt_ar_en(self):
        settings = generation.read(OPUS_MT_AR_EN, max_positions=512).with_overrides()
        vocabulary = frozenset({"</s>", "t5"})  # a Marian copy leaves <pad> out of its vocabulary
        plan = ct2_decoding.decoding(settings, token=named(MARIAN_TOKENS), vocabulary=vocabulary, use_vmap=True)
        assert plan.prefix is None and plan.target_prefix(3) is None
        assert (plan.options["beam_size"], plan.options["patience"]) == (4, 2.0)  # early_stopping False
        assert plan.options["max_decoding_length"] == 510 and plan.options["min_decoding_length"] == 0
        assert "suppress_sequences" not in plan.options  # <pad> cannot be written by the copy at all
        assert plan.options["use_vmap"] is True

    def test_suppressed_tokens_the_copy_can_write_are_passed_on(self):
        settings = generation.GenerationSettings(suppressed=((5,), (6, 7)), eos_token_ids=(0,))
        plan = ct2_decoding.decoding(
            settings, token=named(MARIAN_TOKENS), vocabulary=frozenset({"t5", "t6", "t7"}), use_vmap=False
        )
        assert plan.options["suppress_sequences"] == [["t5"], ["t6", "t7"]]

    def test_an_exact_length_keeps_its_last_position_for_the_forced_end_token(self):
        """min = max = 30: transformers writes 29 tokens and the end token (forced even before the minimum)."""
        settings = generation.read(DISTILBART_CNN).with_overrides(max_new_tokens=30, min_new_tokens=30)
        plan = ct2_decoding.decoding(settings, token=named(BART_TOKENS), vocabulary=frozenset(), use_vmap=False)
        assert plan.options["min_decoding_length"] == plan.options["max_decoding_length"] == 29

    def test_greedy_needs_no_patience_and_no_second_choice(self):
        settings = generation.read(DISTILBART_CNN).with_overrides(num_beams=1)
        plan = ct2_decoding.decoding(settings, token=named(BART_TOKENS), vocabulary=frozenset(), use_vmap=False)
        assert (plan.options["beam_size"], plan.options["patience"], plan.options["num_hypotheses"]) == (1, 1.0, 1)


@dataclass
class Result:
    hypotheses: list[list[str]]
    scores: list[float]


class TestBest:
    @pytest.fixture
    def plan(self):
        settings = generation.GenerationSettings(
            num_beams=2, length_penalty=2.0, eos_token_ids=(2,), forced_eos_token_ids=(2,)
        )
        return ct2_decoding.decoding(settings, token=named(BART_TOKENS), vocabulary=frozenset(), use_vmap=False)

    def test_a_hypothesis_stopped_at_the_limit_is_scored_with_its_forced_end_token(self, plan):
        """transformers would have written the end token at no cost, one token later: with a length penalty
        of 2 that turns -0.55 over 4 tokens (sum -8.8) into -8.8 / 25 = -0.352, better than -0.5."""
        result = Result([["a", "b", "</s>"], ["a", "c", "d", "e"]], [-0.5, -0.55])
        assert plan.best(result) == ["a", "c", "d", "e"]

    def test_a_hypothesis_that_ended_keeps_its_score_and_loses_its_end_token(self, plan):
        result = Result([["a", "b", "</s>"], ["a", "c", "d", "e"]], [-0.2, -0.55])
        assert plan.best(result) == ["a", "b"]
