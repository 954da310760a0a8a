"""IBM Model 1: the EM finds which word renders which from co-occurrence alone, the same way every time."""

from summaries.engines.checker.alignment import NULL, translation_table

SOURCE = [["بيت", "كبير"], ["بيت", "صغير"], ["كتاب", "كبير"], ["كتاب", "صغير"]]
TARGET = [["house", "big"], ["house", "small"], ["book", "big"], ["book", "small"]]


class TestTranslationTable:
    def test_each_word_finds_its_rendering(self):
        table = translation_table(SOURCE, TARGET, iterations=20)
        for source, target in [("بيت", "house"), ("كبير", "big"), ("صغير", "small"), ("كتاب", "book")]:
            best = max(table[source], key=table[source].__getitem__)
            assert best == target, (source, table[source])
            assert table[source][target] > 0.7

    def test_probabilities_of_a_source_word_sum_to_one(self):
        table = translation_table(SOURCE, TARGET)
        for targets in table.values():
            assert abs(sum(targets.values()) - 1.0) < 1e-9
        assert NULL in table

    def test_deterministic(self):
        assert translation_table(SOURCE, TARGET) == translation_table(SOURCE, TARGET)

    def test_empty_input(self):
        assert translation_table([], []) == {}
