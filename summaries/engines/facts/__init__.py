"""Fact checks between an Arabic source sentence and its English counterpart.

Embeddings barely notice a changed number, a swapped name or a dropped "not". These checks do:
numbers (Western and Arabic-Indic digits, common written-out numbers), names (English proper names
matched against the Arabic by a consonant skeleton, so transliterations like Putin/بوتين agree), and
negation. Each mismatch is a kind with the value concerned (data, not words: the page words it in the
reader's language, summaries/common/fact_messages.py) and lowers the support score by its kind's weight.
"""

from typing import TYPE_CHECKING

from summaries.engines.facts.issues import (
    GLOSSARY_MISSING,
    KINDS,
    NAME_ADDED,
    NEGATION_ADDED,
    NEGATION_DROPPED,
    NUMBER_ADDED,
    NUMBER_MISSING,
    FactCheck,
    FactIssue,
)
from summaries.engines.facts.names import english_names, latin_skeleton_length, locate_name, name_issues, name_match
from summaries.engines.facts.negation import negation_count, negation_issues, negation_spans
from summaries.engines.facts.numbers import number_issues, number_spans, number_values, numbers

if TYPE_CHECKING:
    from summaries.engines.glossary import Glossary

__all__ = [
    "GLOSSARY_MISSING",
    "KINDS",
    "NAME_ADDED",
    "NEGATION_ADDED",
    "NEGATION_DROPPED",
    "NUMBER_ADDED",
    "NUMBER_MISSING",
    "FactCheck",
    "FactIssue",
    "check_facts",
    "english_names",
    "latin_skeleton_length",
    "locate_name",
    "name_match",
    "negation_count",
    "negation_spans",
    "number_spans",
    "number_values",
    "numbers",
]


def check_facts(
    arabic: str, english: str, *, added_only: bool = False, glossary: "Glossary | None" = None
) -> FactCheck:
    """Compare numbers, names and negation between a source and its English counterpart.

    `added_only` is for summaries, which may leave facts out but must not bring in new ones. The editors'
    glossary is the name check's cross-script dictionary (a rendering it gives for a source term is no added
    name) and, for translations, names the terms whose preferred rendering is missing.
    """
    known = glossary.known_names(arabic) if glossary else set()
    issues = number_issues(arabic, english, added_only) + name_issues(arabic, english, known)
    if not added_only:
        issues += negation_issues(arabic, english)
        if glossary:
            issues += glossary.missing(arabic, english)
    return FactCheck(issues)
