"""Arabic spelling folded the same way on both sides of a search: the text indexed and the query.

Writers mix alef forms (أ إ آ ٱ), alef maqsura and yaa (ى ي), taa marbuta and haa (ة ه), and write
diacritics (harakat, shadda, sukun, tanween, superscript alef) and tatweel or leave them out; none of it
changes the word. The folding is one character to one or to none, so every character of the folded text
comes from one character of the original, and a match found in the folded text can be marked on the
original (`normalize_with_offsets`). Plain functions, no Django: the engines' backends and the snippets use
them alike.
"""

import re

# Folded to one letter: the hamza forms of alef and wasla, alef maqsura, taa marbuta.
_FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}
# Dropped: harakat, tanween, shadda, sukun and the other marks U+064B-U+065F, the superscript alef U+0670,
# the Quranic marks U+06D6-U+06ED, tatweel U+0640, and the two control characters the snippets mark with.
_DROPPED = frozenset(
    [chr(code) for code in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640", "\x02", "\x03"]
    + [chr(code) for code in range(0x06D6, 0x06EE)]
)
_TABLE = str.maketrans({**_FOLD, **dict.fromkeys(_DROPPED)})
_DROPPED_RUN = re.compile("[" + "".join(sorted(_DROPPED)) + "]+")


def normalize(text: str) -> str:
    """The text as the index and the query see it (Arabic folded; anything else unchanged)."""
    return text.translate(_TABLE)


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, where it came from in `text`; one more entry at
    the end holds len(text), so a span [start, end) of the folded text is [offsets[start], offsets[end]) of
    the original (an end falls after the marks that followed the last letter). Built from the runs of kept
    characters between the dropped ones (a page of snippets reads whole articles: no loop per character)."""
    offsets: list[int] = []
    kept_from = 0
    for dropped in _DROPPED_RUN.finditer(text):
        offsets.extend(range(kept_from, dropped.start()))
        kept_from = dropped.end()
    offsets.extend(range(kept_from, len(text)))
    offsets.append(len(text))
    return normalize(text), offsets
