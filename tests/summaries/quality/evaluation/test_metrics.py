"""Metrics on hand-made cases whose values are known."""

import pytest

from summaries.quality.evaluation.metrics import ArabicTokenizer, chrf_bleu, roc_auc, rouge


class TestRocAuc:
    def test_perfect_random_and_inverted_separation(self):
        assert roc_auc([0.9, 0.8], [0.1, 0.2]) == 1.0
        assert roc_auc([0.5, 0.5], [0.5, 0.5]) == 0.5
        assert roc_auc([0.1], [0.9]) == 0.0

    def test_one_misordered_pair_of_four(self):
        assert roc_auc([0.9, 0.3], [0.1, 0.5]) == 0.75


class TestRouge:
    def test_identical_text_scores_one(self):
        scores = rouge("وقّع الرئيسان اتفاقية الشراكة", "وقّع الرئيسان اتفاقية الشراكة")
        assert scores == {"rouge1": 1.0, "rouge2": 1.0, "rougeL": 1.0}

    def test_arabic_letter_variants_and_diacritics_do_not_matter(self):
        assert rouge("أعلن الرئيسُ إلى المدرسة", "اعلن الرئيس الي المدرسه")["rouge1"] == 1.0
        assert ArabicTokenizer().tokenize("إلى مدرسةٍ") == ["الي", "مدرسه"]

    def test_half_the_words(self):
        assert rouge("الرئيس الروسي", "الرئيس المصري")["rouge1"] == pytest.approx(0.5)


class TestChrfBleu:
    def test_identical_translation_scores_100(self):
        scores = chrf_bleu(["The presidents signed an agreement today."], ["The presidents signed an agreement today."])
        assert scores["chrf"] == pytest.approx(100.0) and scores["bleu"] == pytest.approx(100.0)

    def test_a_known_pair(self):
        """Pinned to sacrebleu 2.6's chrF for this pair, so a change of version or settings is noticed."""
        scores = chrf_bleu(["The cat sat on the mat."], ["The cat is on the mat."])
        assert scores["chrf"] == pytest.approx(67.17, abs=0.01)
