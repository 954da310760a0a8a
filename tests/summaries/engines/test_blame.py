"""Every word an issue names is a word to blame: through the grounding engine, with or without the learned
checker (the API's side: tests/summaries/api/test_word_flags.py), a name_added "Putin" comes with "Putin" marked."""

import pytest

from summaries.engines.blame import with_issue_words
from summaries.engines.checker.flags import NAME, NEGATION, NUMBER, UNSUPPORTED_WORDS, WordFlag
from summaries.engines.facts import GLOSSARY_MISSING, NAME_ADDED, NEGATION_ADDED, NUMBER_ADDED, FactIssue
from summaries.engines.grounding import ground_abstractive, ground_extractive

SOURCE = "قال الرئيس الروسي إن 35 شخصا قتلوا في الهجوم."
ALTERED = "The Russian president Putin said 53 people were killed in the attack."


class TestIssueWords:
    def test_each_kind_that_names_a_word_marks_it(self):
        text = "Putin did not say 53 people died; Al-Sisi did."
        issues = [FactIssue(NAME_ADDED, "Putin"), FactIssue(NUMBER_ADDED, "53"), FactIssue(NEGATION_ADDED)]
        issues.append(FactIssue(NAME_ADDED, "Al-Sisi"))
        words = with_issue_words(text, issues, [])
        assert [(text[word.start : word.end], word.reason) for word in words] == [
            ("Putin", NAME),
            ("not", NEGATION),
            ("53", NUMBER),
            ("Al-Sisi", NAME),
        ]

    def test_a_word_already_blamed_keeps_its_reason_and_others_are_left_alone(self):
        text = "Putin said so."
        blamed = [WordFlag(0, 5, UNSUPPORTED_WORDS)]
        issues = [FactIssue(NAME_ADDED, "Putin"), FactIssue(GLOSSARY_MISSING, "Sisi", "السيسي")]
        assert with_issue_words(text, issues, blamed) == blamed
        assert with_issue_words("Putinism grew.", [FactIssue(NAME_ADDED, "Putin")], []) == []  # whole words only


@pytest.mark.parametrize("checker", [None, "shipped"])
def test_the_grounding_marks_the_words_its_issues_name(checker):
    from summaries.engines.checker.model import get_checker

    loaded = get_checker() if checker else None
    grounding = ground_extractive([0], [SOURCE], [ALTERED], embedder=None, threshold=0.8, checker=loaded)
    named = {issue.value for issue in grounding.translation_issues[0] if issue.kind in {NAME_ADDED, NUMBER_ADDED}}
    marked = {ALTERED[word.start : word.end] for word in grounding.translation_words[0]}
    assert {"Putin", "53"} <= named and named <= marked
    summary = ground_abstractive([ALTERED], [SOURCE], [ALTERED], embedder=None, threshold=0.8, checker=loaded)
    sentence = summary.summary[0]
    assert "Putin" in {issue.value for issue in sentence.issues}
    assert "Putin" in {ALTERED[word.start : word.end] for word in sentence.words}
