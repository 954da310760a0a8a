"""What a corruption is, and the text edits every kind of corruption shares."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

KINDS = ("number", "negation", "name", "antonym", "roles", "clause_added", "clause_dropped", "date")


@dataclass(frozen=True)
class Corruption:
    kind: str
    english: str  # the altered sentence
    changed: tuple[tuple[int, int], ...]  # character spans in `english` of the words that now disagree with the
    # source (empty for a dropped clause, or a negation removed where nothing remains to point at)


@dataclass(frozen=True)
class Pool:
    """What substitutions may draw from: names and clauses seen elsewhere in the corpus."""

    names: tuple[str, ...]
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class Example:
    document: str
    arabic: str
    english: str
    kind: str  # "true" for the real pair, else one of KINDS
    changed: tuple[tuple[int, int], ...]


# --- shared helpers -----------------------------------------------------------------------------------

WORD = r"(?<![\w'’-]){}(?![\w'’-])"  # a whole word: not part of a contraction, possessive or hyphenated word
TERMINAL = re.compile(r"[.!?…:;]*[\"'”’)\]]*\s*$")
CLAUSE_BREAK = re.compile(r",?\s+(?:and|which|who|while|but)\s+|,\s+")
UNSPLITTABLE = re.compile(r"[\"“”()\[\]]")  # dropping or moving part of a quote or bracket unbalances it
CLAUSE_WORDS = (3, 12)
TRIES = 20  # random draws from the pool before giving up on a sentence


def substitute(text: str, edits: Sequence[tuple[int, int, str]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Apply non-overlapping (start, end, new) edits; also return where each non-empty new text now lies."""
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    cursor = shift = 0
    for start, end, new in sorted(edits):
        pieces += [text[cursor:start], new]
        if new:
            spans.append((start + shift, start + shift + len(new)))
        shift += len(new) - (end - start)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces), tuple(spans)


def match_case(template: str, word: str) -> str:
    """`word` written the way `template` is: UPPER, Capitalised or as given."""
    if len(template) > 1 and template.isupper():
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def body_end(english: str) -> int:
    """Where the final punctuation (and any closing quote) begins; insertions go before it."""
    match = TERMINAL.search(english)
    return match.start() if match else len(english)


def word_count(text: str) -> int:
    return len(text.split())


def make_corruption(kind: str, english: str, edits: Sequence[tuple[int, int, str]]) -> Corruption:
    altered, spans = substitute(english, edits)
    return Corruption(kind, altered, spans)
