"""Submitting articles and following them: form -> service -> redirect; access through the selectors."""

import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from summaries.articles import throttle
from summaries.articles.forms import SubmitForm
from summaries.articles.headline import headline_for
from summaries.articles.link_submission import link_receive
from summaries.articles.models import Article
from summaries.articles.outcomes import outcome_json
from summaries.articles.selectors import article_get_for_user, articles_own_list
from summaries.articles.session import remember, session_articles
from summaries.articles.submission import FileOutcome, Submission, submission_receive
from summaries.articles.submitter import submitter_client, submitter_intake
from summaries.common.exceptions import IntakeError
from summaries.common.permissions import is_editor
from summaries.related.selectors import similar_articles
from summaries.review.exports import FORMATS, export_response, summary_export
from summaries.runs.models import Summary
from summaries.runs.status import summary_status


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """The home page: paste an article, upload files or give a link, and send them to the workers.

    One flow whoever asks: the page's form gets a page (the article, the per-file results, or the form with
    what was wrong), the page's uploader (`Accept: application/json`, one item per request) each item's
    outcome as JSON for its row."""
    if request.method != "POST":
        return _render_form(request, SubmitForm())
    form = SubmitForm(request.POST, request.FILES)
    as_json = _wants_json(request)
    if not form.is_valid():
        if as_json:
            errors = [str(error) for errors in form.errors.values() for error in errors]
            return JsonResponse({"outcomes": [], "error": " ".join(errors)}, status=400)
        return _render_form(request, form)
    try:
        outcomes, single = _receive(request, form)
    except throttle.Throttled as throttled:
        return _refused_json(throttled.refusal) if as_json else _render_refused(request, form, throttled.refusal)
    except IntakeError as exc:  # the request as a whole: nothing sent, too many files
        if as_json:
            return JsonResponse({"outcomes": [], "error": exc.message}, status=400)
        form.add_error(_FIELD_OF_ERROR.get(exc.code), exc.message)
        return _render_form(request, form)
    remember(request, [outcome.submission.article for outcome in outcomes if outcome.submission])
    if as_json:
        link_refused = bool(form.cleaned_data["url"]) and outcomes[0].submission is None
        return JsonResponse(
            {"outcomes": [outcome_json(outcome) for outcome in outcomes]}, status=400 if link_refused else 200
        )
    return _answer_page(request, form, outcomes, single=single)


def _receive(request: HttpRequest, form: SubmitForm) -> tuple[list[FileOutcome], bool]:
    """Each item sent, accepted or refused, and whether one item was sent without files (a link or a paste
    alone): a link is stored and queued at once (its page read by a worker), a paste and files are parsed
    here, under the request's budget."""
    options = form.options()
    if url := form.cleaned_data["url"]:
        try:
            link = link_receive(
                url=url,
                client=submitter_client(request),
                user=request.user,
                language=options.get("language"),
                strategy=options.get("strategy"),
                length=options.get("length"),
            )
        except IntakeError as exc:  # a link that could never be read, a language that cannot be translated
            return [FileOutcome(name=url, error=exc)], True
        return [FileOutcome(name=url, submission=Submission(article=link.article))], True
    # A blank paste stays blank (not "nothing sent"), so the person is told what was wrong with it.
    text = form.cleaned_data["text"] or form.data.get("text", "")
    intake = submitter_intake(request, text=text, files=form.cleaned_data["files"])
    outcomes = submission_receive(
        intake=intake,
        client=submitter_client(request),
        max_files=settings.SUMMARIES_MAX_FILES_PER_SUBMISSION,
        user=request.user,
        **options,
    )
    return outcomes, not intake.file_count  # files dropped while streaming count as files sent


