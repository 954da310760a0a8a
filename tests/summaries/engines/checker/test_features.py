"""Each signal of the checker, and the words it blames, on hand-made pairs with a hand-made lexicon."""

from summaries.engines.checker.features import FEATURES, analyze

SOURCE = "ارتفعت أسعار النفط في القاهرة يوم الاثنين"


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


class TestSummaries:
    def test_added_only_does_not_count_what_a_summary_leaves_out(self, lexicon):
        analysis = analyze(SOURCE + " وهاجم الجيش المدينة", "Oil prices rose", lexicon=lexicon, added_only=True)
        assert analysis.values["uncovered_share"] == 0 and analysis.values["numbers_missing"] == 0
        assert analysis.words == []
