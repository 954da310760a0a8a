"""Fact checks between an Arabic sentence and its English counterpart."""

import pytest

from summaries.engines.facts import FactIssue, check_facts, english_names, number_values, numbers

ARABIC = "قال الرئيس بوتين في القاهرة إن التجارة بين البلدين نمت بنسبة 25 في المئة لتبلغ 300 ألف طن"
ENGLISH = "President Putin said in Cairo that trade between the two countries grew by 25 percent to 300,000 tonnes"


class TestCheckFacts:
    def test_a_faithful_translation_has_no_issues(self):
        assert check_facts(ARABIC, ENGLISH).issues == []

    def test_a_changed_number_is_named(self):
        assert check_facts(ARABIC, ENGLISH.replace("25", "35")).issues == [
            FactIssue("number_missing", "25"),
            FactIssue("number_added", "35"),
        ]

    def test_a_swapped_name_is_named(self):
        assert check_facts(ARABIC, ENGLISH.replace("Putin", "Merkel")).issues == [FactIssue("name_added", "Merkel")]

    def test_an_added_negation_is_named(self):
        assert check_facts(ARABIC, ENGLISH.replace("grew", "did not grow")).issues == [FactIssue("negation_added")]

    def test_summaries_may_leave_facts_out_but_not_add_them(self):
        assert check_facts(ARABIC, "Putin said trade grew.", added_only=True).issues == []
        assert check_facts(ARABIC, "Putin said trade grew 40 percent.", added_only=True).issues == [
            FactIssue("number_added", "40")
        ]

    def test_a_dropped_negation_is_named(self):
        assert check_facts("لم تنم التجارة", "Trade grew").issues == [FactIssue("negation_dropped")]

    def test_still_is_not_a_negation(self):
        assert (
            check_facts(
                "قال إن التحقيق لا يزال في مراحله الأولى", "He said the investigation is still at an early stage"
            ).issues
            == []
        )


class TestNumbers:
    @pytest.mark.parametrize(
        ("text", "words", "expected"),
        [
            ("بلغ العدد ٣٠٠ ألف", {}, {300000.0}),
            ("more than 300,000 people", {}, {300000.0}),
            ("Fifty-eight percent", {"fifty": 50, "eight": 8}, {58.0}),
        ],
    )
    def test_values(self, text, words, expected):
        assert numbers(text, words) == expected

    @pytest.mark.parametrize(
        ("english", "arabic"),
        [
            ("the UK's £2.8bn beauty market", "سوق بقيمة 2.8 مليار جنيه"),
            ("sold for £125m", "بيعت مقابل 125 مليون جنيه"),
            ("more than 30,000 North Koreans", "أكثر من 30،000 كوري شمالي"),
            ("a $40k grant", "منحة بقيمة 40 ألف دولار"),
        ],
    )
    def test_a_figure_agrees_however_each_side_writes_it(self, english, arabic):
        assert number_values(english, "en") == number_values(arabic, "ar")
        assert [issue for issue in check_facts(arabic, english).issues if issue.kind.startswith("number")] == []

    def test_m_and_k_without_a_currency_stay_units(self):
        assert number_values("He won the 100m sprint", "en") == {100.0}

    def test_an_arabic_list_comma_is_no_thousands_separator(self):
        assert number_values("الأعوام 3، 4 و12", "ar") == {3.0, 4.0, 12.0}

    def test_written_numbers_with_the_article_and_ordinals_are_read(self):
        assert number_values("أحد القادة التسعة في الجولة الثالثة", "ar") == {9.0, 3.0}
        assert number_values("one of nine leaders in the third round", "en") == {9.0, 3.0}

    def test_one_is_not_read_as_a_count_in_english(self):
        assert number_values('"I am here," one woman said.', "en") == set()


def test_english_names_skip_sentence_start_and_common_words():
    assert english_names("The President met Angela Merkel in Berlin on Monday.") == ["Angela", "Merkel", "Berlin"]


class TestNegationForms:
    def test_only_written_as_a_negation_and_an_exception_is_no_negation(self):
        # لا ... إلا: "can only start", no negation on either side
        arabic = "لا يمكن أن يبدأ التمويل من الخارج إلا بعد إعلان الكارثة"
        assert check_facts(arabic, "Funding from overseas can only start after a disaster is declared.").issues == []

    def test_a_nominal_negation_english_writes_into_the_word_is_kept(self):
        arabic = "ودافع عن أسلوبه غير المعتاد في الحديث"
        assert check_facts(arabic, "And he defended his unusual approach in talking.").issues == []
        assert check_facts(arabic, "And he defended his usual approach in talking.").issues == [
            FactIssue("negation_dropped")
        ]

    def test_a_verbal_negation_is_not_excused_by_an_affix(self):
        issues = check_facts("لم يكن القرار عادلا", "The decision was unusual.").issues
        assert issues == [FactIssue("negation_dropped")]


def test_english_names_can_keep_the_first_word():
    assert english_names("Hughes then found Aguero.") == ["Aguero"]
    assert english_names("Hughes then found Aguero.", first=True) == ["Hughes", "Aguero"]
