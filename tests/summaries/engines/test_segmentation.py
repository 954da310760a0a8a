"""Sentence splitting and token budgets, on real sentences from the fixture article."""

import pytest

from summaries.engines.segmentation import pack_to_budget, split_paragraphs, split_sentences, split_to_budget


def count_words(texts):
    """A stand-in tokenizer: one token per word plus an end-of-sequence token."""
    return [len(text.split()) + 1 for text in texts]


class TestSplitSentences:
    def test_arabic_paragraphs_and_full_stops_are_boundaries(self, arabic_article):
        """Every paragraph yields at least one sentence and no sentence spans two paragraphs."""
        paragraphs = split_paragraphs(arabic_article)
        sentences = split_sentences(arabic_article)
        assert len(sentences) >= len(paragraphs)
        assert all("\n" not in sentence for sentence in sentences)
        assert sentences[0].startswith("وقّع الرئيسان الروسي والمصري")
        assert sentences[0].endswith("بين وزارتي الخارجية في البلدين.")

    def test_arabic_question_mark_and_decimals(self):
        """The Arabic question mark ends a sentence; a decimal point does not."""
        text = "هل تنمو التجارة؟ نمت التجارة بنسبة 3.5 في المئة. وقال الوزير إن النمو مستمر"
        assert split_sentences(text) == [
            "هل تنمو التجارة؟",
            "نمت التجارة بنسبة 3.5 في المئة.",
            "وقال الوزير إن النمو مستمر",
        ]

    def test_closing_quote_stays_with_its_sentence(self):
        """A quote that closes after the full stop belongs to the sentence it ends."""
        text = 'وقال: "اتفقنا على العمل المشترك." وأضاف أن الزيارة ناجحة.'
        assert split_sentences(text) == ['وقال: "اتفقنا على العمل المشترك."', "وأضاف أن الزيارة ناجحة."]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "التقى د. محمد بالرئيس. وقال أ. أحمد إن النمو بلغ ٣٫٥ في المئة.",
                ["التقى د. محمد بالرئيس.", "وقال أ. أحمد إن النمو بلغ ٣٫٥ في المئة."],
            ),
            ("«هل نجحت المحادثات؟» سأل الصحفي.", ["«هل نجحت المحادثات؟»", "سأل الصحفي."]),
            (
                "وقّع الطرفان الاتفاق؛ ثم غادر الوفد… وعاد في عام 2019. انتهى",
                ["وقّع الطرفان الاتفاق؛", "ثم غادر الوفد…", "وعاد في عام 2019.", "انتهى"],
            ),
            (
                "Dr. Smith met Mr. Jones in the U.S. capital on Monday. They talked for 3.5 hours, e.g. about trade. "
                "J. K. Rowling was not there!",
                [
                    "Dr. Smith met Mr. Jones in the U.S. capital on Monday.",
                    "They talked for 3.5 hours, e.g. about trade.",
                    "J. K. Rowling was not there!",
                ],
            ),
        ],
    )
    def test_abbreviations_initials_quotes_and_numbers(self, text, expected):
        assert split_sentences(text) == expected

    def test_real_fixture_sentences_with_quotes(self, arabic_article):
        """The quoted statement in the fixture's third paragraph stays one sentence with its quote marks."""
        third = split_sentences(split_paragraphs(arabic_article)[2])
        assert (
            third[0]
            == 'وأعلن بوتين أن بلاده أطلعت مصر على الخطوات المتخذة للتسوية في سوريا، ومضمون الاتفاق الروسي التركي حول سوريا، وقال: "أطلعنا زملائنا على الخطوات التي تتخذها روسيا لتسوية الأوضاع في سوريا، قارنا مواقفنا بشأن هذه القضية، وضبطنا الساعات حول هذه المسألة واتفقنا على العمل المشترك".'
        )
        assert len(third) == 1


class TestSplitToBudget:
    def test_short_text_is_untouched(self):
        assert split_to_budget("one two three", count_words, 10) == ["one two three"]

    def test_long_sentence_is_cut_at_clauses_then_words_without_losing_text(self, arabic_article):
        """Every piece fits the budget and the pieces put together are the original words, in order."""
        longest = max(split_sentences(arabic_article), key=len)
        pieces = split_to_budget(longest, count_words, 8)
        assert len(pieces) > 1
        assert all(count_words([piece])[0] <= 8 for piece in pieces)
        assert " ".join(pieces).split() == longest.split()

    def test_a_word_longer_than_the_budget_is_cut_by_characters(self):
        """Even an unbreakable token run (a URL) is split rather than truncated."""
        url = "https://example.com/" + "a" * 200

        def count_chars(texts):
            return [len(text) // 10 + 1 for text in texts]

        pieces = split_to_budget(url, count_chars, 5)
        assert "".join(pieces) == url
        assert all(count_chars([piece])[0] <= 5 for piece in pieces)


class TestPackToBudget:
    def test_groups_consecutive_texts_within_budget(self):
        groups = pack_to_budget(["a b", "c d", "e f g h i j"], count_words, 6)
        assert groups == [["a b", "c d"], ["e f g h i j"]]


def test_joined_sentences_keep_a_headline_on_its_own():
    from summaries.engines.segmentation import join_sentences

    assert join_sentences(["Partnership renewed", "The presidents signed.", "«Trade grew.»", " ", "Next"]) == (
        "Partnership renewed\n\nThe presidents signed. «Trade grew.» Next"
    )
    assert join_sentences(["اتفاقية جديدة", "وقع الرئيسان؟", "نعم."]) == "اتفاقية جديدة\n\nوقع الرئيسان؟ نعم."
