"""Numbers, sizes, languages, lists and shortened text as people read them, in the active UI language.

Django's own helpers fall short here: `filesizeformat` writes "10.0 MB" (and "10,0 م.ب" in Arabic),
codes are not names, a ", " join is a Latin comma in Arabic, and `truncatechars` cuts words in half.
"""

from collections.abc import Iterable

from django.utils import formats
from django.utils.translation import get_language_info, ngettext, pgettext
from django.utils.translation import gettext as _

# Sizes are counted in units of 1,024 (limits are set that way: 10 MiB is 10 * 1024 * 1024 bytes), so the
# units carry their binary names; "KB" or "kB" would promise units of 1,000.
_UNITS = ((1024**3, "GiB"), (1024**2, "MiB"), (1024, "KiB"))
# One number per plural category (CLDR's, as the browser's Intl.PluralRules names them): the byte count's
# words for each, so a script writes "1 byte", "815 bytes" and the six Arabic forms as the server does.
_PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100}


def _unit_words() -> dict[str, str]:
    return {"GiB": _("%(number)s GiB"), "MiB": _("%(number)s MiB"), "KiB": _("%(number)s KiB")}


def size_text(size: int) -> str:
    """ "10 MiB", "1.5 MiB", "900 bytes": whole where exact (or large), one decimal otherwise."""
    for factor, unit in _UNITS:
        if size >= factor:
            value = size / factor
            value = round(value, 0 if value >= 100 else 1)
            places = 0 if value.is_integer() else 1
            number = formats.number_format(value, decimal_pos=places)
            return _unit_words()[unit] % {"number": number}
    return ngettext("%(count)d byte", "%(count)d bytes", size) % {"count": size}


def size_words() -> dict[str, object]:
    """What a script needs to write sizes as `size_text` does, in the active language (upload.js)."""
    words = _unit_words()
    return {
        "decimal": formats.get_format("DECIMAL_SEPARATOR"),
        "units": [[factor, words[unit]] for factor, unit in _UNITS],
        "bytes": {
            category: ngettext("%(count)d byte", "%(count)d bytes", sample)
            for category, sample in _PLURAL_SAMPLES.items()
        },
    }


def number_text(value: int | float) -> str:
    """A number with the language's thousands and decimal signs ("100,000", "100٬000"), whatever the
    USE_THOUSAND_SEPARATOR setting (Django groups digits only when it is on)."""
    return formats.number_format(value, force_grouping=True)


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
