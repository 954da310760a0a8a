"""Review services: every transition (allowed and refused), revisions, restore, locking and re-runs."""

import pytest
from django.db import IntegrityError

from summaries.common.exceptions import ReviewError
from summaries.review import decisions as review
from summaries.review.errors import RevisionConflict
from summaries.review.models import Review, ReviewEvent
from summaries.runs.models import Summary
from tests.factories import finish, make_article, make_run, make_user

pytestmark = pytest.mark.django_db
State = Review.State

ACTIONS = ["approve", "reject", "request_changes", "withdraw", "reopen"]
ALLOWED = {
    ("approve", State.PENDING): State.APPROVED,
    ("approve", State.CHANGES_REQUESTED): State.APPROVED,
    ("reject", State.PENDING): State.REJECTED,
    ("reject", State.CHANGES_REQUESTED): State.REJECTED,
    ("request_changes", State.PENDING): State.CHANGES_REQUESTED,
    ("withdraw", State.APPROVED): State.PENDING,
    ("reopen", State.REJECTED): State.PENDING,
    ("reopen", State.CHANGES_REQUESTED): State.PENDING,
}


@pytest.fixture
def editor():
    return make_user("editor", editor=True)


@pytest.fixture
def done():
    return finish(make_article().latest_summary)


class TestTransitions:
    @pytest.mark.parametrize("state", State.values)
    @pytest.mark.parametrize("action", ACTIONS)
    def test_every_action_from_every_state(self, editor, done, action, state):
        """Allowed pairs move to their target and log who/from/to/note; all others are refused and change nothing."""
        Review.objects.filter(summary=done).update(state=state)
        if (action, state) in ALLOWED:
            summary = review.summary_transition(summary_id=done.pk, editor=editor, action=action, note="because")
            assert summary.review.state == ALLOWED[action, state]
            event = ReviewEvent.objects.get(summary=done)
            assert (event.actor, event.action, event.from_state, event.to_state, event.note) == (
                editor,
                action,
                state,
                ALLOWED[action, state],
                "because",
            )
        else:
            with pytest.raises(ReviewError) as caught:
                review.summary_transition(summary_id=done.pk, editor=editor, action=action, note="because")
            assert caught.value.code == "not_allowed"
            done.refresh_from_db()
            assert done.review.state == state and not ReviewEvent.objects.exists()

    def test_unknown_action_is_refused(self, editor, done):
        """An action name that is not a transition is refused like any impossible one."""
        with pytest.raises(ReviewError, match="not possible"):
            review.summary_transition(summary_id=done.pk, editor=editor, action="publish")

    @pytest.mark.parametrize("action", ["reject", "request_changes"])
    @pytest.mark.parametrize("note", ["", "   \n"])
    def test_reject_and_request_changes_need_a_reason(self, editor, done, action, note):
        """Without a reason the decision is refused with a message asking for one."""
        with pytest.raises(ReviewError) as caught:
            review.summary_transition(summary_id=done.pk, editor=editor, action=action, note=note)
        assert caught.value.code == "reason_required"
        assert "Give a reason" in caught.value.message
        done.refresh_from_db()
        assert done.review.state == State.PENDING

    def test_reject_keeps_the_reason_on_the_summary(self, editor, done):
        """The reason is shown on the review page, not only in the log."""
        summary = review.summary_reject(summary_id=done.pk, editor=editor, reason="Names are wrong")
        assert summary.review.note == "Names are wrong" and summary.review.reviewed_by == editor

    def test_unfinished_runs_cannot_be_reviewed(self, editor):
        """A queued run has no summary yet."""
        summary = make_article().latest_summary
        with pytest.raises(ReviewError) as caught:
            review.summary_approve(summary_id=summary.pk, editor=editor)
        assert caught.value.code == "not_finished"

    def test_non_editors_are_refused(self, done):
        """The service checks the permission itself, whatever the caller checked."""
        with pytest.raises(ReviewError) as caught:
            review.summary_approve(summary_id=done.pk, editor=make_user("reader"))
        assert caught.value.code == "forbidden"
        done.refresh_from_db()
        assert done.review.state == State.PENDING

    def test_approving_a_new_run_withdraws_the_old_approval(self, editor, done):
        """One approved run per article: the older one goes back to pending, logged as superseded."""
        review.summary_approve(summary_id=done.pk, editor=editor)
        newer = finish(make_run(done.article))
        review.summary_approve(summary_id=newer.pk, editor=editor)
        done.refresh_from_db()
        assert done.review.state == State.PENDING
        assert ReviewEvent.objects.filter(summary=done, action="supersede", to_state=State.PENDING).exists()

    def test_database_refuses_two_approved_runs(self, done):
        """The rule holds even for code that bypasses the service."""
        newer = finish(make_run(done.article))
        Review.objects.filter(summary=done).update(state=State.APPROVED)
        with pytest.raises(IntegrityError):
            Review.objects.filter(summary=newer).update(state=State.APPROVED)

    def test_actions_offered_match_the_state(self, editor, done):
        """The page offers exactly the allowed decisions, and none to non-editors."""
        offered = [t.action for t in review.review_actions(summary=done, user=editor)]
        assert offered == ["approve", "reject", "request_changes"]
        assert review.review_actions(summary=done, user=make_user("reader")) == []


