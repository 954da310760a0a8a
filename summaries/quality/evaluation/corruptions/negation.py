"""Corrupting negation: a "not" added or removed, the verb form kept grammatical."""

import random
import re

from summaries.quality.evaluation.corruptions.base import (
    Corruption,
    Pool,
    make_corruption,
    match_case,
)

_BE_AND_MODALS = frozenset(
    ["is", "are", "was", "were", "will", "would", "can", "could", "should", "shall", "may", "might", "must"]
)
_HAVE_AND_DO = frozenset(["has", "have", "had", "does", "do", "did"])
_AUXILIARIES = _BE_AND_MODALS | _HAVE_AND_DO
_AUXILIARY = re.compile(r"(?<![\w'’])(" + "|".join(sorted(_AUXILIARIES)) + r")\b")
_DETERMINERS = frozenset(["a", "an", "the", "this", "that", "his", "her", "their", "its", "our", "my", "your", "it"])
_NOT_AFTER_AUXILIARY = frozenset(["not", "never", "no", "i", "we", "you", "he", "she", "it", "they", "there"])
_CONTRACTED = {"wo": "will", "ca": "can", "sha": "shall", "ai": "is"}  # won't, can't, shan't, ain't
# The negations a sentence may carry; "not only", "not least", "or not" and the like do not negate it.
_NEGATION = re.compile(
    r"(?P<contracted>\b(?P<stem>\w+)n['’]t\b)"
    r"|(?P<cannot>\bcannot\b)"
    r"|(?<!\bor)(?P<not>\s+not\b)(?!\s+(?:only|just|least|yet|to\s+mention|necessarily)\b)"
    r"|(?P<never>\s+never\b)"
    r"|(?P<nolonger>\bno\s+longer\b)"
    r"|(?P<noone>\bno\s+one\b|\bnobody\b)"
    r"|(?P<nothing>\bnothing\b)"
    r"|(?P<no>\bno\s+)(?=[a-z])(?!matter\b|doubt\b|more\b|less\b)"
)
_PAST_TO_BASE = {
    "said": "say",
    "told": "tell",
    "went": "go",
    "came": "come",
    "took": "take",
    "gave": "give",
    "made": "make",
    "found": "find",
    "saw": "see",
    "knew": "know",
    "thought": "think",
    "became": "become",
    "began": "begin",
    "brought": "bring",
    "sent": "send",
    "met": "meet",
    "held": "hold",
    "kept": "keep",
    "paid": "pay",
    "spent": "spend",
    "built": "build",
    "wrote": "write",
    "spoke": "speak",
    "grew": "grow",
    "led": "lead",
    "felt": "feel",
    "got": "get",
    "won": "win",
    "rose": "rise",
    "fell": "fall",
}
_PRESENT_TO_BASE = {"says": "say", "tells": "tell", "goes": "go", "comes": "come", "wants": "want", "needs": "need"}
_BASE_TO_PAST = {base: past for past, base in _PAST_TO_BASE.items()}
_BASE_TO_PRESENT = {base: present for present, base in _PRESENT_TO_BASE.items()}


def corrupt_negation(english: str, pool: Pool, rng: random.Random) -> Corruption | None:
    """The first negation removed, or, when there is none, one added after the first auxiliary or to a verb."""
    match = _NEGATION.search(english)
    if match:
        return _remove_negation(english, match)
    return _add_negation(english)


def _remove_negation(english: str, match: re.Match[str]) -> Corruption:
    kind = match.lastgroup or ""
    start, end = match.span(kind)
    word = match.group(kind).strip()
    if kind == "contracted":
        stem = match.group("stem")
        verb = _affirmed_do(english, stem.lower(), start, end)
        aux = match_case(stem, _CONTRACTED.get(stem.lower(), stem.lower()))
        return verb or make_corruption("negation", english, [(start, end, aux)])
    replacement = {"cannot": "can", "nolonger": "still", "noone": "someone", "nothing": "something"}.get(kind)
    if replacement is not None:
        return make_corruption("negation", english, [(start, end, match_case(word, replacement))])
    if kind == "not":
        before = re.search(r"\b(\w+)$", english[:start])
        verb = _affirmed_do(english, before.group(1), before.start(), end) if before else None
        if verb is not None:
            return verb
    return _drop_word(english, start, end, point_before=kind != "no")


def _affirmed_do(english: str, aux: str, start: int, end: int) -> Corruption | None:
    """'did not say' becomes 'said' rather than the emphatic 'did say', where the verb's form is known."""
    table = {"did": _BASE_TO_PAST, "does": _BASE_TO_PRESENT}.get(aux, {})
    after = re.match(r"\s+([a-z]+)\b", english[end:])
    verb = table.get(after.group(1)) if after else None
    if after is None or verb is None:
        return None
    return make_corruption("negation", english, [(start, end + after.end(), verb)])


def _drop_word(english: str, start: int, end: int, *, point_before: bool) -> Corruption:
    """Drop a negation word. What now disagrees: the auxiliary before it ('is [not] happy') if asked and
    present, else the word after it ('[no] evidence', 'they [never] met')."""
    altered = english[:start] + english[end:]
    before = re.search(r"(\w+)\s*$", altered[:start])
    after = re.match(r"\s*(\w+)", altered[start:])
    if point_before and before and before.group(1).lower() in _AUXILIARIES:
        return Corruption("negation", altered, (before.span(1),))
    if after:
        return Corruption("negation", altered, ((start + after.start(1), start + after.end(1)),))
    return Corruption("negation", altered, ())


def _add_negation(english: str) -> Corruption | None:
    for match in _AUXILIARY.finditer(english):
        if _is_auxiliary(english, match):
            end = match.end()
            return Corruption("negation", english[:end] + " not" + english[end:], ((end + 1, end + 4),))
    for match in re.finditer(r"\b[a-z]+\b", english):
        past, present = _PAST_TO_BASE.get(match.group(0)), _PRESENT_TO_BASE.get(match.group(0))
        if past or present:
            phrase = f"did not {past}" if past else f"does not {present}"
            return make_corruption("negation", english, [(match.start(), match.end(), phrase)])
    return None


def _is_auxiliary(english: str, match: re.Match[str]) -> bool:
    """'has' in 'has a car', 'will' in 'the will' or in the question 'will we' cannot take a 'not' after it."""
    previous = re.search(r"(\w+)\s+$", english[: match.start()])
    following = re.match(r"\s+(\w+)", english[match.end() :])
    if following is None or following.group(1).lower() in _NOT_AFTER_AUXILIARY:
        return False
    if previous and previous.group(1).lower() in _DETERMINERS:
        return False
    return match.group(1) in _BE_AND_MODALS or following.group(1).lower() not in _DETERMINERS
