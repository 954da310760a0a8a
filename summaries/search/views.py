"""The editors' search page: thin, form -> selector -> template."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from summaries.common.exceptions import SearchError
from summaries.common.permissions import editor_required
from summaries.search.forms import SearchForm
from summaries.search.selectors import search_articles, search_outlets


@editor_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Ranked results with highlighted snippets; nothing is searched until there is a query."""
    form = SearchForm(request.GET or None, outlets=search_outlets())
    context: dict[str, object] = {"form": form}
    if not request.GET.get("q", "").strip():
        if request.GET:
            form.is_valid()  # the filters' own errors are still shown
        return render(request, "summaries/search.html", context)
    if not form.is_valid():
        return render(request, "summaries/search.html", context, status=400)
    try:
        results = search_articles(
            query=form.cleaned_data["q"], filters=form.search_filters(), page=_page_number(request)
        )
    except SearchError as exc:
        form.add_error("q", exc.message)
        return render(request, "summaries/search.html", context, status=400)
    query = urlencode({key: value for key, value in request.GET.items() if key != "page" and value})
    context.update(results=results, page_query=query)
    return render(request, "summaries/search.html", context)


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1
