"""A word the fact checker blames: where it is in the English, why, and what the source has instead.

Its own module because the signal modules (features.py, names.py) both blame words, the grounding engine
stores them and the pages and API show them, and none of those should import the others for this.
"""

from dataclasses import dataclass

# Reasons a word is blamed (the page words them in the reader's language: summaries/common/fact_messages.py).
NUMBER, NAME, ANTONYM, UNSUPPORTED_WORDS, NEGATION, DATE, ORDER = (
    "number",
    "name",
    "antonym",
    "unsupported",
    "negation",
    "date",
    "order",
)


@dataclass(frozen=True)
class WordFlag:
    """Characters start..end of the English are blamed for `reason`; `value` is what the source has instead."""

    start: int
    end: int
    reason: str
    value: str = ""
