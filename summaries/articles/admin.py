"""Articles in the admin: what was submitted, from where, and its runs; review state is never edited here."""

from typing import TYPE_CHECKING

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from summaries.articles.models import Article
from summaries.common.bidi import balanced_bidi
from summaries.review.models import Review
from summaries.review.selectors import articles_with_latest_review_state
from summaries.runs.models import Summary

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, WithAnnotations

    from summaries.review.selectors import LatestReviewState
from summaries.common.admin_base import ReadOnlyInline, text_block, text_span


class SummaryInline(ReadOnlyInline):
    model = Summary
    fields = ("status", "review_label", "strategy", "length", "created_at", "finished_at")
    readonly_fields = fields
    show_change_link = True


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """Articles arrive through submission (validated, hashed, queued); here staff read them and fix their language."""

    list_display = ("original", "language", "origin", "submitted_by", "latest_review_state", "created_at")
    list_filter = ("language", "origin", "created_at", "submitted_by")
    list_select_related = ("submitted_by",)
    search_fields = ("source_text", "content_hash", "original_name", "submitted_by__username")
    date_hierarchy = "created_at"
    fieldsets = (
        (None, {"fields": ("id", "original_text", "language", "origin", "submitted_by")}),
        (_("Language detection"), {"fields": ("detected_language", "language_confidence", "language_overridden")}),
        (
            _("Original file"),
            {
                "fields": (
                    "source_format",
                    "original_download",
                    "original_name",
                    "original_size",
                    "original_content_type",
                    "original_sha256",
                )
            },
        ),
        (_("Record"), {"fields": ("content_hash", "created_at", "updated_at")}),
    )
    readonly_fields = (
        "id",
        "original_text",
        "origin",
        "content_hash",
        "detected_language",
        "language_confidence",
        "language_overridden",
        "source_format",
        "original_download",
        "original_name",
        "original_size",
        "original_content_type",
        "original_sha256",
        "created_at",
        "updated_at",
    )
    inlines = [SummaryInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return articles_with_latest_review_state(super().get_queryset(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("original text"), ordering="source_text")
    def original(self, article: Article) -> str:
        return text_span(str(article), article.language)

    @admin.display(description=_("original text"))
    def original_text(self, article: Article) -> str:
        return text_block(article.source_text, article.language)

    @admin.display(description=_("original file"))
    def original_download(self, article: Article) -> str:
        """Through the app's own download view (attachment, nosniff): uploads have no public URL."""
        if not article.original_file:
            return "-"
        url = reverse("summaries:article_original", kwargs={"article_id": article.pk})
        return format_html('<a href="{}" download>{}</a>', url, balanced_bidi(article.original_name) or _("download"))

    @admin.display(description=_("latest review"), ordering="latest_review_state")
    def latest_review_state(self, article: "WithAnnotations[Article, LatestReviewState]") -> "StrOrPromise | None":
        state = article.latest_review_state  # None for an article without runs
        if state is None:
            return None
        if article.latest_status != Summary.Status.DONE:  # a failed or unfinished run has nothing to review
            return dict(Summary.Status.choices).get(article.latest_status or "")
        return dict(Review.State.choices).get(state)
