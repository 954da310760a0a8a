"""Text clean-up shared by every format: line endings, emptiness, and the key used to spot duplicates."""

import re
import unicodedata

_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalise(text: str) -> str:
    """Unify line endings, trim each line's ends and collapse runs of blank lines; the words stay as written."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip(" \t\f\v\u00a0") for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def visible_length(text: str) -> int:
    """Characters a reader can see: no whitespace, no invisible format marks (bidi controls, ZWJ, BOM)."""
    return sum(1 for char in text if not char.isspace() and unicodedata.category(char) != "Cf")


def without_format_characters(text: str) -> str:
    """The text without invisible format characters (Unicode category Cf: ZWJ, ZWNJ, ZWSP, bidi controls,
    BOM), for language detection and duplicate keys; stored text keeps them as submitted."""
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def duplicate_key(text: str) -> str:
    """The same article typed, pasted or decoded differently gives the same key.

    NFKC folds Arabic presentation forms (common in PDFs) and compatibility characters; format marks
    are dropped and whitespace collapsed.
    """
    visible = without_format_characters(unicodedata.normalize("NFKC", text))
    return _SPACES.sub(" ", re.sub(r"\s+", " ", visible)).strip()
