"""Editors' review: state transitions, edits with revisions, restores, and re-runs.

Every change is one atomic function that checks the editor's permission and the current state,
changes the row, and writes the audit entry in the same transaction, so the history never lies.
"""

import logging
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from summaries.common.exceptions import ReviewError
from summaries.common.permissions import Account, User, is_editor
from summaries.glossary.services import glossary_suggestions_record
from summaries.review.errors import RevisionConflict
from summaries.review.models import Review, ReviewEvent, SummaryRevision
from summaries.runs.creation import run_create
from summaries.runs.models import Summary
from summaries.search.services import search_document_update

logger = logging.getLogger(__name__)

State = Review.State
Action = ReviewEvent.Action


@dataclass(frozen=True)
class Transition:
    """A review decision: the states it may start from, where it leads, and whether a note is required."""

    action: str
    sources: frozenset[str]
    target: str
    needs_note: bool = False


TRANSITIONS: dict[str, Transition] = {
    transition.action: transition
    for transition in [
        Transition(Action.APPROVE, frozenset({State.PENDING, State.CHANGES_REQUESTED}), State.APPROVED),
        Transition(Action.REJECT, frozenset({State.PENDING, State.CHANGES_REQUESTED}), State.REJECTED, needs_note=True),
        Transition(Action.REQUEST_CHANGES, frozenset({State.PENDING}), State.CHANGES_REQUESTED, needs_note=True),
        Transition(Action.WITHDRAW, frozenset({State.APPROVED}), State.PENDING),
        Transition(Action.REOPEN, frozenset({State.REJECTED, State.CHANGES_REQUESTED}), State.PENDING),
    ]
}


def review_actions(*, summary: Summary, user: User | None) -> list[Transition]:
    """The decisions this user may take on this summary now, for the page to offer (and only those)."""
    if not is_editor(user) or not summary.is_reviewable:
        return []
    return [transition for transition in TRANSITIONS.values() if summary.review.state in transition.sources]


def summary_transition(*, summary_id: int, editor: User, action: str, note: str = "") -> Summary:
    """Apply one review decision; approving a run withdraws the article's previously approved run."""
    editor = _require_editor(editor)
    transition = TRANSITIONS.get(action)
    note = note.strip()
    with transaction.atomic():
        summary = _locked(summary_id)
        if transition is None or summary.review.state not in transition.sources:
            raise ReviewError("not_allowed", state=summary.review.get_state_display())
        if transition.needs_note and not note:
            raise ReviewError("reason_required")
        if transition.target == State.APPROVED:
            _supersede_approved(summary, editor)
        _set_state(summary, editor, transition.action, transition.target, note)
    logger.info("summary %s: %s by user %s", summary_id, action, editor.pk)
    return summary


def summary_approve(*, summary_id: int, editor: User, note: str = "") -> Summary:
    """Approve a reviewed summary: it becomes the article's published summary."""
    return summary_transition(summary_id=summary_id, editor=editor, action=Action.APPROVE, note=note)


def summary_reject(*, summary_id: int, editor: User, reason: str) -> Summary:
    """Reject a summary; the reason is required and kept in the audit log."""
    return summary_transition(summary_id=summary_id, editor=editor, action=Action.REJECT, note=reason)


def summary_edit(
    *, summary_id: int, editor: User, title: str, text: str, base_revision: int, note: str = ""
) -> SummaryRevision:
    """Save an editor's text as a new revision, refusing if someone saved since `base_revision` was loaded."""
    editor = _require_editor(editor)
    text = text.strip()
    title = title.strip()
    if not text:
        raise ReviewError("empty_summary")
    with transaction.atomic():
        summary = _locked(summary_id)
        _require_editable(summary, base_revision)
        review = summary.review
        if text == review.text and title == review.title:
            raise ReviewError("no_change", number=review.revision)
        glossary_suggestions_record(summary=summary, old=review.text, new=text, editor=editor)
        return _add_revision(summary, editor, title=title, text=text, action=Action.EDIT, note=note)