class TestRevisions:
    def test_edit_creates_a_revision_with_author(self, editor, done):
        """Every save is a new numbered revision; the summary reads as the newest one."""
        revision = review.summary_edit(
            summary_id=done.pk, editor=editor, title="Deal", text="Edited text.", base_revision=1
        )
        done.refresh_from_db()
        assert (revision.number, revision.author, revision.text, revision.title) == (2, editor, "Edited text.", "Deal")
        assert (done.review.revision, done.review.text, done.review.title) == (2, "Edited text.", "Deal")
        assert done.summary_text == "Russia and Egypt renewed their partnership."  # machine output kept
        assert ReviewEvent.objects.get(summary=done).action == "edit"

    def test_saving_over_a_newer_revision_is_refused(self, editor, done):
        """Optimistic locking: the second editor, who loaded revision 1, cannot silently overwrite revision 2."""
        other = make_user("other", editor=True)
        review.summary_edit(summary_id=done.pk, editor=other, title="", text="Their text.", base_revision=1)
        with pytest.raises(RevisionConflict) as caught:
            review.summary_edit(summary_id=done.pk, editor=editor, title="", text="My text.", base_revision=1)
        assert caught.value.current.number == 2 and caught.value.base == 1
        assert "other saved revision 2" in caught.value.message
        done.refresh_from_db()
        assert done.review.text == "Their text." and done.revisions.count() == 2

    def test_unchanged_and_empty_saves_are_refused(self, editor, done):
        """A save that changes nothing or empties the summary creates no revision."""
        with pytest.raises(ReviewError, match="Nothing to save"):
            review.summary_edit(summary_id=done.pk, editor=editor, title="", text=done.review.text, base_revision=1)
        with pytest.raises(ReviewError, match="cannot be empty"):
            review.summary_edit(summary_id=done.pk, editor=editor, title="", text="  ", base_revision=1)
        assert done.revisions.count() == 1

    @pytest.mark.parametrize(
        ("state", "code"), [(State.APPROVED, "approved_locked"), (State.REJECTED, "rejected_locked")]
    )
    def test_approved_and_rejected_summaries_are_locked(self, editor, done, state, code):
        """Published text changes only after withdrawing; rejected text only after reopening."""
        Review.objects.filter(summary=done).update(state=state)
        with pytest.raises(ReviewError) as caught:
            review.summary_edit(summary_id=done.pk, editor=editor, title="", text="New.", base_revision=1)
        assert caught.value.code == code

    def test_changes_requested_can_be_edited(self, editor, done):
        """Editing is what a change request asks for."""
        Review.objects.filter(summary=done).update(state=State.CHANGES_REQUESTED)
        assert (
            review.summary_edit(summary_id=done.pk, editor=editor, title="", text="Fixed.", base_revision=1).number == 2
        )

    def test_restore_adds_a_new_revision(self, editor, done):
        """Restoring revision 1 after an edit gives revision 3 with revision 1's text; history is untouched."""
        review.summary_edit(summary_id=done.pk, editor=editor, title="T", text="Edited.", base_revision=1)
        restored = review.summary_restore(summary_id=done.pk, editor=editor, number=1, base_revision=2)
        done.refresh_from_db()
        assert (restored.number, restored.text, restored.title) == (
            3,
            "Russia and Egypt renewed their partnership.",
            "",
        )
        assert done.review.text == restored.text and list(done.revisions.values_list("number", flat=True)) == [3, 2, 1]
        assert ReviewEvent.objects.filter(summary=done, action="restore", note="r1").exists()

    def test_restore_checks_the_revision_and_the_lock(self, editor, done):
        """Unknown revisions and stale pages are refused."""
        with pytest.raises(ReviewError, match="no revision 7"):
            review.summary_restore(summary_id=done.pk, editor=editor, number=7, base_revision=1)
        review.summary_edit(summary_id=done.pk, editor=editor, title="", text="Edited.", base_revision=1)
        with pytest.raises(RevisionConflict):
            review.summary_restore(summary_id=done.pk, editor=editor, number=1, base_revision=1)


class TestRerun:
    def test_rerun_adds_a_run_and_keeps_the_old_one(self, editor, done, django_capture_on_commit_callbacks):
        """The new run is queued with the chosen options; the old run, its revisions and state stay."""
        review.summary_approve(summary_id=done.pk, editor=editor)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            run = review.summary_rerun(summary_id=done.pk, editor=editor, strategy="extract-translate", length="short")
        assert len(callbacks) == 1
        assert (run.status, run.strategy, run.length, run.summarization_model) == (
            "queued",
            "extract-translate",
            "short",
            "",
        )
        assert done.article.summaries.count() == 2 and done.article.latest_summary == run
        done.refresh_from_db()
        assert done.review.state == State.APPROVED and done.revisions.count() == 1
        assert ReviewEvent.objects.get(summary=run).action == "rerun"

    def test_rerun_while_a_run_is_unfinished_is_refused(self, editor, done):
        """No two runs of one article at once."""
        make_run(done.article)
        with pytest.raises(ReviewError) as caught:
            review.summary_rerun(summary_id=done.pk, editor=editor, strategy="translate-summarize", length="medium")
        assert caught.value.code == "rerun_busy"
        assert done.article.summaries.count() == 2

    def test_failed_runs_can_be_rerun(self, editor):
        """A failure is a reason to run again, not a dead end."""
        failed = make_article().latest_summary
        Summary.objects.filter(pk=failed.pk).update(status="failed")
        run = review.summary_rerun(summary_id=failed.pk, editor=editor, strategy="translate-summarize", length="medium")
        assert run.pk != failed.pk
