"""Why a sentence is flagged, in the reader's language: every flag says so, whatever raised it.

A flag has up to three sources, and only the first used to be shown: fact-check findings (`issues`,
worded in fact_messages.py), words the learned checker blames (`words`, a reason per span) and a score
below its threshold with nothing more specific behind it (the checker's probability, the embedding
similarity, or the support of a summary sentence by its closest source sentences). Without the last two
most flagged sentences showed "check this" and no reason at all.
"""

from collections.abc import Mapping

from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from summaries.common.bidi import balanced_bidi
from summaries.common.fact_messages import (
    MESSAGES,
    WORD_NAME,
    WORD_NEGATION,
    WORD_NUMBER,
    fact_issue_html,
    word_flag_html,
    word_flags,
)
from summaries.engines import facts

# A word reason that an issue of the same sentence already says in its own words.
_SAID_BY_ISSUE = {WORD_NAME: facts.NAME_ADDED, WORD_NUMBER: facts.NUMBER_ADDED, WORD_NEGATION: facts.NEGATION_ADDED}

LOW_CHECKER = _(
    "The fact checker doubts that this sentence says what its source says (score %(score)s, below %(threshold)s)."
)
LOW_SIMILARITY = _("This sentence is not close enough in meaning to its source (score %(score)s, below %(threshold)s).")
LOW_SUPPORT = _(
    "The closest source sentences support this sentence only weakly (support %(score)s, below %(threshold)s)."
)
NO_SOURCE = _("No source sentence could be linked to this sentence.")
NOT_SCORED = _("This sentence was flagged without a score: compare it with its source.")
UNKNOWN_ISSUE = _("The fact check found a mismatch here: compare it with the source.")


def translation_reasons(row: Mapping[str, object], grounding: Mapping[str, object]) -> list[SafeString]:
    """The reasons of one aligned row (runs/models.py `aligned_sentences`) of a run with this grounding."""
    if not row.get("flagged"):
        return []
    threshold = grounding.get("translation_threshold")
    if threshold is None:
        threshold = grounding.get("threshold")
    low = LOW_CHECKER if grounding.get("translation_method") == "checker" else LOW_SIMILARITY
    return _reasons(row, str(row.get("translation") or ""), row.get("score"), threshold, low)


def summary_reasons(sentence: Mapping[str, object], grounding: Mapping[str, object]) -> list[SafeString]:
    """The reasons of one summary sentence (runs/models.py `summary_sentences`)."""
    if not sentence.get("flagged"):
        return []
    if not sentence.get("sources") and not sentence.get("issues") and not sentence.get("words"):
        return [format_html("{}", NO_SOURCE)]
    return _reasons(
        sentence, str(sentence.get("text") or ""), sentence.get("support"), grounding.get("threshold"), LOW_SUPPORT
    )


def _reasons(
    sentence: Mapping[str, object], text: str, score: object, threshold: object, low: object
) -> list[SafeString]:
    issues = [issue for issue in _list(sentence.get("issues")) if isinstance(issue, Mapping)]
    kinds = {issue.get("kind") for issue in issues}
    reasons = [
        fact_issue_html(issue) if issue.get("kind") in MESSAGES else format_html("{}", UNKNOWN_ISSUE)
        for issue in issues
    ]
    for flag in word_flags(text, sentence.get("words")):
        if _SAID_BY_ISSUE.get(flag["reason"]) in kinds:
            continue
        reasons.append(
            format_html('<q lang="en" dir="ltr">{}</q> {}', balanced_bidi(flag["text"]), word_flag_html(flag))
        )
    if reasons:
        return list(dict.fromkeys(reasons))
    if isinstance(score, int | float) and isinstance(threshold, int | float):
        return [
            format_html("{}", str(low) % {"score": number_format(score, 2), "threshold": number_format(threshold, 2)})
        ]
    return [format_html("{}", NOT_SCORED)]


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []
