"""Each signal of the checker, and the words it blames, on hand-made pairs with a hand-made lexicon."""

import pytest

from summaries.engines.checker.features import FEATURES, analyze
from summaries.engines.checker.lexicon import Lexicon
from summaries.engines.checker.tokens import arabic_stem, english_stem

SOURCE = "ارتفعت أسعار النفط في القاهرة يوم الاثنين"
PAIRS = {  # Arabic word -> its English rendering
    "ارتفعت": "rose",
    "أسعار": "prices",
    "النفط": "oil",
    "القاهرة": "cairo",
    "انخفضت": "fell",
    "الجيش": "army",
    "هاجم": "attacked",
    "المدينة": "city",
}


@pytest.fixture
def lexicon():
    forward = {arabic_stem(ar): {english_stem(en): 0.9} for ar, en in PAIRS.items()}
    backward = {english_stem(en): {arabic_stem(ar): 0.9} for ar, en in PAIRS.items()}
    return Lexicon.from_tables(forward, backward)


def flagged(english, words, reason):
    return [english[flag.start : flag.end] for flag in words if flag.reason == reason]


class TestTrue:
    def test_a_faithful_sentence_blames_nothing(self, lexicon):
        english = "Oil prices rose in Cairo on Monday"
        analysis = analyze(SOURCE, english, lexicon=lexicon)
        assert analysis.words == []
        assert set(analysis.values) == set(FEATURES)
        assert analysis.values["antonyms"] == 0 and analysis.values["unsupported_share"] == 0


class TestAltered:
    def test_an_antonym_is_blamed_with_the_word_the_source_supports(self, lexicon):
        english = "Oil prices fell in Cairo on Monday"
        analysis = analyze(SOURCE, english, lexicon=lexicon)
        assert analysis.values["antonyms"] == 1
        assert [(english[f.start : f.end], f.value) for f in analysis.words if f.reason == "antonym"] == [
            ("fell", "rose")
        ]

    def test_a_changed_number_is_blamed(self, lexicon):
        english = "Oil prices rose 7 percent in Cairo"
        analysis = analyze("ارتفعت أسعار النفط 5 بالمئة في القاهرة", english, lexicon=lexicon)
        assert analysis.values["numbers_added"] == 1 and analysis.values["numbers_missing"] == 1
        assert flagged(english, analysis.words, "number") == ["7"]

    def test_a_changed_day_is_blamed(self, lexicon):
        english = "Oil prices rose in Cairo on Friday"
        analysis = analyze(SOURCE, english, lexicon=lexicon)
        assert analysis.values["dates"] == 1 and flagged(english, analysis.words, "date") == ["Friday"]

    def test_a_name_the_source_lacks_is_blamed(self, lexicon):
        english = "Oil prices rose in Baghdad on Monday"
        analysis = analyze(SOURCE, english, lexicon=lexicon)
        assert analysis.values["names_unsupported"] == 1 and flagged(english, analysis.words, "name") == ["Baghdad"]

    def test_an_added_clause_is_blamed_as_one_run(self, lexicon):
        english = "Oil prices rose in Cairo on Monday as the army attacked the city"
        analysis = analyze(SOURCE, english, lexicon=lexicon)
        assert flagged(english, analysis.words, "unsupported") == ["army attacked the city"]
        assert analysis.values["unsupported_longest"] == 3

    def test_a_dropped_clause_leaves_source_words_uncovered(self, lexicon):
        analysis = analyze(SOURCE + " وهاجم الجيش المدينة", "Oil prices rose in Cairo on Monday", lexicon=lexicon)
        assert analysis.values["uncovered_longest"] == 3 and analysis.values["uncovered_share"] > 0.3

    def test_an_added_negation_is_blamed(self, lexicon):
        english = "Oil prices did not rise in Cairo on Monday"
        analysis = analyze(SOURCE, english, lexicon=lexicon)
        assert analysis.values["negation_added"] == 1 and flagged(english, analysis.words, "negation") == ["not"]

    def test_swapped_roles_are_blamed_on_both_names(self, lexicon):
        source = "قال بوتين إن ماكرون اتصل به"
        english = "Macron said that Putin called him"
        analysis = analyze(source, english, lexicon=lexicon)
        assert analysis.values["order_inversions"] == 1
        assert flagged(english, analysis.words, "order") == ["Macron", "Putin"]
        assert analyze(source, "Putin said that Macron called him", lexicon=lexicon).values["order_inversions"] == 0


class TestSummaries:
    def test_added_only_does_not_count_what_a_summary_leaves_out(self, lexicon):
        analysis = analyze(SOURCE + " وهاجم الجيش المدينة", "Oil prices rose", lexicon=lexicon, added_only=True)
        assert analysis.values["uncovered_share"] == 0 and analysis.values["numbers_missing"] == 0
        assert analysis.words == []