def _answer_page(request: HttpRequest, form: SubmitForm, outcomes: list[FileOutcome], *, single: bool) -> HttpResponse:
    """A link or a paste alone: its article's page (a link's first stage is "Fetching the page"), or the form
    with what was wrong. Files: what happened to each."""
    if single:
        item = outcomes[0]
        if item.submission is None:
            form.add_error("url" if form.cleaned_data["url"] else "text", item.error.message if item.error else "")
            return _render_form(request, form)
        return redirect("summaries:article_detail", article_id=item.submission.article.pk)
    accepted = any(outcome.submission for outcome in outcomes)
    return render(request, "summaries/submit_results.html", {"outcomes": outcomes}, status=200 if accepted else 400)


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def _refused_json(refusal: throttle.Refusal) -> JsonResponse:
    response = JsonResponse({"outcomes": [], "error": refusal.message}, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


# Where on the form a refusal of the whole request is shown (None: above the fields).
_FIELD_OF_ERROR = {"too_many_files": "files", "empty": "text", "no_input": None}


@require_GET
def article_detail(request: HttpRequest, article_id: uuid.UUID) -> HttpResponse:
    """The article's own page: progress while it runs, then the original, translation and summary."""
    article = _article_or_404(request, article_id)
    summary = article.latest_summary
    context = {
        "article": article,
        "summary": summary,
        "status": summary_status(summary, viewer=request.user) if summary else None,
        "can_review": summary is not None and is_editor(request.user),
        "headline": headline_for(article, summary),
        "similar": similar_articles(article=article, user=request.user, session_articles=session_articles(request)),
    }
    return render(request, "summaries/article_detail.html", context)


@require_GET
def articles_mine(request: HttpRequest) -> HttpResponse:
    """The articles this person (or, when anonymous, this browser session) submitted."""
    articles = articles_own_list(user=request.user, session_articles=session_articles(request))
    page = Paginator(articles, 25).get_page(request.GET.get("page"))
    return render(request, "summaries/articles_mine.html", {"page": page})


@login_required
@require_GET
def after_login(request: HttpRequest) -> HttpResponse:
    """Where signing in leads: editors to the review queue, everyone else to their own articles."""
    return redirect("summaries:review_queue" if is_editor(request.user) else "summaries:articles_mine")


@require_GET
def article_status(request: HttpRequest, article_id: uuid.UUID) -> JsonResponse:
    """Small JSON document the article page polls."""
    article = _article_or_404(request, article_id)
    summary = article.latest_summary
    if summary is None:
        raise Http404
    response = JsonResponse(summary_status(summary, viewer=request.user))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def article_result(request: HttpRequest, article_id: uuid.UUID, fmt: str) -> HttpResponse:
    """The finished run's summary, translation and original as a .txt, .md or .json download."""
    summary = _article_or_404(request, article_id).latest_summary
    if fmt not in FORMATS or summary is None or summary.status != Summary.Status.DONE:
        raise Http404
    return export_response(summary_export(summary=summary, fmt=fmt))


@require_GET
def article_original(request: HttpRequest, article_id: uuid.UUID) -> FileResponse:
    """The uploaded file exactly as received, always as a download (never rendered by the browser)."""
    article = _article_or_404(request, article_id)
    if not article.original_file:
        raise Http404
    response = FileResponse(
        article.original_file.open("rb"),
        as_attachment=True,
        filename=article.original_name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _render_form(
    request: HttpRequest, form: SubmitForm, *, refusal: str = "", status: int | None = None
) -> HttpResponse:
    limits = {"chars": settings.SUMMARIES_MAX_ARTICLE_CHARS, "bytes": settings.SUMMARIES_MAX_UPLOAD_BYTES}
    context = {"form": form, "limits": limits, "refusal": refusal}
    return render(request, "summaries/submit.html", context, status=status or (400 if form.errors else 200))


def _render_refused(request: HttpRequest, form: SubmitForm, refusal: throttle.Refusal) -> HttpResponse:
    """429 with the form as it was sent (nothing pasted is lost) and when to try again."""
    response = _render_form(request, form, refusal=refusal.message, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


def _article_or_404(request: HttpRequest, article_id: uuid.UUID) -> Article:
    """The article if this person may see it; 404 otherwise, so an address reveals nothing it should not."""
    article = article_get_for_user(article_id=article_id, user=request.user, session_articles=session_articles(request))
    if article is None:
        raise Http404
    return article
