"""Text nobody can read is found, each kind with its own finding; real sentences, however plain, are not."""

import pytest

from summaries.engines import readability
from summaries.engines.readability import readability_issues, unreadable_as_a_whole


def kinds(text: str) -> list[tuple[str, str]]:
    return [(issue.kind, issue.value) for issue in readability_issues(text)]


@pytest.mark.parametrize(
    "text",
    [
        "The Russian and Egyptian presidents signed an agreement on comprehensive partnership today.",
        "Putin (بوتين) met Sisi in Sochi.",  # a name in its own script
        "GDP grew 3.5% in 2019, 2.1% in 2020 and 4% in 2021.",
        "12,500,000 (2019).",
        "No, no, no, no, he said.",  # speech, not a loop
        "It was a very, very, very, very long day for everyone involved in the talks.",
        "Ahmed Al-Sisi, Sisi, Sisi and Sisi",
        "Café owners in Zürich said the naïve plan would fail.",
        "",
    ],
)
def test_readable_text_has_no_finding(text):
    assert readability_issues(text) == []


class TestEachKind:
    def test_characters_that_could_not_be_decoded(self):
        assert kinds("The meeting \ufffd\ufffd was held") == [(readability.REPLACEMENT_CHARACTER, "2")]

    def test_control_characters(self):
        assert kinds("The meeting\x07 was\x1b held") == [(readability.CONTROL_CHARACTERS, "U+0007, U+001B")]

    def test_tabs_and_newlines_are_not_control_characters_here(self):
        assert readability_issues("The meeting\twas held.\nIt ended.") == []

    @pytest.mark.parametrize(
        ("text", "unit"),
        [
            ("Putin said the the the the the the the the the the the", "the"),
            ("didididididididididididididi", "di"),
            ("of the country of the country of the country of the country of the", "country of the"),
            (
                "Moscow and Cairo agreed to strengthen coordination, coordination, coordination, coordination",
                "coordination",
            ),
        ],
    )
    def test_a_loop_up_to_the_end(self, text, unit):
        assert kinds(text) == [(readability.REPETITION, unit)]

    def test_a_short_repetition_is_not_a_loop(self):
        assert readability_issues("dididididididi") == []

    def test_a_loop_in_the_middle_is_not_one_that_ran_to_the_limit(self):
        assert (
            readability_issues("the the the the the the the the the the, the minister said on Sunday in Cairo.") == []
        )

    @pytest.mark.parametrize(
        "text", ["وقع الرئيسان الروسي والمصري اليوم اتفاقية", "⁇ ⁇ ⁇ ⁇ ⁇ ⁇ ⁇ ⁇", "Путин и Сиси подписали"]
    )
    def test_too_little_english(self, text):
        assert kinds(text) == [(readability.OTHER_SCRIPT, "")]

    def test_every_finding_of_a_text(self):
        assert [kind for kind, _ in kinds("\ufffd" * 40)] == [
            readability.REPLACEMENT_CHARACTER,
            readability.REPETITION,
            readability.OTHER_SCRIPT,
        ]

    def test_a_long_text_is_checked_quickly_enough_to_run_on_every_sentence(self):
        """The loop check walks back from the end once per period: a 100,000-character text is no problem."""
        assert readability_issues("word " * 20_000 + "end.") == []


class TestWholeSummary:
    def test_one_bad_sentence_among_good_ones_is_not_the_whole(self):
        sentences = ["Putin met Sisi in Sochi.", "The talks \ufffd\ufffd ended."]
        assert not unreadable_as_a_whole(" ".join(sentences), sentences)

    def test_every_sentence_unreadable(self):
        sentences = ["\ufffd\ufffd\ufffd.", "Talks \x07 ended."]
        assert unreadable_as_a_whole(" ".join(sentences), sentences)

    def test_a_loop_over_whole_sentences(self):
        """A summary that says one sentence again and again is one loop, though each sentence is fine."""
        sentence = "The Russian and Egyptian presidents signed an agreement."
        assert unreadable_as_a_whole(" ".join([sentence] * 6), [sentence] * 6)
