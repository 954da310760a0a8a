"""The review trail in the admin: revisions and decisions, searchable and never editable."""

from django.contrib import admin

from summaries.common.admin_base import ReadOnlyAdmin
from summaries.review.models import ReviewEvent, SummaryRevision


@admin.register(SummaryRevision)
class SummaryRevisionAdmin(ReadOnlyAdmin):
    list_display = ("summary", "number", "title", "author", "note", "created_at")
    list_filter = ("created_at", "author")
    list_select_related = ("summary", "author")
    search_fields = ("title", "text", "note", "author__username")
    date_hierarchy = "created_at"


@admin.register(ReviewEvent)
class ReviewEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "summary", "action", "from_state", "to_state", "actor", "note")
    list_filter = ("action", "to_state", "created_at", "actor")
    list_select_related = ("summary", "actor")
    search_fields = ("note", "actor__username", "summary__article__source_text")
    date_hierarchy = "created_at"
