"""Declarative admin for articles, their pipeline runs, and the review history.

Review state is never edited here: the actions call the review services, which check the editor's
permission and the state and write the audit log. User text is always escaped and shown in its own
direction (Arabic right-to-left), whatever the admin's language.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from summaries.articles.forms import GlossaryImportForm
from summaries.articles.models import Article
from summaries.common.bidi import balanced_bidi, text_direction
from summaries.common.exceptions import ReviewError
from summaries.common.permissions import REVIEW_PERMISSION
from summaries.feeds.errors import feed_error_message
from summaries.feeds.forms import FeedForm
from summaries.feeds.models import Feed
from summaries.feeds.polling import feed_save, feeds_poll_soon
from summaries.glossary import services as glossary
from summaries.glossary.imports import glossary_import_start
from summaries.glossary.models import GlossaryEntry, GlossaryImport, GlossarySuggestion
from summaries.modelops.models import ModelState
from summaries.review.admin_forms import RejectForm
from summaries.review.decisions import summary_approve, summary_reject, summary_rerun
from summaries.review.models import ReviewEvent, SummaryRevision
from summaries.runs.models import Summary
from summaries.selectors import articles_with_latest_review_state

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, WithAnnotations

    from summaries.selectors import LatestReviewState


def text_span(text: str, language: str) -> str:
    """One line of user text for a list cell, escaped, in its own direction."""
    return format_html('<span lang="{}" dir="{}">{}</span>', language, text_direction(language), balanced_bidi(text))


def text_block(text: str, language: str) -> str:
    """A whole text for a change page, through the site's one template for user text."""
    return render_to_string("summaries/includes/text_block.html", {"text": text, "lang": language})


class ReadOnlyInline(admin.TabularInline):
    """History rows are written by the services only; here they are shown, never added, changed or deleted."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """The audit trail can be read and searched, never edited: editing it would make the history lie."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class SummaryInline(ReadOnlyInline):
    model = Summary
    fields = ("status", "review_state", "strategy", "length", "revision", "created_at", "finished_at")
    readonly_fields = fields
    show_change_link = True


class SummaryRevisionInline(ReadOnlyInline):
    model = SummaryRevision
    fields = ("number", "title", "text", "author", "note", "created_at")
    readonly_fields = fields


class ReviewEventInline(ReadOnlyInline):
    model = ReviewEvent
    fields = ("created_at", "action", "from_state", "to_state", "actor", "note")
    readonly_fields = fields


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
        return dict(Summary.ReviewState.choices).get(state)


