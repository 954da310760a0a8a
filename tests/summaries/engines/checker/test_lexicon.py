"""The lexicon: support of an English word by a source, coverage of a source word, pruning, round trip."""

from summaries.engines.checker.lexicon import Lexicon

FORWARD = {"رئيس": {"president": 0.9, "head": 0.08, "noise": 0.001}, "ارتفع": {"rose": 0.7, "rise": 0.2}}
BACKWARD = {"president": {"رئيس": 0.95}, "rose": {"ارتفع": 0.8}, "fell": {"انخفض": 0.9}}


class TestLexicon:
    def test_support_is_the_best_source_word_either_way(self):
        lexicon = Lexicon.from_tables(FORWARD, BACKWARD)
        assert lexicon.support("president", {"رئيس", "قال"}) == (0.95, "رئيس")
        assert lexicon.support("fell", {"ارتفع"}) == (0.0, "")

    def test_unseen_words_are_unknown_not_unsupported(self):
        lexicon = Lexicon.from_tables(FORWARD, BACKWARD)
        assert lexicon.knows("fell") and not lexicon.knows("zeppelin")

    def test_coverage_of_a_source_word(self):
        lexicon = Lexicon.from_tables(FORWARD, BACKWARD)
        assert lexicon.covers("ارتفع", {"rose", "prices"}) == 0.8
        assert lexicon.covers("ارتفع", {"fell"}) == 0.0

    def test_noise_is_pruned_and_json_round_trips(self):
        lexicon = Lexicon.from_tables(FORWARD, BACKWARD)
        assert "noise" not in lexicon.forward["رئيس"]
        again = Lexicon.from_json(lexicon.as_json())
        assert again.forward == lexicon.forward and again.backward == lexicon.backward

    def test_ties_go_to_the_same_source_word_whatever_the_set_order(self):
        """A set's order follows the process's hash seed; the counterpart of a tie must not."""
        tied = {f"كلمة{index}": {"word": 0.5} for index in range(30)}
        lexicon = Lexicon.from_tables(tied, {})
        assert lexicon.support("word", set(tied)) == (0.5, min(tied))
