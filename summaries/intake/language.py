"""Script-based language detection: enough to route Arabic to translation and English straight to summary.

Counts letters by script; the intake issue replaces this with a statistical detector.
"""

import unicodedata
from dataclasses import dataclass

# A text is taken to be in a language when at least this share of its letters is in that script.
_MIN_SHARE = 0.6


@dataclass(frozen=True)
class Detection:
    """ISO 639-1 code (None when undecided) and the share of letters that supports it."""

    language: str | None
    confidence: float


def detect_language(text: str) -> Detection:
    """Arabic or English by the script of the letters; None when neither dominates or there are no letters."""
    arabic = latin = other = 0
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if name.startswith("ARABIC"):
            arabic += 1
        elif name.startswith("LATIN"):
            latin += 1
        else:
            other += 1
    letters = arabic + latin + other
    if not letters:
        return Detection(None, 0.0)
    for language, count in (("ar", arabic), ("en", latin)):
        if count / letters >= _MIN_SHARE:
            return Detection(language, round(count / letters, 3))
    return Detection(None, round(max(arabic, latin, other) / letters, 3))
