"""Word-level differences between two texts, as plain segments a template renders (and escapes)."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Segment:
    """A run of text that is the same in both (`equal`), only in the old (`delete`) or only in the new (`insert`)."""

    kind: str
    text: str


def word_diff(old: str, new: str) -> list[Segment]:
    """Old → new by words, so a one-word edit in a long summary shows as one word, not a whole line.

    Spaces between two changes join them into one deletion and one insertion, so a rewritten phrase
    reads as a phrase rather than alternating single words.
    """
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    opcodes = SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    segments: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for position, (tag, a1, a2, b1, b2) in enumerate(opcodes):
        if tag != "equal":
            deleted.extend(before[a1:a2])
            inserted.extend(after[b1:b2])
            continue
        text = "".join(before[a1:a2])
        if text.isspace() and (deleted or inserted) and position < len(opcodes) - 1:
            deleted.append(text)
            inserted.append(text)
            continue
        _flush(segments, deleted, inserted)
        segments.append(Segment("equal", text))
    _flush(segments, deleted, inserted)
    return segments


def _flush(segments: list[Segment], deleted: list[str], inserted: list[str]) -> None:
    if deleted:
        segments.append(Segment("delete", "".join(deleted)))
    if inserted:
        segments.append(Segment("insert", "".join(inserted)))
    deleted.clear()
    inserted.clear()
