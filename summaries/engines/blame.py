"""The words an issue names are the words to blame: a name or a number that the source lacks, a "not" it
does not have. The learned checker blames words by its own signals, and the fact checks without it blame
none, so an issue such as `name_added "Putin"` could be stored beside no marked word at all; this adds a
span for every such word of the text that no span covers yet, whichever engine found the issue.
"""

import re

from summaries.engines.checker.flags import NAME, NEGATION, NUMBER, WordFlag
from summaries.engines.facts import NAME_ADDED, NEGATION_ADDED, NUMBER_ADDED, FactIssue, negation_spans, number_spans


def with_issue_words(text: str, issues: list[FactIssue], words: list[WordFlag]) -> list[WordFlag]:
    """`words` with a span for each word of `text` that an issue names, in order of position."""
    added = list(words)
    for issue in issues:
        for start, end in _spans(text, issue):
            if not any(flag.start < end and start < flag.end for flag in added):
                added.append(WordFlag(start, end, _REASONS[issue.kind]))
    return sorted(added, key=lambda flag: (flag.start, flag.end))


_REASONS = {NAME_ADDED: NAME, NUMBER_ADDED: NUMBER, NEGATION_ADDED: NEGATION}


def _spans(text: str, issue: FactIssue) -> list[tuple[int, int]]:
    if issue.kind == NAME_ADDED and issue.value:
        pattern = r"(?<![\w-])" + re.escape(issue.value) + r"(?![\w-])"
        return [(match.start(), match.end()) for match in re.finditer(pattern, text)]
    if issue.kind == NUMBER_ADDED and issue.value:
        return number_spans(text, {issue.value})
    if issue.kind == NEGATION_ADDED:
        return negation_spans(text)
    return []
