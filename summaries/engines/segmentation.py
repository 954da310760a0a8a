"""Pure text functions: sentence splitting and fitting text into a model's token budget.

Kept free of models and Django so they are cheap to test and to reuse in benchmarks.
"""

import re
from collections.abc import Callable, Sequence

# Sentence ends: Latin and Arabic full stop, question and exclamation marks, the Arabic semicolon and
# ellipsis, optionally followed by one closing quote or bracket, then whitespace. Requiring whitespace
# after the mark keeps decimals (3.5, ٣٫٥) and dotted abbreviations (U.S.) intact.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?؟؛…])|(?<=[.!?؟؛…][\"'»”’)\]]))\s+")
_CLAUSE_END = re.compile(r"(?<=[،,;:؛])\s+")
# Words that end in a full stop without ending the sentence (compared without the stop, lower-cased).
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "jr",
    "sr",
    "gen",
    "gov",
    "sen",
    "rep",
    "col",
    "lt",
    "sgt",
    "capt",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "u.s",
    "u.k",
    "u.n",
    "inc",
    "ltd",
    "co",
    "corp",
    "no",
    "fig",
    "approx",
    "dept",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "a.m",
    "p.m",
    "ق.م",
    "ص.ب",
}
_LAST_WORD = re.compile(r"(\S+)[.]\S*$")

TokenCounter = Callable[[Sequence[str]], list[int]]


def split_paragraphs(text: str) -> list[str]:
    """Lines with text in them; a newsroom paste puts one paragraph per line."""
    return [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]


def split_sentences(text: str) -> list[str]:
    """Split text into sentences in reading order; paragraph breaks are always sentence breaks.

    Works for Arabic and English alike: a full stop after an abbreviation (Dr., U.S., د.) or a single
    initial (J. K. Rowling, أ. محمد) does not end a sentence, nor does one followed by a lower-case word.
    """
    sentences: list[str] = []
    for paragraph in split_paragraphs(text):
        sentences.extend(_split_paragraph(paragraph))
    return sentences


# A sentence that ends like one: its stop, then any closing quotes or brackets.
_ENDS_A_SENTENCE = re.compile(r"[.!?…؟。][\"'”’»)\]]*$")


def join_sentences(sentences: Sequence[str]) -> str:
    """Sentences picked from an article, as one text: a space after a sentence, a paragraph break after a
    line that ends without a stop (a headline or a subheading), so it is not read as the next sentence's
    beginning ("Partnership renewed The presidents signed...")."""
    parts: list[str] = []
    for sentence in (sentence.strip() for sentence in sentences):
        if not sentence:
            continue
        if parts:
            parts.append(" " if _ENDS_A_SENTENCE.search(parts[-1]) else "\n\n")
        parts.append(sentence)
    return "".join(parts)


def _split_paragraph(paragraph: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for boundary in _SENTENCE_END.finditer(paragraph):
        candidate = paragraph[start : boundary.start()]
        if _is_abbreviation(candidate) or paragraph[boundary.end() : boundary.end() + 1].islower():
            continue
        sentences.append(candidate.strip())
        start = boundary.end()
    sentences.append(paragraph[start:].strip())
    return [sentence for sentence in sentences if sentence]


def _is_abbreviation(candidate: str) -> bool:
    """Whether the text before a full stop ends in an abbreviation or a one-letter initial."""
    if not candidate.endswith("."):
        return False
    match = _LAST_WORD.search(candidate)
    if not match:
        return False
    word = match.group(1).lstrip("(\"'«“")
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_to_budget(text: str, count_tokens: TokenCounter, budget: int) -> list[str]:
    """Cut one sentence into pieces that each fit `budget` tokens, losing no text.

    Clause punctuation is preferred as a cut point, then word boundaries, then characters
    (a single "word" longer than the budget, such as a URL).
    """
    if count_tokens([text])[0] <= budget:
        return [text]
    pieces: list[str] = []
    for clause in _pack(_CLAUSE_END.split(text), count_tokens, budget):
        if count_tokens([clause])[0] <= budget:
            pieces.append(clause)
            continue
        for chunk in _pack(clause.split(), count_tokens, budget):
            pieces.extend(_split_by_characters(chunk, count_tokens, budget))
    return pieces


def pack_to_budget(texts: Sequence[str], count_tokens: TokenCounter, budget: int) -> list[list[str]]:
    """Group consecutive texts so that each group, joined by spaces, stays within `budget` tokens.

    Special tokens (BOS/EOS) are counted once per group, not once per text. A text that alone exceeds
    the budget gets a group of its own; callers split it further.
    """
    overhead = count_tokens([""])[0]
    groups: list[list[str]] = []
    current: list[str] = []
    used = overhead
    for text, counted in zip(texts, count_tokens(list(texts)), strict=True):
        tokens = counted - overhead
        if current and used + tokens > budget:
            groups.append(current)
            current, used = [], overhead
        current.append(text)
        used += tokens
    if current:
        groups.append(current)
    return groups


def _pack(parts: Sequence[str], count_tokens: TokenCounter, budget: int) -> list[str]:
    """Join neighbouring parts greedily while the joined text fits the budget."""
    return [" ".join(group) for group in pack_to_budget([p for p in parts if p], count_tokens, budget)]


def _split_by_characters(text: str, count_tokens: TokenCounter, budget: int) -> list[str]:
    """Last resort: halve the text until every piece fits."""
    if count_tokens([text])[0] <= budget or len(text) <= 1:
        return [text]
    middle = len(text) // 2
    return _split_by_characters(text[:middle], count_tokens, budget) + _split_by_characters(
        text[middle:], count_tokens, budget
    )
