"""The editors' glossary in the admin: entries, imports and suggestions."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from summaries.common.admin_base import ReadOnlyAdmin, text_span
from summaries.glossary import services as glossary
from summaries.glossary.forms import GlossaryImportForm
from summaries.glossary.imports import glossary_import_start
from summaries.glossary.models import GlossaryEntry, GlossaryImport, GlossarySuggestion


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
