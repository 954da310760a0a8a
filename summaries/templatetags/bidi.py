"""Direction of user text: every block gets its own `lang`/`dir`, independent of the UI language."""

from django import template
from django.utils.translation import get_language_info

register = template.Library()


@register.filter
def text_direction(language: str | None) -> str:
    """`rtl` or `ltr` for a known language code, `auto` (let the browser decide) otherwise."""
    if not language:
        return "auto"
    try:
        return "rtl" if get_language_info(language)["bidi"] else "ltr"
    except KeyError:
        return "auto"
