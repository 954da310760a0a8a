"""`{{ issue|fact_issue }}`: a fact-check finding in the page's language (summaries/fact_messages.py)."""

from collections.abc import Mapping

from django import template
from django.utils.safestring import SafeString

from ..fact_messages import fact_issue_html

register = template.Library()


@register.filter
def fact_issue(issue: Mapping[str, str]) -> SafeString:
    return fact_issue_html(issue)
