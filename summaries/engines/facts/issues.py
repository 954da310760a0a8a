"""What a fact check finds: the kinds of mismatch and one mismatch as data (the pages word it)."""

from dataclasses import dataclass

# The kinds of mismatch, in the order they are reported.
NUMBER_MISSING = "number_missing"  # a number of the source is not in the text
NUMBER_ADDED = "number_added"  # a number of the text is not in the source
NAME_ADDED = "name_added"  # a name in the text does not appear in the source
NEGATION_DROPPED = "negation_dropped"  # the source is negative, the text is not
NEGATION_ADDED = "negation_added"  # the text is negative, the source is not
GLOSSARY_MISSING = "glossary_missing"  # a glossary term of the source lacks its preferred English rendering
KINDS = (NUMBER_MISSING, NUMBER_ADDED, NAME_ADDED, NEGATION_DROPPED, NEGATION_ADDED, GLOSSARY_MISSING)


@dataclass(frozen=True)
class FactIssue:
    """One mismatch: its kind and the number or name concerned (empty for negation); for a glossary term, the
    Arabic term too (`value` is then the English rendering expected)."""

    kind: str
    value: str = ""
    term: str = ""


@dataclass(frozen=True)
class FactCheck:
    """What did not match; empty when everything agrees."""

    issues: list[FactIssue]


def show(value: float) -> str:
    """A number as an issue names it: 3 million as "3000000", a decimal as written."""
    return str(int(value)) if value == int(value) else str(value)