@admin.register(Summary)
class SummaryAdmin(admin.ModelAdmin):
    """Runs are made by submission and re-run, and changed by the pipeline and the review actions: view only here."""

    list_display = (
        "article_original",
        "status",
        "review",
        "strategy",
        "length",
        "revision",
        "reviewed_by",
        "created_at",
    )
    list_filter = ("status", "review_state", "strategy", "length", "article__language", "created_at")
    list_select_related = ("article", "reviewed_by")
    search_fields = ("summary_text", "current_text", "title", "translation", "article__source_text")
    date_hierarchy = "created_at"
    fieldsets = (
        (None, {"fields": ("article", "original", "strategy", "length", "status", "stage")}),
        (
            _("Review"),
            {
                "fields": (
                    "review_state",
                    "review_note",
                    "reviewed_by",
                    "reviewed_at",
                    "revision",
                    "title",
                    "edited_text",
                )
            },
        ),
        (_("Machine output"), {"fields": ("english_translation", "machine_summary")}),
        (
            _("Pipeline"),
            {
                "classes": ("collapse",),
                "fields": (
                    "translation_model",
                    "summarization_model",
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
    readonly_fields = ("original", "edited_text", "english_translation", "machine_summary")
    inlines = [SummaryRevisionInline, ReviewEventInline]
    actions = ["approve_selected", "reject_selected", "rerun_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_review_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REVIEW_PERMISSION)

    @admin.display(description=_("review"), ordering="review_state")
    def review(self, summary: Summary) -> str:
        """The review state of a finished run; a failed or unfinished run shows its status instead."""
        return summary.review_label

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

    @admin.display(description=_("summary as edited"))
    def edited_text(self, summary: Summary) -> str:
        return text_block(summary.current_text, "en")

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
            text = _("Not changed: %(summaries)s. %(reason)s") % {"summaries": ", ".join(summaries), "reason": reason}
            self.message_user(request, text, messages.WARNING)


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


@admin.register(ModelState)
class ModelStateAdmin(ReadOnlyAdmin):
    """Written by the background fetcher and the workers; the admin index shows the same as a table."""

    list_display = (
        "model_id",
        "state",
        "percent",
        "problem",
        "backend",
        "device",
        "resident_mb",
        "loaded_by",
        "updated_at",
    )
    list_filter = ("state", "backend", "device")
    search_fields = ("model_id", "detail")


@admin.register(GlossaryEntry)
class GlossaryEntryAdmin(admin.ModelAdmin):
    """The editors' glossary; export selected entries as CSV/TSV, import a file from the list's own page."""

    list_display = ["arabic_term", "english", "updated_at", "updated_by"]
    search_fields = ["arabic", "arabic_variants", "english", "wrong_variants", "note"]
    readonly_fields = ["created_by", "created_at", "updated_by", "updated_at"]
    actions = ["export_csv", "export_tsv"]
    change_list_template = "admin/summaries/glossaryentry/change_list.html"

    @admin.display(description=_("Arabic term"), ordering="arabic")
    def arabic_term(self, entry: GlossaryEntry) -> str:
        return text_span(entry.arabic, "ar")

    def save_model(self, request: HttpRequest, obj: GlossaryEntry, form: object, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]  # the admin requires a signed-in user
        obj.updated_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Export selected entries as CSV"))
    def export_csv(self, request: HttpRequest, queryset: QuerySet[GlossaryEntry]) -> HttpResponse:
        return _glossary_file(queryset, "csv")

    @admin.action(description=_("Export selected entries as TSV"))
    def export_tsv(self, request: HttpRequest, queryset: QuerySet[GlossaryEntry]) -> HttpResponse:
        return _glossary_file(queryset, "tsv")

    def get_urls(self) -> list[URLPattern]:
        extra = [path("import/", self.admin_site.admin_view(self.import_view), name="summaries_glossaryentry_import")]
        return extra + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a CSV/TSV file; errors are listed by line and nothing is written until every row is right."""
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        form = GlossaryImportForm(request.POST or None, request.FILES or None)
        errors: list[str] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            record = glossary_import_start(data=upload.read(), fmt=form.fmt, file_name=upload.name, editor=request.user)
            self.message_user(
                request,
                _("Import %(number)s started: a worker checks and writes it; see Glossary imports for its progress.")
                % {"number": record.pk},
                messages.SUCCESS,
            )
            return redirect("admin:summaries_glossaryimport_change", record.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import glossary"),
            "form": form,
            "errors": errors,
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(request, "admin/summaries/glossaryentry/import.html", context, status=status)


def _glossary_file(queryset: QuerySet[GlossaryEntry], fmt: str) -> HttpResponse:
    content_type = "text/csv" if fmt == "csv" else "text/tab-separated-values"
    response = HttpResponse(
        glossary.glossary_export(fmt=fmt, entries=queryset), content_type=f"{content_type}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="glossary.{fmt}"'
    return response


@admin.register(GlossaryImport)
class GlossaryImportAdmin(ReadOnlyAdmin):
    """Imports are made by uploading a file (here: Glossary entries → Import); their rows only tell how it went."""

    list_display = ("file_name", "status", "processed_rows", "total_rows", "created", "updated", "editor", "created_at")
    list_filter = ("status",)
    exclude = ("data",)


@admin.register(GlossarySuggestion)
class GlossarySuggestionAdmin(ReadOnlyAdmin):
    list_display = ["wrong", "english", "state", "suggested_by", "created_at"]
    list_filter = ["state"]
    search_fields = ["wrong", "english"]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    """Feeds editors follow; the poll state is the poller's and only shown. "Poll now" queues a poll."""

    form = FeedForm
    list_display = ["feed_name", "url", "active", "interval_minutes", "last_polled_at", "failing", "last_error_text"]
    list_filter = ["active", "strategy", "language"]
    search_fields = ["name", "url"]
    readonly_fields = [
        "etag",
        "last_modified",
        "last_polled_at",
        "next_poll_at",
        "entries_seen",
        "failures",
        "last_error_code",
        "last_error_text",
        "last_error_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    actions = ["poll_now"]

    @admin.display(description=_("name"), ordering="name")
    def feed_name(self, feed: Feed) -> str:
        return format_html('<span dir="auto">{}</span>', feed.name)

    @admin.display(description=_("failing"), boolean=True)
    def failing(self, feed: Feed) -> bool:
        return feed.is_failing

    @admin.display(description=_("last error"))
    def last_error_text(self, feed: Feed) -> str:
        return feed_error_message(code=feed.last_error_code, stored=feed.last_error) if feed.last_error_code else ""

    def save_model(self, request: HttpRequest, obj: Feed, form: object, change: bool) -> None:
        feed_save(feed=obj, editor=request.user)

    @admin.action(description=_("Poll the selected feeds now"))
    def poll_now(self, request: HttpRequest, queryset: QuerySet[Feed]) -> None:
        marked = feeds_poll_soon(feeds=queryset)
        self.message_user(
            request,
            ngettext_lazy(
                "%(count)d feed will be polled in a moment.", "%(count)d feeds will be polled in a moment.", marked
            )
            % {"count": marked},
            messages.SUCCESS if marked else messages.WARNING,
        )


# The digest's and the API tokens' admins live in their own modules; importing them registers them.
from summaries.access import admin as admin_tokens  # noqa: E402, F401
from summaries.digest import admin as admin_digest  # noqa: E402, F401
