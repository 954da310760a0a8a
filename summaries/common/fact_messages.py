"""Fact-check findings in words, in the reader's language.

The engines store each mismatch as data (`{"kind": "number_added", "value": "35"}`, engines/facts/) so
that the Arabic interface can say it in Arabic, the API can give programs the kind, and the support score
can weigh it by kind; the words are chosen here, when a page or a response is made.
"""

from collections.abc import Mapping
from typing import TypedDict

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from summaries.common.bidi import balanced_bidi
from summaries.engines import facts, readability

MESSAGES = {
    facts.NUMBER_MISSING: _("The number %(value)s is in the source but not in this text."),
    facts.NUMBER_ADDED: _("The number %(value)s is in this text but not in the source."),
    facts.NAME_ADDED: _("The name %(value)s does not appear in the source."),
    facts.NEGATION_DROPPED: _("The source is negative but this text is not."),
    facts.NEGATION_ADDED: _("This text is negative but the source is not."),
    facts.GLOSSARY_MISSING: _("The glossary renders %(term)s as %(value)s, which is not in this text."),
    readability.REPLACEMENT_CHARACTER: _(
        "Characters of this text could not be decoded (shown as �, %(value)s in all): the model wrote "
        "something unreadable."
    ),
    readability.CONTROL_CHARACTERS: _(
        "This text contains control characters (%(value)s) that no reader can see: the model wrote something "
        "unreadable."
    ),
    readability.REPETITION: _("This text repeats “%(value)s” until it breaks off: the model went into a loop."),
    readability.OTHER_SCRIPT: _(
        "Too little of this text is in English letters: the model wrote another script or symbols."
    ),
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


# Words a fact check holds responsible for a flagged sentence (the engine's `translation_words` and a summary
# sentence's `words`): a reason code per span of the English text, `value` the source's word for an antonym.
# A separate table from MESSAGES: these codes name a word's fault, not a finding about the whole sentence.
WORD_NUMBER = "number"
WORD_NAME = "name"
WORD_ANTONYM = "antonym"
WORD_UNSUPPORTED = "unsupported"
WORD_NEGATION = "negation"
WORD_DATE = "date"
WORD_ORDER = "order"

WORD_REASONS = {
    WORD_NUMBER: _("This number is not in the source."),
    WORD_NAME: _("This name has no counterpart in the source."),
    WORD_ANTONYM: _("The source says %(value)s here."),
    WORD_UNSUPPORTED: _("Nothing in the source says this."),
    WORD_NEGATION: _("The source is not negative here."),
    WORD_DATE: _("This date is not in the source."),
    WORD_ORDER: _("The source has these the other way round."),
}
# An antonym stored without the source's word, and a reason this version does not know (a newer engine's).
WORD_ANTONYM_WITHOUT_VALUE = _("The source says the opposite here.")
WORD_UNKNOWN = _("The fact check flagged these words.")


class WordFlag(TypedDict):
    start: int
    end: int
    reason: str
    value: str
    text: str


def word_flags(text: str, words: object) -> list[WordFlag]:
    """The flagged spans of `text` that are usable, clipped to it and in order, each with its words (`text`).

    The spans come from stored JSON, so anything can be there: entries that are not a mapping with integer
    `start`/`end`, or that fall outside the text, are left out; overlapping spans are kept as they are.
    """
    text = str(text)
    if not isinstance(words, list | tuple):
        return []
    flags = []
    for flag in words:
        if not isinstance(flag, Mapping):
            continue
        start, end = flag.get("start"), flag.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
            continue
        start, end = max(0, start), min(len(text), end)
        if start >= end:
            continue
        reason, value = flag.get("reason"), flag.get("value")
        flags.append(
            WordFlag(
                start=start,
                end=end,
                reason=reason if isinstance(reason, str) else "",
                value=value if isinstance(value, str) else "",
                text=text[start:end],
            )
        )
    return sorted(flags, key=lambda flag: (flag["start"], flag["end"]))


def word_flag_message(flag: Mapping[str, object]) -> str:
    """Why these words are flagged, as plain text (the API's `message`)."""
    return _word_template(flag) % {"value": _value(flag)}


def word_flag_html(flag: Mapping[str, object]) -> SafeString:
    """For pages: the source's word (English) is isolated (<bdi>, its own bidi controls closed), as in
    fact_issue_html."""
    value = format_html('<bdi lang="en" dir="ltr">{}</bdi>', balanced_bidi(_value(flag)))
    return mark_safe(conditional_escape(_word_template(flag)) % {"value": value})


def word_flag_tooltip(flag: Mapping[str, object]) -> str:
    """For a tooltip (title), which is plain text: the English word is isolated by control characters instead
    of <bdi> (its own controls closed first), so it reads right inside an Arabic message."""
    return _word_template(flag) % {"value": "\u2066" + balanced_bidi(_value(flag)) + "\u2069"}


def _word_template(flag: Mapping[str, object]) -> str:
    """The message with its %(value)s still to fill (every template takes a dict, with or without it)."""
    reason = flag.get("reason")
    template = WORD_REASONS.get(reason) if isinstance(reason, str) else None
    if template is None:
        return str(WORD_UNKNOWN)
    if reason == WORD_ANTONYM and not _value(flag):
        return str(WORD_ANTONYM_WITHOUT_VALUE)
    return str(template)


def _value(flag: Mapping[str, object]) -> str:
    value = flag.get("value")
    return value if isinstance(value, str) else ""
