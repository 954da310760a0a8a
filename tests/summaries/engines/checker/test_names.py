"""The name signals (engines/checker/names.py) through `analyze`: names graded, entities placed in the
source's order, and what is left unplaced because translation moves it freely."""

from summaries.engines.checker.features import analyze
from tests.summaries.engines.checker.test_features import SOURCE, flagged


class TestRoles:
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
