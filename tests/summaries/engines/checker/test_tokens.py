"""Light stems: inflected forms of one word meet, different words stay apart."""

from summaries.engines.checker.tokens import arabic_content, arabic_stem, english_content, english_stem


class TestArabicStem:
    def test_article_conjunction_and_preposition_are_stripped(self):
        assert arabic_stem("والحكومة") == arabic_stem("الحكومة") == arabic_stem("للحكومة") == arabic_stem("حكومة")

    def test_plural_and_feminine_suffixes_are_stripped(self):
        assert arabic_stem("المعلمون") == arabic_stem("معلمين") == arabic_stem("معلم")

    def test_spelling_variants_fold(self):
        assert arabic_stem("أحمد") == arabic_stem("احمد")

    def test_short_words_keep_their_letters(self):
        assert arabic_stem("وزن") == "وزن"


class TestEnglishStem:
    def test_inflections_meet(self):
        assert english_stem("rises") == english_stem("rise") == "rise"
        assert english_stem("protesters") == english_stem("protester")
        assert english_stem("countries") == english_stem("country")

    def test_case_and_possessive(self):
        assert english_stem("Egypt's") == "egypt"


class TestContent:
    def test_function_words_are_left_out_and_spans_point_at_the_word(self):
        text = "The minister said that prices rose in Cairo."
        words = english_content(text)
        assert [word.text for word in words] == ["minister", "prices", "rose", "Cairo"]
        assert all(text[word.start : word.end] == word.text for word in words)

    def test_arabic_function_words_are_left_out(self):
        assert [word.text for word in arabic_content("قال الوزير إن الأسعار ارتفعت في القاهرة")] == [
            "قال",
            "الوزير",
            "الأسعار",
            "ارتفعت",
            "القاهرة",
        ]
