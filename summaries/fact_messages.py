"""Fact-check findings in words, in the reader's language.

The engines store each mismatch as data (`{"kind": "number_added", "value": "35"}`, engines/facts.py) so
that the Arabic interface can say it in Arabic, the API can give programs the kind, and the support score
can weigh it by kind; the words are chosen here, when a page or a response is made.
"""

from collections.abc import Mapping

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .engines import facts

MESSAGES = {
    facts.NUMBER_MISSING: _("The number %(value)s is in the source but not in this text."),
    facts.NUMBER_ADDED: _("The number %(value)s is in this text but not in the source."),
    facts.NAME_ADDED: _("The name %(value)s does not appear in the source."),
    facts.NEGATION_DROPPED: _("The source is negative but this text is not."),
    facts.NEGATION_ADDED: _("This text is negative but the source is not."),
    facts.GLOSSARY_MISSING: _("The glossary renders %(term)s as %(value)s, which is not in this text."),
}


def fact_issue_message(issue: Mapping[str, str]) -> str:
    """Plain text, for the API and exports."""
    return _message(issue, issue.get("value", ""), issue.get("term", ""))


def fact_issue_html(issue: Mapping[str, str]) -> SafeString:
    """For pages: the English name or number is isolated (<bdi>), so it reads right inside Arabic text."""
    value = format_html('<bdi lang="en" dir="ltr">{}</bdi>', issue.get("value", ""))
    term = format_html('<bdi lang="ar" dir="rtl">{}</bdi>', issue.get("term", ""))  # glossary terms are Arabic
    template = MESSAGES.get(issue.get("kind", ""))
    if template is None:
        return value
    return mark_safe(conditional_escape(str(template)) % {"value": value, "term": term})


def _message(issue: Mapping[str, str], value: str, term: str) -> str:
    template = MESSAGES.get(issue.get("kind", ""))
    return str(template) % {"value": value, "term": term} if template is not None else value
