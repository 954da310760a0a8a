"""Direction of user text: every block gets its own `lang`/`dir`, independent of the UI language."""

from django import template
from django.utils.translation import get_language_info

register = template.Library()

_EMBEDDINGS = {"\u202a", "\u202b", "\u202d", "\u202e"}  # LRE RLE LRO RLO, closed by PDF U+202C
_ISOLATES = {"\u2066", "\u2067", "\u2068"}  # LRI RLI FSI, closed by PDI U+2069


@register.filter
def text_direction(language: str | None) -> str:
    """`rtl` or `ltr` for a known language code, `auto` (let the browser decide) otherwise."""
    if not language:
        return "auto"
    try:
        return "rtl" if get_language_info(language)["bidi"] else "ltr"
    except KeyError:
        return "auto"


@register.filter
def balanced_bidi(text: str) -> str:
    """Close every bidi embedding/override/isolate a line opens, so it cannot reorder the next line.

    The stored text keeps its control characters; only what is displayed gets the closing marks.
    Returns plain text: escaping is left to the filters after it (e.g. `linebreaks`).
    """
    return "\n".join(_close_controls(line) for line in str(text).split("\n"))


def _close_controls(line: str) -> str:
    embeddings = isolates = 0
    for char in line:
        if char in _EMBEDDINGS:
            embeddings += 1
        elif char == "\u202c" and embeddings:
            embeddings -= 1
        elif char in _ISOLATES:
            isolates += 1
        elif char == "\u2069" and isolates:
            isolates -= 1
    return line + "\u202c" * embeddings + "\u2069" * isolates
