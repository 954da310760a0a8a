"""Thin views: form -> service/selector -> render or redirect; domain errors become form messages."""

import uuid

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from .exceptions import IntakeError
from .forms import SubmitForm
from .models import Article
from .selectors import article_get
from .services.submission import article_submit
from .status import summary_status


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """The home page: paste an article and send it to the workers."""
    form = SubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = article_submit(text=form.cleaned_data["text"], user=request.user, origin=Article.Origin.PASTE)
        except IntakeError as exc:
            form.add_error("text", exc.message)
        else:
            return redirect("summaries:article_detail", article_id=article.pk)
    return render(request, "summaries/submit.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
def article_detail(request: HttpRequest, article_id: uuid.UUID) -> HttpResponse:
    """The article's own page: progress while it runs, then the original, translation and summary."""
    article = _article_or_404(article_id)
    summary = article.latest_summary
    context = {"article": article, "summary": summary, "status": summary_status(summary) if summary else None}
    return render(request, "summaries/article_detail.html", context)


@require_GET
def article_status(request: HttpRequest, article_id: uuid.UUID) -> JsonResponse:
    """Small JSON document the article page polls."""
    article = _article_or_404(article_id)
    summary = article.latest_summary
    if summary is None:
        raise Http404
    response = JsonResponse(summary_status(summary))
    response["Cache-Control"] = "no-store"
    return response


def _article_or_404(article_id: uuid.UUID) -> Article:
    article = article_get(article_id=article_id)
    if article is None:
        raise Http404
    return article