def summary_restore(*, summary_id: int, editor: User, number: int, base_revision: int) -> SummaryRevision:
    """Bring back an earlier revision's text as a new revision; nothing in the history is rewritten."""
    editor = _require_editor(editor)
    with transaction.atomic():
        summary = _locked(summary_id)
        _require_editable(summary, base_revision)
        old = summary.revisions.filter(number=number).first()
        if old is None:
            raise ReviewError("unknown_revision", number=number)
        if old.text == summary.review.text and old.title == summary.review.title:
            raise ReviewError("no_change", number=summary.review.revision)
        note = f"r{number}"
        return _add_revision(summary, editor, title=old.title, text=old.text, action=Action.RESTORE, note=note)


def summary_rerun(*, summary_id: int, editor: User, strategy: str, length: str) -> Summary:
    """Send the article through the pipeline again as a new run; earlier runs and their reviews stay."""
    editor = _require_editor(editor)
    with transaction.atomic():
        previous = Summary.objects.select_for_update().select_related("article").filter(pk=summary_id).first()
        if previous is None:
            raise ReviewError("missing")
        article = previous.article
        if article.summaries.unfinished().exists():
            raise ReviewError("rerun_busy")
        run = run_create(article=article, strategy=strategy, length=length)
        ReviewEvent.objects.create(
            summary=run,
            actor=editor,
            action=Action.RERUN,
            from_state=run.review.state,
            to_state=run.review.state,
            note=f"#{previous.pk} → #{run.pk}",
        )
    logger.info("article %s re-run as summary %s by user %s", run.article_id, run.pk, editor.pk)
    return run


def _require_editor(user: User) -> Account:
    """The editor's account; anyone else (an anonymous visitor never is one) is refused."""
    if isinstance(user, AnonymousUser) or not is_editor(user):
        raise ReviewError("forbidden")
    return user


def _locked(summary_id: int) -> Summary:
    """The run with its review record, both rows locked until the transaction ends (the review in a query
    of its own: PostgreSQL locks no row on the nullable side of the outer join a reverse relation takes)."""
    summary = Summary.objects.select_for_update().select_related("article").filter(pk=summary_id).first()
    if summary is None:
        raise ReviewError("missing")
    summary.review = Review.objects.select_for_update().get(summary=summary)
    if not summary.is_reviewable:
        raise ReviewError("not_finished")
    return summary


def _require_editable(summary: Summary, base_revision: int) -> None:
    review = summary.review
    if review.state == State.APPROVED:
        raise ReviewError("approved_locked")
    if review.state == State.REJECTED:
        raise ReviewError("rejected_locked")
    if base_revision != review.revision:
        current = summary.revisions.select_related("author").filter(number=review.revision).first()
        author = (current.author.get_username() if current and current.author else "") or "—"
        when = date_format(timezone.localtime(current.created_at), "DATETIME_FORMAT") if current else ""
        raise RevisionConflict(base=base_revision, current=current, author=author, number=review.revision, time=when)


def _add_revision(
    summary: Summary, editor: Account, *, title: str, text: str, action: str, note: str
) -> SummaryRevision:
    review = summary.review
    review.revision += 1
    revision = SummaryRevision.objects.create(
        summary=summary, number=review.revision, title=title, text=text, author=editor, note=note[:255]
    )
    review.title = title
    review.current_text = text
    review.save(update_fields=["title", "current_text", "revision"])
    search_document_update(article_id=summary.article_id)
    ReviewEvent.objects.create(
        summary=summary,
        actor=editor,
        action=action,
        from_state=review.state,
        to_state=review.state,
        note=note or f"r{revision.number}",
    )
    return revision


def _supersede_approved(summary: Summary, editor: Account) -> None:
    """Withdraw the article's other approved run first, so the one-approved-run constraint holds."""
    for other in (
        Review.objects.select_for_update()
        .select_related("summary")
        .filter(article=summary.article_id, state=State.APPROVED)
        .exclude(summary=summary)
    ):
        _set_state(other.summary, editor, Action.SUPERSEDE, State.PENDING, f"#{summary.pk}")


def _set_state(summary: Summary, editor: Account, action: str, target: str, note: str) -> None:
    review = summary.review
    ReviewEvent.objects.create(
        summary=summary, actor=editor, action=action, from_state=review.state, to_state=target, note=note
    )
    review.state = target
    review.note = note if target in {State.REJECTED, State.CHANGES_REQUESTED} else ""
    review.reviewed_by = editor
    review.reviewed_at = timezone.now()
    review.save(update_fields=["state", "note", "reviewed_by", "reviewed_at"])
    search_document_update(article_id=summary.article_id)
