"""Numbers, sizes, languages, lists and shortened text as people read them, in the active UI language.

Django's own helpers fall short here: `filesizeformat` writes "10.0 MB" (and "10,0 م.ب" in Arabic),
codes are not names, a ", " join is a Latin comma in Arabic, and `truncatechars` cuts words in half.
"""

from collections.abc import Iterable

from django.utils import formats
from django.utils.translation import get_language_info, ngettext, pgettext
from django.utils.translation import gettext as _

_UNITS = ((1024**3, "GB"), (1024**2, "MB"), (1024, "KB"))


def size_text(size: int) -> str:
    """ "10 MB", "1.5 MB", "900 bytes": whole where exact (or large), one decimal otherwise."""
    for factor, unit in _UNITS:
        if size >= factor:
            value = size / factor
            value = round(value, 0 if value >= 100 else 1)
            places = 0 if value.is_integer() else 1
            number = formats.number_format(value, decimal_pos=places)
            words = {"GB": _("%(number)s GB"), "MB": _("%(number)s MB"), "KB": _("%(number)s KB")}[unit]
            return words % {"number": number}
    return ngettext("%(count)d byte", "%(count)d bytes", size) % {"count": size}


def language_label(code: str) -> str:
    """The language's name in the UI language ("Arabic", "العربية"); the code itself if Django does not
    know it."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def list_text(items: Iterable[object]) -> str:
    """Items (numbers or text) joined with the UI language's comma (، in Arabic)."""
    return pgettext("list separator", ", ").join(str(item) for item in items)


def shorten(text: str, width: int) -> str:
    """At most `width` characters, cut at a word boundary, with an ellipsis when something was left out."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut[width // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:،؛-—") + "…"
