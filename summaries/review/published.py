"""The public side: approved summaries, listed, shown with their original, and exported as files."""

import uuid

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from summaries.articles.session import session_articles
from summaries.related.selectors import similar_articles
from summaries.review.exports import FORMATS, export_headline, export_response, summary_export
from summaries.review.selectors import published_get, published_list
from summaries.runs.models import Summary

PAGE_SIZE = 20


@require_GET
def published_index(request: HttpRequest) -> HttpResponse:
    """Every approved summary, most recently approved first."""
    page = Paginator(published_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "summaries/published_list.html", {"page": page})


@require_GET
def published_detail(request: HttpRequest, article_id: uuid.UUID) -> HttpResponse:
    """One approved summary beside its original."""
    summary = _published_or_404(article_id)
    similar = similar_articles(article=summary.article, user=request.user, session_articles=session_articles(request))
    context = {"summary": summary, "article": summary.article, "formats": FORMATS, "headline": export_headline(summary)}
    return render(request, "summaries/published_detail.html", {**context, "similar": similar})


@require_GET
def published_export(request: HttpRequest, article_id: uuid.UUID, fmt: str) -> HttpResponse:
    """The approved summary as a Markdown, plain-text or JSON download."""
    if fmt not in FORMATS:
        raise Http404
    return export_response(summary_export(summary=_published_or_404(article_id), fmt=fmt))


def _published_or_404(article_id: uuid.UUID) -> Summary:
    summary = published_get(article_id=article_id)
    if summary is None:
        raise Http404
    return summary
