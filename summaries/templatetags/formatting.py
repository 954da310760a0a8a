"""Template filters for sizes, numbers, language names, lists and shortened text
(summaries/common/formatting.py)."""

import json

from django import template

from summaries.common import formatting

register = template.Library()


@register.filter("size")
def size(value: int | None) -> str:
    """A size in words; nothing when it is not known (an original file's size may be missing)."""
    return "" if value is None else formatting.size_text(value)


register.filter("language", formatting.language_label)
register.filter("list_text", formatting.list_text)
register.filter("shorten", formatting.shorten)


@register.filter("number")
def number(value: int | float | None) -> str:
    """A number with the language's thousands separator; nothing when it is not known."""
    return "" if value is None else formatting.number_text(value)


@register.simple_tag
def size_words() -> str:
    """The size words of the active language as JSON, for a data attribute read by upload.js."""
    return json.dumps(formatting.size_words(), ensure_ascii=False)
