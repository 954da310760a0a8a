"""Runs (summaries) in the admin, with their revisions and review events; the review actions call the review
services, which check the permission and the state and write the audit log."""

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from summaries.common.exceptions import ReviewError
from summaries.common.formatting import list_text
from summaries.common.permissions import REVIEW_PERMISSION
from summaries.review.decisions import summary_approve, summary_reject, summary_rerun
from summaries.review.forms import RejectForm
from summaries.review.models import Review, ReviewEvent, SummaryRevision
from summaries.runs.models import Summary

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from summaries.common.admin_base import ReadOnlyInline, text_block, text_span


class ReviewInline(ReadOnlyInline):
    """The run's editorial record: written by the review services only."""

    model = Review
    fields = ("state", "note", "reviewed_by", "reviewed_at", "revision", "title", "edited_text")
    readonly_fields = fields
    can_delete = False

    @admin.display(description=_("summary as edited"))
    def edited_text(self, review: Review) -> str:
        return text_block(review.current_text, "en")


class SummaryRevisionInline(ReadOnlyInline):
    model = SummaryRevision
    fields = ("number", "title", "text", "author", "note", "created_at")
    readonly_fields = fields


class ReviewEventInline(ReadOnlyInline):
    model = ReviewEvent
    fields = ("created_at", "action", "from_state", "to_state", "actor", "note")
    readonly_fields = fields


@admin.register(Summary)
class SummaryAdmin(admin.ModelAdmin):
    """Runs are made by submission and re-run, and changed by the pipeline and the review actions: view only here."""

    list_display = (
        "article_original",
        "status",
        "review_status",
        "strategy",
        "length",
        "revision",
        "reviewer",
        "created_at",
    )
    list_filter = ("status", "review__state", "strategy", "length", "article__language", "created_at")
    list_select_related = ("article", "review", "review__reviewed_by")
    search_fields = ("summary_text", "review__current_text", "review__title", "translation", "article__source_text")
    date_hierarchy = "created_at"
    fieldsets = (
        (None, {"fields": ("article", "original", "strategy", "length", "status", "stage")}),
        (_("Machine output"), {"fields": ("english_translation", "machine_summary")}),
        (
            _("Pipeline"),
            {
                "classes": ("collapse",),
                "fields": (
                    "translation_model",
                    "summarization_model",
                    "glossary_version",
                    "progress_done",
                    "progress_total",
                    "attempts",
                    "worker",
                    "delivery_id",
                    "timings",
                    "created_at",
                    "started_at",
                    "finished_at",
                ),
            },
        ),
        (_("Failure"), {"classes": ("collapse",), "fields": ("error_code", "error_message", "error_params")}),
        (
            _("Grounding"),
            {"classes": ("collapse",), "fields": ("source_sentences", "translated_sentences", "grounding")},
        ),
    )
    readonly_fields = ("original", "english_translation", "machine_summary")
    inlines = [ReviewInline, SummaryRevisionInline, ReviewEventInline]
    actions = ["approve_selected", "reject_selected", "rerun_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_review_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REVIEW_PERMISSION)

    @admin.display(description=_("review"), ordering="review__state")
    def review_status(self, summary: Summary) -> str:
        """The review state of a finished run; a failed or unfinished run shows its status instead."""
        return summary.review_label

    @admin.display(description=_("revision"), ordering="review__revision")
    def revision(self, summary: Summary) -> int:
        return summary.review.revision

    @admin.display(description=_("reviewed by"), ordering="review__reviewed_by__username")
    def reviewer(self, summary: Summary) -> object:
        return summary.review.reviewed_by

    @admin.display(description=_("article"), ordering="article__source_text")
    def article_original(self, summary: Summary) -> str:
        return text_span(str(summary.article), summary.article.language)

    @admin.display(description=_("original text"))
    def original(self, summary: Summary) -> str:
        return text_block(summary.article.source_text, summary.article.language)

    @admin.display(description=_("English translation"))
    def english_translation(self, summary: Summary) -> str:
        return text_block(summary.translation, "en")

    @admin.display(description=_("summary"))
    def machine_summary(self, summary: Summary) -> str:
        return text_block(summary.summary_text, "en")

    @admin.action(description=_("Approve selected summaries"), permissions=["review"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Summary]) -> None:
        self._apply(
            request,
            queryset,
            lambda summary: summary_approve(summary_id=summary.pk, editor=request.user),
            ngettext_lazy("%(count)d summary was approved.", "%(count)d summaries were approved.", "count"),
        )

    @admin.action(description=_("Reject selected summaries with a reason"), permissions=["review"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet[Summary]) -> TemplateResponse | None:
        """Ask for the reason on a page of its own first (Django's intermediate-page pattern), then reject."""
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": _("Reject summaries"),
                "opts": self.opts,
                "queryset": queryset,
                "form": form,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/summaries/summary/reject_selected_confirmation.html", context)
        reason = form.cleaned_data["reason"]
        self._apply(
            request,
            queryset,
            lambda summary: summary_reject(summary_id=summary.pk, editor=request.user, reason=reason),
            ngettext_lazy("%(count)d summary was rejected.", "%(count)d summaries were rejected.", "count"),
        )
        return None

    @admin.action(description=_("Re-run selected articles"), permissions=["review"])
    def rerun_selected(self, request: HttpRequest, queryset: QuerySet[Summary]) -> None:
        """Each selected run's article goes through the pipeline again with that run's strategy and length."""
        self._apply(
            request,
            queryset,
            lambda summary: summary_rerun(
                summary_id=summary.pk, editor=request.user, strategy=summary.strategy, length=summary.length
            ),
            ngettext_lazy(
                "%(count)d article was sent through the pipeline again.",
                "%(count)d articles were sent through the pipeline again.",
                "count",
            ),
        )

    def _apply(
        self,
        request: HttpRequest,
        queryset: QuerySet[Summary],
        service: Callable[[Summary], object],
        done: "StrOrPromise",
    ) -> None:
        """Call the service once per summary; a refusal skips that one only, and says which and why."""
        refused: dict[str, list[str]] = defaultdict(list)
        count = 0
        for summary in queryset:
            try:
                service(summary)
            except ReviewError as exc:
                refused[exc.message].append(f"#{summary.pk}")
            else:
                count += 1
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)
        for reason, summaries in refused.items():
            text = _("Not changed: %(summaries)s. %(reason)s") % {"summaries": list_text(summaries), "reason": reason}
            self.message_user(request, text, messages.WARNING)
