"""Template filters for sizes, language names, lists and shortened text (summaries/common/formatting.py)."""

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
