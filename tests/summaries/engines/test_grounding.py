"""Grounding: supporting source sentences and support scores, with the real multilingual embeddings."""

import pytest

from summaries.engines import readability
from summaries.engines.checker.model import get_checker
from summaries.engines.embeddings import get_embedder
from summaries.engines.grounding import ground_abstractive, ground_extractive, translation_scores
from summaries.engines.segmentation import split_sentences

# Human translations of the fixture's first and second sentences.
FIRST = (
    "The Russian and Egyptian presidents today signed an agreement renewing their comprehensive partnership and "
    "strategic cooperation, and witnessed the signing by the two foreign ministers of a memorandum of "
    "understanding on political and strategic consultations between the two foreign ministries."
)
SECOND = (
    "Russian President Vladimir Putin said at a press conference with his Egyptian counterpart Abdel Fattah "
    "al-Sisi that the main task in Syria now is forming the constitutional committee and reconstruction, and "
    "that Moscow and Cairo agreed to strengthen bilateral coordination on a political settlement in Syria."
)
OFF_TOPIC = "The football team won the cup final in Madrid after a dramatic penalty shoot-out."


@pytest.fixture
def sources(arabic_article):
    return split_sentences(arabic_article)


class TestTranslationScores:
    def test_a_true_translation_scores_higher_than_a_wrong_one(self, sources):
        translations = [FIRST, SECOND] + [""] * (len(sources) - 2)
        swapped = [SECOND, FIRST] + [""] * (len(sources) - 2)
        right = translation_scores(sources, translations, embedder=get_embedder(), threshold=0.8)
        wrong = translation_scores(sources, swapped, embedder=get_embedder(), threshold=0.8)
        assert right.method == "similarity"
        assert right.scores[0] > wrong.scores[0] and right.scores[1] > wrong.scores[1]
        assert right.scores[2:] == [None] * (len(sources) - 2)
        assert len(right.issues[0]) + len(right.issues[1]) < len(wrong.issues[0]) + len(wrong.issues[1])
        assert any(issue.value == "Putin" for issue in wrong.issues[0]), "Putin is not in the first source sentence"

    def test_the_checker_scores_flags_and_blames_words(self, sources):
        checker = get_checker()
        translations = [FIRST, SECOND] + [""] * (len(sources) - 2)
        swapped = [SECOND, FIRST] + [""] * (len(sources) - 2)
        right = translation_scores(sources, translations, embedder=None, checker=checker, threshold=0.8)
        wrong = translation_scores(sources, swapped, embedder=None, checker=checker, threshold=0.8)
        assert right.method == "checker" and right.threshold == checker.threshold
        assert right.scores[0] > 5 * wrong.scores[0] and right.scores[1] > 5 * wrong.scores[1]
        assert right.flags[:2] == [False, False]
        assert wrong.flags == [score is not None and score < checker.threshold for score in wrong.scores]
        blamed = {SECOND[flag.start : flag.end] for flag in wrong.words[0] if flag.reason == "name"}
        named = {issue.value for issue in wrong.issues[0] if issue.kind == "name_added"}
        assert named <= blamed, "every name a finding names is blamed (engines/blame.py)"
        assert blamed and blamed <= {"Vladimir", "Putin", "Abdel", "Fattah", "Sisi", "Syria", "Cairo"}, blamed
        assert right.scores[2:] == [None] * (len(sources) - 2) and right.words[2:] == [[]] * (len(sources) - 2)


class TestAbstractive:
    def test_summary_sentences_link_to_their_sources_and_off_topic_is_flagged(self, sources):
        grounding = ground_abstractive(
            [SECOND, OFF_TOPIC], sources, [""] * len(sources), embedder=get_embedder(), threshold=0.8
        )
        supported, invented = grounding.summary
        assert grounding.method == "embeddings"
        assert 1 in supported.sources and not supported.flagged
        assert invented.flagged and invented.support < supported.support

    def test_without_embeddings_tfidf_matches_the_english_translation(self, sources):
        translations = [FIRST, SECOND] + [""] * (len(sources) - 2)
        grounding = ground_abstractive(
            ["Putin said Moscow and Cairo agreed on Syria."], sources, translations, embedder=None, threshold=0.1
        )
        assert grounding.method == "tfidf"
        assert grounding.summary[0].sources[0] == 1 or 1 in grounding.summary[0].sources
        assert grounding.translation_scores == [None] * len(sources)


class TestExtractive:
    def test_links_are_exact(self, sources):
        translations = [""] * len(sources)
        translations[0], translations[1] = FIRST, SECOND
        grounding = ground_extractive([0, 1], sources, translations, embedder=get_embedder(), threshold=0.8)
        assert [sentence.sources for sentence in grounding.summary] == [[0], [1]]
        assert [sentence.text for sentence in grounding.summary] == [FIRST, SECOND]
        assert not any(sentence.flagged for sentence in grounding.summary)


class TestUnreadableIsNeverSupported:
    """Embeddings and the checker may still find an unreadable sentence close to its source; it scores 0."""

    def test_a_summary_sentence_with_undecodable_characters(self, sources):
        garbled = SECOND.replace("Syria", "\ufffd\ufffd\ufffd")
        grounding = ground_abstractive(
            [SECOND, garbled], sources, [""] * len(sources), embedder=get_embedder(), threshold=0.8
        )
        good, bad = grounding.summary
        assert not good.flagged and good.support > 0.8
        assert bad.flagged and bad.support == 0.0
        assert bad.issues[0].kind == readability.REPLACEMENT_CHARACTER and bad.issues[0].value == "6"
        assert 1 in bad.sources  # still linked to where it came from, for the editor

    def test_a_translation_with_control_characters_scored_by_the_checker(self, sources):
        translations = [FIRST.replace(" and ", " \x07and "), SECOND] + [""] * (len(sources) - 2)
        checked = translation_scores(sources, translations, embedder=None, checker=get_checker(), threshold=0.8)
        assert checked.scores[0] == 0.0 and checked.flags[0]
        assert checked.issues[0][0].kind == readability.CONTROL_CHARACTERS
        assert not checked.flags[1]

    def test_an_unreadable_translation_is_flagged_even_with_no_score_at_all(self, sources):
        """Without embeddings or the checker, translations get no score; a loop is flagged all the same."""
        translations = ["again " * 12, SECOND] + [""] * (len(sources) - 2)
        checked = translation_scores(sources, translations, embedder=None, threshold=0.8)
        assert checked.method == "facts"
        assert checked.flags[:2] == [True, False] and checked.scores[:2] == [0.0, None]
        assert checked.issues[0][0].kind == readability.REPETITION

    def test_an_extractive_summary_sentence_inherits_its_translations_finding(self, sources):
        translations = [""] * len(sources)
        translations[0], translations[1] = "وقع الرئيسان الروسي والمصري اليوم اتفاقية", SECOND
        grounding = ground_extractive([0, 1], sources, translations, embedder=get_embedder(), threshold=0.8)
        assert [sentence.flagged for sentence in grounding.summary] == [True, False]
        assert grounding.summary[0].support == 0.0
        assert grounding.summary[0].issues[0].kind == readability.OTHER_SCRIPT
