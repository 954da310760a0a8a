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
    def test_a_word_the_lexicon_never_learned_is_not_judged_against_its_opposite(self, lexicon):
        # "more" is a stop word, so the lexicon has no support for it to compare with "less"
        analysis = analyze("أكثر من عشرين مليون شخص", "More than 20 million people", lexicon=lexicon)
        assert analysis.values["antonyms"] == 0

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

    def test_an_added_clause_at_the_end_is_measured_as_a_tail(self, lexicon):
        english = "Oil prices rose in Cairo on Monday as the army attacked the city"
        values = analyze(SOURCE, english, lexicon=lexicon).values
        assert values["unsupported_tail"] == 3 and values["unsupported_last_third"] == 1
        assert values["unsupported_last_third_excess"] == 0.75  # "army" of the clause falls before the last third
        inside = analyze(SOURCE, "Oil prices the army attacked rose in Cairo on Monday", lexicon=lexicon).values
        assert inside["unsupported_tail"] == 0 and inside["unsupported_longest"] == 2

    def test_a_dropped_final_clause_leaves_the_source_tail_uncovered(self, lexicon):
        values = analyze(SOURCE + " وهاجم الجيش المدينة", "Oil prices rose in Cairo on Monday", lexicon=lexicon).values
        assert values["uncovered_tail"] == 3 and values["uncovered_last_third"] == 1

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


class TestEntities:
    def test_words_arabic_orders_differently_inside_one_name_are_no_swap(self, lexicon):
        source = "أجرى أبيركرومبي عملية في مركز فاندربيلت الطبي في ناشفيل"
        english = "Abercrombie had surgery at Vanderbilt Medical Center in Nashville"
        analysis = analyze(source, english, lexicon=lexicon)
        assert analysis.values["entity_inversions"] == 0 and analysis.values["entity_pairs"] >= 2
        assert flagged(english, analysis.words, "order") == []

    def test_two_entities_trading_places_are_blamed_whole(self, lexicon):
        source = "قال ديفيد كاميرون إن أنجيلا ميركل اتصلت به"
        english = "Angela Merkel said that David Cameron called him"
        analysis = analyze(source, english, lexicon=lexicon)
        assert analysis.values["entity_inversions"] == 1 and analysis.values["entity_inversion_share"] == 1
        assert flagged(english, analysis.words, "order") == ["Angela Merkel", "David Cameron"]


class TestWhatMovesFreely:
    def test_an_attribution_at_the_end_is_not_an_inversion(self, lexicon):
        source = "وقالت شركة نيلسن إن قناة سي إن إن سجلت 2.5 مليون مشاهد وتابعتها فوكس نيوز"
        english = "Fox News followed CNN with 2.5 million viewers, Nielsen said"
        assert analyze(source, english, lexicon=lexicon).values["entity_inversions"] == 0


class TestGradedNames:
    def test_the_first_word_is_graded_when_it_may_be_a_name(self, lexicon):
        source = "وجد أجويرو نفسه محاطا بأربعة لاعبين"
        assert analyze(source, "Aguero then found himself surrounded", lexicon=lexicon).values["names_graded_min"] > 0.8
        swapped = analyze(source, "Hughes then found himself surrounded", lexicon=lexicon)
        assert swapped.values["names_graded_unmatched"] == 1
        assert flagged("Hughes then found himself surrounded", swapped.words, "name") == ["Hughes"]

    def test_each_part_of_a_hyphenated_name_is_graded(self, lexicon):
        source = "قام تيم بيرنرز لي بإطلاق شركة"
        assert (
            analyze(source, "Tim Berners-Lee launched a company", lexicon=lexicon).values["names_graded_unmatched"] == 0
        )
        swapped = analyze(source, "Tim Hughes-Dickens launched a company", lexicon=lexicon).values
        assert swapped["names_graded_unmatched"] == 2

    def test_every_name_is_graded_by_its_best_match(self, lexicon):
        true = analyze(SOURCE, "Oil prices rose in Cairo on Monday", lexicon=lexicon).values
        swapped = analyze(SOURCE, "Oil prices rose in Bolivia on Monday", lexicon=lexicon).values
        assert true["names_graded_min"] == 1.0 and true["names_graded_unmatched"] == 0
        assert swapped["names_graded_min"] < 0.6 and swapped["names_graded_unmatched"] == 1


class TestSummaries:
    def test_added_only_does_not_count_what_a_summary_leaves_out(self, lexicon):
        analysis = analyze(SOURCE + " وهاجم الجيش المدينة", "Oil prices rose", lexicon=lexicon, added_only=True)
        assert analysis.values["uncovered_share"] == 0 and analysis.values["numbers_missing"] == 0
        assert analysis.words == []
