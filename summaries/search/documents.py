"""The texts of one search document, field by field: plain data shared by the services, the backends and the
snippets (no queries here)."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from summaries.search.models import SearchDocument

# The fields in the order a result shows its snippets, each with its weight in the ranking (A highest):
# the headline; the machine summary, the editors' text and their earlier revisions; the translation;
# the original.
FIELDS = ("headline", "edited", "summary", "translation", "original", "revisions")
WEIGHTS = {"headline": "A", "edited": "B", "summary": "B", "revisions": "B", "translation": "C", "original": "D"}
FIELD_LABELS = {
    "headline": _("Headline"),
    "edited": _("Editors’ text"),
    "summary": _("Summary"),
    "translation": _("Translation"),
    "original": _("Original"),
    "revisions": _("Earlier revision"),
}


@dataclass(frozen=True)
class FieldText:
    """One field's text as written (not folded) and the language it is written in."""

    text: str
    language: str


@dataclass(frozen=True)
class DocumentTexts:
    """Every field of one document; a field with no text is left out."""

    document_id: int
    fields: dict[str, FieldText] = field(default_factory=dict)

    def text(self, name: str) -> FieldText:
        return self.fields.get(name) or FieldText("", "")


def field_texts(document: "SearchDocument") -> dict[str, FieldText]:
    """The texts a document indexes, read from it and its article, newest run and review (select them with
    it): the services index exactly these and the snippets mark exactly these."""
    article, run = document.article, document.run
    review = run.review if run is not None and run.status == "done" else None
    edited = ""
    if review is not None:
        edited = "\n\n".join(
            part for part in (review.title, review.current_text if review.revision > 1 else "") if part
        )
    texts = {
        "headline": FieldText(document.headline, document.headline_language),
        "edited": FieldText(edited, "en"),
        "summary": FieldText(run.summary_text if run is not None else "", "en"),
        "translation": FieldText(run.translation if run is not None else "", "en"),
        "original": FieldText(article.source_text, article.language),
        "revisions": FieldText(document.earlier_revisions, "en"),
    }
    return {name: text for name, text in texts.items() if text.text}
