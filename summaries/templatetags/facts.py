"""`{{ issue|fact_issue }}`: a fact-check finding in the page's language (summaries/common/fact_messages.py).
`{{ text|flag_words:words }}`: an English sentence with the words a fact check holds responsible marked."""

from collections.abc import Iterable, Mapping

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_bidi

from summaries.common import flag_reasons
from summaries.common.bidi import balanced_bidi
from summaries.common.fact_messages import WordFlag, fact_issue_html, word_flag_html, word_flag_tooltip, word_flags

register = template.Library()


@register.filter
def fact_issue(issue: Mapping[str, str]) -> SafeString:
    return fact_issue_html(issue)


@register.filter
def flag_words(text: object, words: object) -> SafeString:
    """The text escaped and its bidi controls closed, as `|balanced_bidi` gives it, with each flagged span in
    a focusable <mark> whose tooltip (title) and hidden description say why, in the reader's language.

    Spans come from stored data: those outside the text are clipped or left out, overlapping ones become
    one mark that gives every reason. Each piece of text is balanced on its own, so a bidi control in the
    text can reach neither into a mark nor past it.
    """
    text = "" if text is None else str(text)
    groups: list[tuple[int, int, list[WordFlag]]] = []
    for flag in word_flags(text, words):
        start, end = flag["start"], flag["end"]
        if groups and start < groups[-1][1]:
            first, last, members = groups[-1]
            groups[-1] = (first, max(last, end), [*members, flag])
        else:
            groups.append((start, end, [flag]))
    parts, position = [], 0
    for start, end, members in groups:
        parts.append(_plain(text[position:start]))
        parts.append(_mark(text[start:end], members))
        position = end
    parts.append(_plain(text[position:]))
    return mark_safe("".join(parts))  # every piece was escaped


def _plain(piece: str) -> str:
    return escape(balanced_bidi(piece))


def _mark(piece: str, flags: list[WordFlag]) -> str:
    reasons = _unique(str(flag["reason"]) or "unknown" for flag in flags)
    titles = _unique(word_flag_tooltip(flag) for flag in flags)
    descriptions = _unique(str(word_flag_html(flag)) for flag in flags)
    return format_html(
        '<mark class="word-flag" data-reason="{}" title="{}" tabindex="0">{}'
        '<span class="visually-hidden" lang="{}" dir="{}"> ({})</span></mark>',
        " ".join(reasons),
        " ".join(titles),
        _plain(piece),
        get_language() or "en",
        "rtl" if get_language_bidi() else "ltr",
        mark_safe(" ".join(descriptions)),  # word_flag_html escaped the value
    )


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


@register.filter
def translation_reasons(row: Mapping[str, object], grounding: Mapping[str, object]) -> list[SafeString]:
    """`{% for reason in row|translation_reasons:summary.grounding %}`: why this aligned row is flagged."""
    return flag_reasons.translation_reasons(row, grounding or {})


@register.filter
def summary_reasons(sentence: Mapping[str, object], grounding: Mapping[str, object]) -> list[SafeString]:
    """`{% for reason in sentence|summary_reasons:summary.grounding %}`: why this summary sentence is flagged."""
    return flag_reasons.summary_reasons(sentence, grounding or {})
