"""Output nobody can read: decoding debris, control characters, a model stuck repeating, another script.

A model with broken weights, a tokenizer that does not match them, or a trained model that degenerates
writes text that still looks like a result: forty U+FFFD characters, a word repeated up to the length
limit, Arabic or symbols where English was asked for. Embedding similarity and the fact checker can score
such text well, so it is caught here, before any score: each kind is a finding of its own (data, like the
fact mismatches in facts.py, worded for the reader in fact_messages.py), and a sentence with one can never
count as supported.
"""

import re
import unicodedata

from summaries.engines.facts.issues import FactIssue

REPLACEMENT_CHARACTER = "unreadable_replacement"
CONTROL_CHARACTERS = "unreadable_control"
REPETITION = "unreadable_repetition"
OTHER_SCRIPT = "unreadable_script"
KINDS = (REPLACEMENT_CHARACTER, CONTROL_CHARACTERS, REPETITION, OTHER_SCRIPT)

# A unit (a letter or two, a word, a few words) said at least four times in a row up to the end of the
# text: generation that looped until the length limit cut it off, maybe mid-unit. Shorter runs ("no, no,
# no") are speech; a loop must also be long and take a good part of the text.
_LOOP_MAX_UNIT = 200
_LOOP_MIN_REPEATS = 4
_LOOP_MIN_CHARS = 24
_LOOP_MIN_SHARE = 0.4
# Too little of the text in the target language's letters (and digits): a name or a quoted word in another
# script is fine, a sentence mostly in one is not.
_MIN_TARGET_SHARE = 0.5
_MIN_CHECKED_CHARS = 8
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def readability_issues(text: str, *, language: str = "en") -> list[FactIssue]:
    """What makes `text` unreadable as `language` (English, the only target today), most telling first."""
    issues = []
    if "\ufffd" in text:
        issues.append(FactIssue(REPLACEMENT_CHARACTER, str(text.count("\ufffd"))))
    controls = sorted({f"U+{ord(char):04X}" for char in text if _is_control(char)})
    if controls:
        issues.append(FactIssue(CONTROL_CHARACTERS, ", ".join(controls[:5])))
    loop = _loop(text)
    if loop:
        issues.append(FactIssue(REPETITION, loop))
    if language == "en" and _mostly_other_script(text):
        issues.append(FactIssue(OTHER_SCRIPT))
    return issues


def unreadable_as_a_whole(text: str, sentences: list[str]) -> bool:
    """A summary nobody can use: every sentence has a finding here, or the whole text loops or is mostly in
    another script. One bad sentence among good ones is flagged, not the whole run failed."""
    whole = {issue.kind for issue in readability_issues(text)}
    if whole & {REPETITION, OTHER_SCRIPT}:
        return True
    return bool(sentences) and all(readability_issues(sentence) for sentence in sentences)


def is_unreadable(issues: list[FactIssue] | list[dict]) -> bool:
    """Whether any finding (a FactIssue, or one stored as a dict) is one of these kinds."""
    return any((issue.get("kind") if isinstance(issue, dict) else issue.kind) in KINDS for issue in issues)


def _is_control(char: str) -> bool:
    return char not in _ALLOWED_CONTROLS and unicodedata.category(char) in {"Cc", "Cs", "Co", "Cn"}


def _loop(text: str) -> str:
    """The repeated unit, when the text ends in a loop long enough to be one. Checked on the text with
    case, spacing and separators evened out, for each period from one character up: how far back from the
    end every character equals the one a period later."""
    flat = re.sub(r"[\s,;.]+", " ", text.lower()).strip(" !?:'\"-")
    for period in range(1, min(_LOOP_MAX_UNIT, len(flat) // _LOOP_MIN_REPEATS) + 1):
        start = len(flat) - period
        while start > 0 and flat[start - 1] == flat[start - 1 + period]:
            start -= 1
        run = len(flat) - start
        if run >= max(_LOOP_MIN_CHARS, _LOOP_MIN_REPEATS * period, _LOOP_MIN_SHARE * len(flat)):
            return flat[len(flat) - period :].strip() or flat[len(flat) - period :]
    return ""


_SENTENCE_PUNCTUATION = frozenset(".,;:!?'\"()[]-–—‘’“”%/&")


def _mostly_other_script(text: str) -> bool:
    """Fewer than half of the letters, digits and symbols are Latin letters or digits (sentence punctuation
    aside, so a text of symbols such as ⁇, which a tokenizer writes for pieces it cannot decode, counts)."""
    checked = [char for char in text if not char.isspace() and char not in _SENTENCE_PUNCTUATION]
    if len(checked) < _MIN_CHECKED_CHARS:
        return False
    target = sum(1 for char in checked if char.isdigit() or _is_latin_letter(char))
    return target < _MIN_TARGET_SHARE * len(checked)


def _is_latin_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L") and unicodedata.name(char, "").startswith("LATIN")
