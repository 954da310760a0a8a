"""Thin views: form -> service/selector -> render or redirect; domain errors become form messages."""

import uuid

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from .exceptions import IntakeError
from .forms import SubmitForm
from .models import Article
from .selectors import article_get
from .services.submission import article_submit, articles_submit_batch
from .status import summary_status


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """The home page: paste an article or upload files and send them to the workers."""
    form = SubmitForm(request.POST, request.FILES) if request.method == "POST" else SubmitForm()
    oversized = getattr(request, "oversized_uploads", [])
    if request.method != "POST" or not (form.is_valid() or oversized):
        return _render_form(request, form)
    options = {
        "user": request.user,
        "language": form.cleaned_data.get("language") or None,
        "strategy": form.cleaned_data.get("strategy") or None,
        "length": form.cleaned_data.get("length") or None,
        "force_new": bool(form.cleaned_data.get("force_new")),
    }
    files = form.cleaned_data.get("files") or []
    if not files and not oversized:
        try:
            submission = article_submit(text=form.cleaned_data["text"], origin=Article.Origin.PASTE, **options)
        except IntakeError as exc:
            form.add_error("text", exc.message)
            return _render_form(request, form)
        return redirect("summaries:article_detail", article_id=submission.article.pk)
    outcomes = articles_submit_batch(
        text=form.cleaned_data.get("text") or "",
        files=[(upload.name, upload.read()) for upload in files],
        oversized=oversized,
        **options,
    )
    status = 200 if any(outcome.submission for outcome in outcomes) else 400
    return render(request, "summaries/submit_results.html", {"outcomes": outcomes}, status=status)


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


@require_GET
def article_original(request: HttpRequest, article_id: uuid.UUID) -> FileResponse:
    """The uploaded file exactly as received, always as a download (never rendered by the browser)."""
    article = _article_or_404(article_id)
    if not article.original_file:
        raise Http404
    response = FileResponse(
        article.original_file.open("rb"), as_attachment=True, filename=article.original_name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _render_form(request: HttpRequest, form: SubmitForm) -> HttpResponse:
    limits = {"chars": settings.SUMMARIES_MAX_ARTICLE_CHARS, "bytes": settings.SUMMARIES_MAX_UPLOAD_BYTES}
    return render(request, "summaries/submit.html", {"form": form, "limits": limits}, status=400 if form.errors else 200)


def _article_or_404(article_id: uuid.UUID) -> Article:
    article = article_get(article_id=article_id)
    if article is None:
        raise Http404
    return article
