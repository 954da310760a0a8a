"""Negation in either language: "not" and its kin in English, لا/لم/لن/ليس and their kin in Arabic."""

import re

from summaries.engines.facts.issues import NEGATION_ADDED, NEGATION_DROPPED, FactIssue

_EN_NEGATIONS = {"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot"}
# Words that carry a negation the Arabic usually spells out (غير معروف = unknown, عدم = lack).
_EN_NEGATIVE_WORDS = {
    "unknown",
    "unable",
    "unclear",
    "lack",
    "lacks",
    "failed",
    "fails",
    "refused",
    "denied",
    "absence",
    "silent",
}
_AR_NEGATIONS = {"لا", "لم", "لن", "ليس", "ليست", "ليسوا", "غير", "عدم", "بدون", "دون", "لستُ", "لسنا"}


def negation_issues(arabic: str, english: str) -> list[FactIssue]:
    negations = _arabic_negations(arabic)
    source, target = bool(negations), negation_count(english, "en") > 0
    if source and not target and set(negations) <= _AR_NOMINAL_NEGATIONS and _negative_affixes(english):
        return []  # غير عادي is "unusual", بدون قوة "powerless": English writes the negation into the word
    if source == target:
        return []
    return [FactIssue(NEGATION_DROPPED if source else NEGATION_ADDED)]


_AR_NOMINAL_NEGATIONS = {"غير", "عدم", "بدون", "دون"}
_EN_NEGATIVE_AFFIX = re.compile(r"\b(?:un|non|dis)-?[a-z]{4,}|\b[a-z]{4,}less\b")
_EN_NOT_NEGATIVE = {
    *("under", "understand", "understood", "understanding", "undertake", "undertaken", "underway", "unions"),
    *("union", "united", "unity", "universe", "universal", "university", "universities", "unless", "until"),
    *("discuss", "discussed", "discussion", "discussions", "display", "displayed", "distance", "district"),
    *("distribute", "distributed", "distribution", "disease", "diseases", "dispute", "disputes", "disaster"),
    *("disasters", "dismissed", "discover", "discovered", "nevertheless", "regardless", "unique"),
}
# لا ... إلا, لم ... إلا: "only", "nothing but", not a negation.
_AR_EXCEPTIVE = "إلا"
_AR_EXCEPTIVE_REACH = 8


def _negative_affixes(english: str) -> list[str]:
    return [word for word in _EN_NEGATIVE_AFFIX.findall(english.lower()) if word not in _EN_NOT_NEGATIVE]


def _arabic_negations(text: str) -> list[str]:
    """The negation words of an Arabic text, without clitics ("لا يزال", still, and "لا ... إلا", only, are
    none)."""
    text = re.sub(r"\b[وف]?(?:لا|ما)\s+(?:يزال|تزال|زال|زالت|يزالون|تزالان)\b", " ", text)
    tokens = re.findall(r"\w+", text)
    found = []
    for index, token in enumerate(tokens):
        word = token if token in _AR_NEGATIONS else token[1:] if token[:1] in "وفبل" else ""
        if word not in _AR_NEGATIONS:
            continue
        if _AR_EXCEPTIVE in tokens[index + 1 : index + 1 + _AR_EXCEPTIVE_REACH]:
            continue
        found.append(word)
    return found


def negation_count(text: str, language: str) -> int:
    """How many negation words the text has ("لا يزال", still, is not one)."""
    if language == "ar":
        return len(_arabic_negations(text))
    tokens = re.findall(r"[a-z']+", text.lower())
    return sum(token in _EN_NEGATIONS or token.endswith("n't") or token in _EN_NEGATIVE_WORDS for token in tokens)


def negation_spans(english: str) -> list[tuple[int, int]]:
    """The negation words of the English."""
    return [
        (match.start(), match.end())
        for match in re.finditer(r"[A-Za-z]+(?:n't|'t)?", english)
        if match.group(0).lower() in _EN_NEGATIONS
        or match.group(0).lower().endswith("n't")
        or match.group(0).lower() in _EN_NEGATIVE_WORDS
    ]
