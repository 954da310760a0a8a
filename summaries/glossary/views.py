"""The editors' glossary page in the review area: list and search, add and edit, CSV/TSV out and in, suggestions.

Every view is `editor_required`; the import and the suggestions go through glossary/services.py.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from summaries.common.permissions import editor_required
from summaries.glossary import services as glossary
from summaries.glossary.forms import GlossaryEntryForm, GlossaryImportForm, GlossarySuggestionAcceptForm
from summaries.glossary.imports import glossary_import_start
from summaries.glossary.models import GlossaryEntry, GlossaryImport, GlossarySuggestion
from summaries.glossary.selectors import glossary_search, glossary_suggestions_open

PAGE_SIZE = 50


@editor_required
@require_GET
def glossary_list(request: HttpRequest) -> HttpResponse:
    """The entries, searched, with the import form and the open suggestions."""
    return _render_list(request)


@editor_required
@require_http_methods(["GET", "POST"])
def glossary_add(request: HttpRequest) -> HttpResponse:
    return _entry_form(request, GlossaryEntry())


@editor_required
@require_http_methods(["GET", "POST"])
def glossary_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _entry_form(request, get_object_or_404(GlossaryEntry, pk=entry_id))


@editor_required
@require_GET
def glossary_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in glossary.DELIMITERS:
        raise Http404
    content_type = "text/csv" if fmt == "csv" else "text/tab-separated-values"
    response = HttpResponse(glossary.glossary_export(fmt=fmt), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="glossary.{fmt}"'
    return response


@editor_required
@require_POST
def glossary_import(request: HttpRequest) -> HttpResponse:
    """Store the file and hand it to a worker; its page shows the progress, and the errors by line."""
    form = GlossaryImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_list(request, import_form=form, status=400)
    upload = form.cleaned_data["file"]
    record = glossary_import_start(data=upload.read(), fmt=form.fmt, file_name=upload.name, editor=request.user)
    return redirect("summaries:glossary_import_status", import_id=record.pk)


@editor_required
@require_GET
def glossary_import_status(request: HttpRequest, import_id: int) -> HttpResponse:
    """One import's progress (the page reloads itself until it ends), its outcome and its errors by line."""
    record = get_object_or_404(GlossaryImport.objects.defer("data"), pk=import_id)
    return render(request, "summaries/glossary_import.html", {"record": record})


@editor_required
@require_POST
def glossary_suggestion_accept(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    suggestion = get_object_or_404(GlossarySuggestion, pk=suggestion_id, state=GlossarySuggestion.State.OPEN)
    form = GlossarySuggestionAcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the Arabic term the name belongs to."))
        return redirect("summaries:glossary_list")
    entry = glossary.glossary_suggestion_accept(
        suggestion_id=suggestion.pk, arabic=form.cleaned_data["arabic"], editor=request.user
    )
    messages.success(
        request, _("%(wrong)s is now corrected to %(english)s.") % {"wrong": suggestion.wrong, "english": entry.english}
    )
    return redirect("summaries:glossary_list")


@editor_required
@require_POST
def glossary_suggestion_dismiss(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    if not glossary.glossary_suggestion_dismiss(suggestion_id=suggestion_id):
        raise Http404
    messages.success(request, _("Suggestion dismissed."))
    return redirect("summaries:glossary_list")


def _entry_form(request: HttpRequest, entry: GlossaryEntry) -> HttpResponse:
    """Add or edit one entry; who changed it is recorded from the request."""
    if request.method == "GET":
        return render(
            request, "summaries/glossary_entry.html", {"form": GlossaryEntryForm(instance=entry), "entry": entry}
        )
    form = GlossaryEntryForm(request.POST, instance=entry)
    if not form.is_valid():
        return render(request, "summaries/glossary_entry.html", {"form": form, "entry": entry}, status=400)
    saved = form.save(commit=False)
    if saved.pk is None:
        saved.created_by = request.user
    saved.updated_by = request.user
    saved.save()
    messages.success(request, _("Glossary entry saved."))
    return redirect("summaries:glossary_list")


def _render_list(
    request: HttpRequest,
    *,
    import_form: GlossaryImportForm | None = None,
    import_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    page = Paginator(glossary_search(query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    suggestions = list(glossary_suggestions_open()[:50])
    context = {
        "page": page,
        "query": query,
        "page_query": urlencode({"q": query}) if query else "",
        "import_form": import_form or GlossaryImportForm(),
        "import_errors": import_errors or [],
        "suggestions": suggestions,
        "accept_form": GlossarySuggestionAcceptForm(),
        "count_label": ngettext("%(count)d entry", "%(count)d entries", page.paginator.count)
        % {"count": page.paginator.count},
    }
    return render(request, "summaries/glossary.html", context, status=status)
