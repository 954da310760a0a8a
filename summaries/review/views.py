"""Editors' pages: the review queue and one summary's review page with its forms.

Every view is `editor_required`; the services check the permission again and own every change.
A refused action re-renders the page with the editor's input kept and the reason shown.
"""

from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from summaries.common.exceptions import ReviewError
from summaries.common.permissions import editor_required
from summaries.review import decisions as review
from summaries.review.diff import word_diff
from summaries.review.errors import RevisionConflict
from summaries.review.filters import ReviewQueueFilter
from summaries.review.forms import DecisionForm, DiffForm, RerunForm, RestoreForm, SummaryEditForm, flagged_question
from summaries.review.models import Review
from summaries.review.selectors import article_events, review_queue_list, review_state_counts, summary_revisions
from summaries.runs.models import Summary
from summaries.runs.selectors import article_runs, summary_get

QUEUE_PAGE_SIZE = 25


@editor_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """Each article's newest run, filtered and searched, with counts per review state."""
    queue = ReviewQueueFilter(request.GET)
    filters = queue.form.cleaned_data if queue.is_valid() else {}
    filters = {key: value for key, value in filters.items() if value not in (None, "")}
    page = Paginator(review_queue_list(filters=filters), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    others = {key: value for key, value in request.GET.items() if key not in {"review_state", "page"} and value}
    tabs = [
        {"state": state, "label": label, "count": count, "query": urlencode({**others, "review_state": state})}
        for (state, label), count in zip(
            Review.State.choices, review_state_counts(filters=filters).values(), strict=True
        )
    ]
    context = {
        "form": queue.form,
        "page": page,
        "tabs": tabs,
        "active_state": filters.get("review_state", ""),
        "all_query": urlencode(others),
        "page_query": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
    }
    return render(request, "summaries/review_queue.html", context, status=400 if queue.form.errors else 200)


@editor_required
@require_http_methods(["GET", "POST"])
def summary_review(request: HttpRequest, summary_id: int) -> HttpResponse:
    """The side-by-side review page; POST saves the editor's text as a new revision."""
    summary = _summary_or_404(summary_id)
    if request.method == "GET":
        return _render_review(request, summary)
    form = SummaryEditForm(request.POST)
    if not form.is_valid():
        return _render_review(request, summary, edit_form=form, status=400)
    try:
        revision = review.summary_edit(
            summary_id=summary.pk,
            editor=request.user,
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
            base_revision=form.cleaned_data["base_revision"],
            note=form.cleaned_data["note"],
        )
    except RevisionConflict as conflict:
        return _render_conflict(request, summary, form, conflict)
    except ReviewError as exc:
        form.add_error(None, exc.message)
        return _render_review(request, summary, edit_form=form, status=400)
    messages.success(request, _("Saved as revision %(number)d.") % {"number": revision.number})
    return redirect("summaries:summary_review", summary_id=summary.pk)


@editor_required
@require_POST
def summary_decide(request: HttpRequest, summary_id: int) -> HttpResponse:
    """Approve, reject, request changes, withdraw or reopen."""
    summary = _summary_or_404(summary_id)
    form = DecisionForm(request.POST, flags=summary.flag_count)
    if not form.is_valid():
        return _render_review(request, summary, decision_form=form, status=400)
    try:
        review.summary_transition(
            summary_id=summary.pk,
            editor=request.user,
            action=form.cleaned_data["action"],
            note=form.cleaned_data["note"],
        )
    except ReviewError as exc:
        if exc.code == "reason_required":
            form.add_error("note", exc.message)
            return _render_review(request, summary, decision_form=form, status=400)
        return _render_review(request, summary, error=exc.message, status=400)
    summary.refresh_from_db()
    messages.success(request, _("The summary is now “%(state)s”.") % {"state": summary.review.get_state_display()})
    return redirect("summaries:summary_review", summary_id=summary.pk)


@editor_required
@require_POST
def summary_restore(request: HttpRequest, summary_id: int) -> HttpResponse:
    """Restore an earlier revision as a new one."""
    summary = _summary_or_404(summary_id)
    form = RestoreForm(request.POST)
    if not form.is_valid():
        return _render_review(request, summary, error=_("Choose a revision to restore."), status=400)
    try:
        revision = review.summary_restore(
            summary_id=summary.pk,
            editor=request.user,
            number=form.cleaned_data["number"],
            base_revision=form.cleaned_data["base_revision"],
        )
    except ReviewError as exc:
        return _render_review(
            request, summary, error=exc.message, status=409 if isinstance(exc, RevisionConflict) else 400
        )
    messages.success(
        request,
        _("Revision %(old)d restored as revision %(new)d.")
        % {"old": form.cleaned_data["number"], "new": revision.number},
    )
    return redirect("summaries:summary_review", summary_id=summary.pk)


@editor_required
@require_POST
def summary_rerun(request: HttpRequest, summary_id: int) -> HttpResponse:
    """Send the article through the pipeline again; the new run gets its own review page."""
    summary = _summary_or_404(summary_id)
    form = RerunForm(request.POST)
    if not form.is_valid():
        return _render_review(request, summary, rerun_form=form, status=400)
    try:
        run = review.summary_rerun(
            summary_id=summary.pk,
            editor=request.user,
            strategy=form.cleaned_data["strategy"],
            length=form.cleaned_data["length"],
        )
    except ReviewError as exc:
        form.add_error(None, exc.message)
        return _render_review(request, summary, rerun_form=form, status=400)
    messages.success(request, _("The article was sent through the pipeline again; earlier runs stay below."))
    return redirect("summaries:summary_review", summary_id=run.pk)


@editor_required
@require_GET
def summary_diff(request: HttpRequest, summary_id: int) -> HttpResponse:
    """What changed between two revisions, word by word."""
    summary = _summary_or_404(summary_id)
    form = DiffForm(request.GET)
    if not form.is_valid():
        return _render_review(request, summary, diff_form=form, status=400)
    numbers = list(form.cleaned_data.values())
    revisions = {revision.number: revision for revision in summary_revisions(summary=summary, numbers=numbers)}
    missing = [number for number in form.cleaned_data.values() if number not in revisions]
    if missing:
        error = ReviewError("unknown_revision", number=missing[0]).message
        return _render_review(request, summary, diff_form=form, error=error, status=400)
    old, new = revisions[form.cleaned_data["a"]], revisions[form.cleaned_data["b"]]
    diff = {"old": old, "new": new, "title": word_diff(old.title, new.title), "text": word_diff(old.text, new.text)}
    return _render_review(request, summary, diff_form=form, diff=diff)


def _summary_or_404(summary_id: int) -> Summary:
    summary = summary_get(summary_id=summary_id)
    if summary is None:
        raise Http404
    return summary


def _render_conflict(
    request: HttpRequest, summary: Summary, form: SummaryEditForm, conflict: RevisionConflict
) -> HttpResponse:
    """Keep the editor's text, show what the other save changed, and let a second save be deliberate."""
    base = summary_revisions(summary=summary, numbers=[conflict.base]).first()
    current = conflict.current
    diff = None
    if current is not None:
        diff = {
            "old": base,
            "new": current,
            "title": word_diff(base.title if base else "", current.title),
            "text": word_diff(base.text if base else "", current.text),
        }
    data = cast(QueryDict, form.data).copy()  # the form was bound to request.POST (edit)
    data["base_revision"] = str(summary.review.revision if current is None else current.number)
    resubmit = SummaryEditForm(data)
    resubmit.is_valid()
    return _render_review(request, summary, edit_form=resubmit, error=conflict.message, diff=diff, status=409)


def _render_review(
    request: HttpRequest,
    summary: Summary,
    *,
    edit_form: SummaryEditForm | None = None,
    decision_form: DecisionForm | None = None,
    rerun_form: RerunForm | None = None,
    diff_form: DiffForm | None = None,
    diff: dict | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    summary.refresh_from_db()
    revisions = list(summary_revisions(summary=summary))
    flagged, total = summary.flag_count
    context = {
        "summary": summary,
        "article": summary.article,
        "edit_form": edit_form
        or SummaryEditForm(
            initial={
                "title": summary.review.title,
                "text": summary.review.text,
                "base_revision": summary.review.revision,
            }
        ),
        "decision_form": decision_form,
        "flagged_question": flagged_question(flagged, total) if flagged else "",
        "actions": review.review_actions(summary=summary, user=request.user),
        "rerun_form": rerun_form or RerunForm(initial={"strategy": summary.strategy, "length": summary.length}),
        "diff_form": diff_form
        or DiffForm(initial={"a": max(summary.review.revision - 1, 1), "b": summary.review.revision}),
        "diff": diff,
        "error": error,
        "revisions": revisions,
        "runs": article_runs(article=summary.article),
        "events": article_events(article=summary.article),
    }
    return render(request, "summaries/summary_review.html", context, status=status)
