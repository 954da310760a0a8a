"""Every flag says why, in the reader's language: a fact-check finding of each kind, a word the checker
blames for each reason, and a low score with nothing more specific behind it (checker, similarity, a
summary sentence's support, no source at all)."""

import re

import pytest
from django.utils.translation import override

from summaries.common.fact_messages import MESSAGES, WORD_REASONS
from summaries.common.flag_reasons import summary_reasons, translation_reasons
from summaries.engines import facts

TEXT = "Prices rose by 35 percent in Moscow on Friday, not in Cairo."
CHECKER = {"translation_method": "checker", "translation_threshold": 0.62, "threshold": 0.5}
SIMILARITY = {"translation_method": "similarity", "threshold": 0.5}
ARABIC = re.compile(r"[\u0621-\u064a]")


def row(**values):
    return {"translation": TEXT, "flagged": True, "score": 0.31, "issues": [], "words": [], **values}


def words(reason, value=""):
    return [{"start": 7, "end": 11, "reason": reason, "value": value}]


def everything():
    """One flagged row per kind of finding and per word reason, and the low scores with nothing else."""
    rows = [(row(issues=[{"kind": kind, "value": "35", "term": "السيسي"}]), CHECKER) for kind in MESSAGES]
    rows += [(row(words=words(reason, "fell")), CHECKER) for reason in WORD_REASONS]
    rows += [(row(), CHECKER), (row(), SIMILARITY), (row(score=None), SIMILARITY)]
    return rows


def test_every_flagged_translation_has_a_reason_in_english_and_in_arabic():
    for flagged, grounding in everything():
        reasons = translation_reasons(flagged, grounding)
        assert len(reasons) == 1 and all(reason.strip() for reason in reasons), (flagged, reasons)
        with override("ar"):
            arabic = translation_reasons(flagged, grounding)
        assert ARABIC.search(str(arabic[0])), (flagged, arabic)


def test_a_low_score_says_which_check_and_by_how_much():
    assert translation_reasons(row(), CHECKER) == [
        "The fact checker doubts that this sentence says what its source says (score 0.31, below 0.62)."
    ]
    assert translation_reasons(row(), SIMILARITY) == [
        "This sentence is not close enough in meaning to its source (score 0.31, below 0.50)."
    ]
    with override("ar"):
        assert "0٫31" in str(translation_reasons(row(), CHECKER)[0]) or "0.31" in str(
            translation_reasons(row(), CHECKER)[0]
        )


def test_a_blamed_word_is_quoted_with_its_reason_unless_a_finding_says_it_already():
    blamed = translation_reasons(row(words=words("unsupported")), CHECKER)
    assert blamed == ['<q lang="en" dir="ltr">rose</q> Nothing in the source says this.']
    number = [{"start": 15, "end": 17, "reason": "number", "value": ""}]
    issue = [{"kind": facts.NUMBER_ADDED, "value": "35", "term": ""}]
    said = translation_reasons(row(words=number, issues=issue), CHECKER)
    assert [str(reason) for reason in said] == [
        'The number <bdi lang="en" dir="ltr">35</bdi> is in this text but not in the source.'
    ]


def test_an_unknown_finding_still_says_something():
    reasons = translation_reasons(row(issues=[{"kind": "from_a_newer_engine", "value": "x"}]), CHECKER)
    assert reasons == ["The fact check found a mismatch here: compare it with the source."]


def test_unflagged_sentences_have_no_reasons():
    assert translation_reasons(row(flagged=False, issues=[{"kind": facts.NAME_ADDED, "value": "X"}]), CHECKER) == []
    assert summary_reasons({"text": TEXT, "flagged": False, "sources": [0]}, SIMILARITY) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            {"text": TEXT, "flagged": True, "sources": [0, 2], "support": 0.41},
            "The closest source sentences support this sentence only weakly (support 0.41, below 0.50).",
        ),
        (
            {"text": TEXT, "flagged": True, "sources": [], "support": 0.0},
            "No source sentence could be linked to this sentence.",
        ),
        (
            {"text": TEXT, "flagged": True, "sources": [0], "issues": [{"kind": facts.NAME_ADDED, "value": "Moscow"}]},
            'The name <bdi lang="en" dir="ltr">Moscow</bdi> does not appear in the source.',
        ),
    ],
)
def test_every_flagged_summary_sentence_has_a_reason(sentence, expected):
    assert [str(reason) for reason in summary_reasons(sentence, SIMILARITY)] == [expected]
    with override("ar"):
        assert ARABIC.search(str(summary_reasons(sentence, SIMILARITY)[0]))
