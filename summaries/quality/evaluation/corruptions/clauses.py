"""Corrupting clauses: a clause of another sentence added, or one of this sentence dropped."""

import random
import re
from dataclasses import dataclass

from summaries.quality.evaluation.corruptions.base import (
    CLAUSE_BREAK,
    CLAUSE_WORDS,
    TRIES,
    UNSPLITTABLE,
    Corruption,
    Pool,
    body_end,
    word_count,
)

# A sentence opened by one of these has its main clause after the first comma, not before it.
_OPENERS = frozenset(
    [
        *("after", "although", "as", "at", "because", "before", "by", "despite", "during", "for", "from"),
        *("however", "if", "in", "instead", "meanwhile", "now", "on", "once", "since", "though", "to", "under"),
        *("unless", "until", "when", "whatever", "whether", "while", "with", "without", "yet"),
    ]
)
_QUOTES = re.compile(r"[\"“”]")


@dataclass(frozen=True)
class _Part:
    """A clause after the sentence's first one, with the break before it (', which', ' and ', ', ')."""

    start: int  # where the break begins
    clause_start: int
    end: int  # where the clause ends: the next break, or the final punctuation
    connective: str  # 'and', 'which', 'who', 'while', 'but', or '' after a bare comma
    comma: bool  # whether the break has a comma
    final: bool


def _parts(english: str) -> list[_Part]:
    stop = body_end(english)
    breaks = [match for match in CLAUSE_BREAK.finditer(english) if match.end() < stop]
    ends = [match.start() for match in breaks[1:]] + [stop]
    return [
        _Part(match.start(), match.end(), end, match.group(0).strip(" ,"), "," in match.group(0), end == stop)
        for match, end in zip(breaks, ends[: len(breaks)], strict=True)
    ]


def _stands_alone(english: str, parts: list[_Part], index: int) -> bool:
    """Whether a clause can come and go without breaking the sentence: a final clause after ', and', 'which',
    'who', 'while' or 'but', or after a bare comma when it is lowercase and is not the predicate of a sentence
    opened by a phrase ('In June, ...') and is the only clause before it (after an aside it may be the
    predicate); or a relative clause set off by commas (', which ...,'). Never part of a quote or bracket."""
    part = parts[index]
    before = english[: part.start]
    if UNSPLITTABLE.search(english[part.start : part.end]) or len(_QUOTES.findall(before)) % 2:
        return False
    if not before[-1:].isalnum():  # 'a pineapple - but ...' would leave the dash behind
        return False
    if part.final and part.connective:
        return part.connective != "and" or part.comma  # ' and ' more often joins two nouns than two clauses
    if part.final:
        opener = re.match(r"\W*(\w+)", english)
        after_aside = index > 0  # 'Jones, 52, joined', 'Palin, the son of X and Y, has been arrested'
        opened = bool(opener and opener.group(1).lower() in _OPENERS)
        return english[part.clause_start].islower() and not opened and not after_aside
    return part.comma and part.connective in ("which", "who") and english[part.end] == ","


def clauses_of(english: str) -> list[str]:
    """Clauses of 3..12 words that stand alone, with their connective ('which ...', 'and ...')."""
    clauses = []
    parts = _parts(english)
    for index, part in enumerate(parts):
        text = english[part.clause_start : part.end]
        if CLAUSE_WORDS[0] <= word_count(text) <= CLAUSE_WORDS[1] and _stands_alone(english, parts, index):
            clauses.append(f"{part.connective} {text}" if part.connective else text)
    return clauses


def add_clause(english: str, pool: Pool, rng: random.Random) -> Corruption | None:
    """A clause from another sentence appended before the final punctuation: a fact the source lacks.
    'and X' is added as ' and X', the rest after a comma; the span is the clause without the 'and'."""
    if not pool.clauses:
        return None
    for _ in range(TRIES):
        clause = rng.choice(pool.clauses)
        joint, text = (" and ", clause[4:]) if clause.startswith("and ") else (", ", clause)
        if text not in english:
            end = body_end(english)
            start = end + len(joint)
            return Corruption(
                "clause_added", english[:end] + joint + text + english[end:], ((start, start + len(text)),)
            )
    return None


def drop_clause(english: str, pool: Pool, rng: random.Random) -> Corruption | None:
    """One clause after the first dropped with its break (and the closing comma of ', which ...,'): a fact of
    the source left out. Only clauses of 3 words or more, and only where 5 words remain."""
    candidates = []
    parts = _parts(english)
    for index, part in enumerate(parts):
        end = part.end if part.final else part.end + 1
        long_enough = word_count(english[part.clause_start : part.end]) >= 3
        if (
            long_enough
            and word_count(english[: part.start] + english[end:]) >= 5
            and _stands_alone(english, parts, index)
        ):
            candidates.append((part.start, end))
    if not candidates:
        return None
    start, end = rng.choice(candidates)
    return Corruption("clause_dropped", english[:start] + english[end:], ())
