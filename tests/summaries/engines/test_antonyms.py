"""The curated antonym list the fact checker and its training-data generator share."""

import pytest

from summaries.engines.antonyms import ANTONYM_PAIRS, antonyms


class TestAntonyms:
    @pytest.mark.parametrize(
        ("word", "opposite"),
        [
            ("rose", "fell"),
            ("rises", "falls"),
            ("rising", "falling"),
            ("increased", "decreased"),
            ("higher", "lower"),
            ("won", "lost"),
            ("approved", "rejected"),
            ("allowed", "banned"),
            ("before", "after"),
            ("peace", "war"),
        ],
    )
    def test_pairs_work_both_ways(self, word, opposite):
        assert opposite in antonyms(word)
        assert word in antonyms(opposite)

    def test_lookup_ignores_case_and_answers_lowercase(self):
        assert antonyms("Rose") == antonyms("ROSE") == antonyms("rose") == frozenset({"fell"})

    def test_a_word_without_a_listed_opposite_has_none(self):
        assert antonyms("tonnes") == frozenset()
        assert antonyms("") == frozenset()

    def test_every_pair_is_symmetric(self):
        for left, right in ANTONYM_PAIRS:
            assert right in antonyms(left) and left in antonyms(right), (left, right)

    def test_the_list_is_long_lowercase_and_without_repeats_or_self_pairs(self):
        assert len(ANTONYM_PAIRS) >= 150
        assert len(set(ANTONYM_PAIRS)) == len(ANTONYM_PAIRS)
        for left, right in ANTONYM_PAIRS:
            assert left != right and left == left.lower() and right == right.lower(), (left, right)
