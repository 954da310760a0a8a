"""A field's best fragment, as the engine marked it on the folded text, shown on the text as written.

The engines match folded text (normalization.py) and mark their matches in it with \\x02 ... \\x03; the
fragment is found again in the folded field and every position is carried back to the original through the
folding's offsets, so the reader sees the writer's own spelling (diacritics, hamza, taa marbuta) with the
matched words marked. Plain functions: the selector calls them for a page of results.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from summaries.common.bidi import text_direction
from summaries.search.backends import MARK_END, MARK_START, MARKUP_BLANKS
from summaries.search.documents import FIELD_LABELS
from summaries.search.normalization import normalize_with_offsets

ELLIPSIS = "…"


@dataclass(frozen=True)
class Snippet:
    """Part of one field: `text` as written, `marks` the [start, end) spans that matched (offsets into
    `text`), and whether text was left out before and after."""

    field: str
    language: str
    text: str
    marks: tuple[tuple[int, int], ...]
    cut_before: bool = False
    cut_after: bool = False

    @property
    def label(self) -> str:
        """What the field is called, in the page's language."""
        return str(FIELD_LABELS[self.field])

    @property
    def direction(self) -> str:
        return text_direction(self.language)

    def html(self) -> SafeString:
        """The text escaped, each match in <mark>, an ellipsis where text was left out."""
        parts, position = [], 0
        for start, end in self.marks:
            parts += [escape(self.text[position:start]), "<mark>", escape(self.text[start:end]), "</mark>"]
            position = end
        parts.append(escape(self.text[position:]))
        body = " ".join("".join(parts).split())  # one line: a snippet shows where the words are, not the layout
        return mark_safe(f"{ELLIPSIS if self.cut_before else ''}{body}{ELLIPSIS if self.cut_after else ''}")


def snippet_from_fragment(*, field: str, original: str, language: str, fragment: str) -> Snippet:
    """The fragment's span of `original` with its marks; when the fragment cannot be found in the folded
    original (the engine changed a character), the fragment itself, folded, with its marks."""
    plain, fragment_marks = _unmarked(fragment)
    folded, offsets = normalize_with_offsets(original)
    begin = folded.translate(MARKUP_BLANKS).find(plain.translate(MARKUP_BLANKS)) if plain.strip() else -1
    if begin < 0:
        return Snippet(field, language, plain, tuple(fragment_marks))
    start, end = offsets[begin], offsets[begin + len(plain)]
    marks = tuple((offsets[begin + a] - start, offsets[begin + b] - start) for a, b in fragment_marks)
    text = original[start:end]
    # Whitespace at either end is no part of the snippet; marks never begin or end in it.
    stripped = len(text) - len(text.lstrip())
    text = text.strip()
    marks = tuple((max(a - stripped, 0), min(b - stripped, len(text))) for a, b in marks)
    cut_before, cut_after = bool(original[:start].strip()), bool(original[end:].strip())
    return Snippet(field, language, text, marks, cut_before, cut_after)


def _unmarked(fragment: str) -> tuple[str, list[tuple[int, int]]]:
    """The fragment without its marks, and the marked spans in it."""
    plain: list[str] = []
    marks: list[tuple[int, int]] = []
    length, opened = 0, None
    for char in fragment:
        if char == MARK_START:
            opened = length
        elif char == MARK_END:
            if opened is not None and length > opened:
                marks.append((opened, length))
            opened = None
        else:
            plain.append(char)
            length += 1
    return "".join(plain), marks
