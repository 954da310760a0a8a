"""Direction of user text, as plain functions: every block of user text gets its own `lang`/`dir`, and a
line's bidi controls cannot leak into the next. Used by models (labels), the admin and the template filters."""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info

_EMBEDDINGS = {"\u202a", "\u202b", "\u202d", "\u202e"}  # LRE RLE LRO RLO, closed by PDF U+202C
_ISOLATES = {"\u2066", "\u2067", "\u2068"}  # LRI RLI FSI, closed by PDI U+2069


def text_direction(language: str | None) -> str:
    """`rtl` or `ltr` for a known language code, `auto` (let the browser decide) otherwise."""
    if not language:
        return "auto"
    try:
        return "rtl" if get_language_info(language)["bidi"] else "ltr"
    except KeyError:
        return "auto"


def balanced_bidi(text: str) -> str:
    """Close every bidi embedding/override/isolate a line opens, so it cannot reorder the next line.

    The stored text keeps its control characters; only what is displayed gets the closing marks.
    Returns plain text: escaping is left to the filters after it (e.g. `linebreaks`).
    """
    return "\n".join(_close_controls(line) for line in str(text).split("\n"))


def _close_controls(line: str) -> str:
    """Close what is still open, innermost first: a PDF inside an isolate cannot close an embedding opened
    before the isolate, and a PDI also closes every embedding opened inside its isolate (UAX #9, X6a-X7)."""
    closers: list[str] = []
    for char in line:
        if char in _EMBEDDINGS:
            closers.append("\u202c")
        elif char in _ISOLATES:
            closers.append("\u2069")
        elif char == "\u202c" and closers and closers[-1] == "\u202c":
            closers.pop()
        elif char == "\u2069" and "\u2069" in closers:
            while closers.pop() != "\u2069":
                pass
    return line + "".join(reversed(closers))


def paragraph_direction(text: str) -> str:
    """`rtl` or `ltr` by the letters a paragraph is mostly written in (a Latin-only line inside an Arabic
    article reads left to right, an Arabic paragraph that starts with "CNN" still right to left); `auto`
    when it has no letters."""
    rtl = ltr = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in {"R", "AL"}:
            rtl += 1
        elif kind == "L":
            ltr += 1
    if not rtl and not ltr:
        return "auto"
    return "rtl" if rtl >= ltr else "ltr"


def paragraphs_html(text: str) -> SafeString:
    """User text as escaped paragraphs (blank lines), lines kept (<br>), each paragraph with its own
    direction and its bidi controls closed."""
    blocks = [block for block in re.split(r"\n\s*\n", str(text).replace("\r\n", "\n").strip()) if block.strip()]
    rendered = []
    for block in blocks:
        direction = paragraph_direction(block)
        lines = "<br>".join(_line_html(line, direction) for line in block.split("\n"))
        rendered.append(f'<p dir="{direction}">{lines}</p>')
    return mark_safe("\n".join(rendered))  # every line was escaped above


def _line_html(line: str, paragraph: str) -> str:
    """One escaped line; a line written the other way than its paragraph (an English line among Arabic
    ones) is isolated with its own direction, so its punctuation stays where its writer put it."""
    html = escape(_close_controls(line))
    own = paragraph_direction(line)
    return html if own in {"auto", paragraph} else f'<bdi dir="{own}">{html}</bdi>'
