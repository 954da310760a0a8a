"""One submitted item's outcome as the page's uploader shows it: accepted (with its article's page) or
refused (with the reason), worded in the active language."""

from typing import TypedDict

from django.urls import reverse
from django.utils.translation import gettext

from summaries.articles.submission import FileOutcome


class OutcomeJson(TypedDict):
    name: str
    accepted: bool
    label: str
    message: str
    url: str


def outcome_json(outcome: FileOutcome) -> OutcomeJson:
    """What the uploader's row for this item needs; `label` is the word screen readers hear before the reason."""
    if outcome.submission is not None:
        reused = outcome.submission.reused
        return {
            "name": outcome.name,
            "accepted": True,
            "label": gettext("Already summarized") if reused else gettext("Accepted"),
            "message": gettext("Open the article"),
            "url": reverse("summaries:article_detail", kwargs={"article_id": outcome.submission.article.pk}),
        }
    return {
        "name": outcome.name,
        "accepted": False,
        "label": gettext("Refused"),
        "message": outcome.error.message if outcome.error else "",
        "url": "",
    }
