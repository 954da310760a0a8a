"""Template filters for the direction of user text (summaries/common/bidi.py)."""

from django import template

from summaries.common import bidi

register = template.Library()
register.filter("text_direction", bidi.text_direction)
register.filter("balanced_bidi", bidi.balanced_bidi)
register.filter("paragraphs", bidi.paragraphs_html)
