"""Read queries for the editors' glossary: the entries found by a search, the suggestions still open."""

from django.db.models import Q, QuerySet

from summaries.glossary.models import GlossaryEntry, GlossarySuggestion


def glossary_search(*, query: str = "") -> "QuerySet[GlossaryEntry]":
    """Glossary entries, those matching the query in any term, variant or note when one is given."""
    entries = GlossaryEntry.objects.select_related("created_by", "updated_by")
    if query:
        entries = entries.filter(
            Q(arabic__icontains=query)
            | Q(arabic_variants__icontains=query)
            | Q(english__icontains=query)
            | Q(wrong_variants__icontains=query)
            | Q(note__icontains=query)
        )
    return entries


def glossary_suggestions_open() -> "QuerySet[GlossarySuggestion]":
    """Corrections editors made that the glossary does not know yet, newest first."""
    return GlossarySuggestion.objects.filter(state=GlossarySuggestion.State.OPEN).select_related("suggested_by")
