"""What a search box's text asks for, read the same way for both engines.

Words are ANDed; "a phrase in quotes" matches its words in that order, side by side; a word ending in `*`
matches every word starting with it (after stemming: "elect*" finds election and elected). Anything else
(punctuation, operators of one engine or another) only separates words, so no text typed here can reach an
engine as syntax: the backends quote every word themselves. Words are folded like the indexed text
(normalization.py) and lower-cased.
"""

import re
from dataclasses import dataclass

from summaries.common.exceptions import SearchError
from summaries.search.normalization import normalize

MAX_QUERY_CHARACTERS = 200
MAX_TERMS = 16

_WORD = re.compile(r"[^\W_]+")
_PART = re.compile(r'"([^"]*)"?|([^\s"]+)')


@dataclass(frozen=True)
class Term:
    """One search term: a single word (optionally a prefix), or a phrase of several words in order."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query: every term must match."""

    text: str
    terms: tuple[Term, ...]


def query_parse(text: str) -> SearchQuery:
    """The terms of a query; SearchError when it is too long or has no word to search for."""
    text = text.strip()
    if len(text) > MAX_QUERY_CHARACTERS:
        raise SearchError("query_too_long", limit=MAX_QUERY_CHARACTERS)
    terms: list[Term] = []
    for match in _PART.finditer(text):
        quoted, bare = match.group(1), match.group(2)
        words = tuple(word.lower() for word in _WORD.findall(normalize(quoted if quoted is not None else bare)))
        if not words:
            continue
        # A bare chunk of several words ("al-Sisi", "U.S.") is a phrase, as both engines index it.
        prefix = bare is not None and bare.endswith("*") and len(words) == 1
        terms.append(Term(words, prefix))
    if not terms:
        raise SearchError("empty_query")
    if len(terms) > MAX_TERMS:
        raise SearchError("too_many_terms", limit=MAX_TERMS)
    return SearchQuery(text, tuple(terms))
