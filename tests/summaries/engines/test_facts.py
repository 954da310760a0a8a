"""Fact checks between an Arabic sentence and its English counterpart."""

import pytest

from summaries.engines.facts import FactIssue, check_facts, english_names, numbers

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


def test_english_names_skip_sentence_start_and_common_words():
    assert english_names("The President met Angela Merkel in Berlin on Monday.") == ["Angela", "Merkel", "Berlin"]
