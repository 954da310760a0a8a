"""The editorial side of a run: its review record, each saved version of its text and each review decision
(the last two never changed)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from summaries.articles.models import Article
from summaries.runs.models import Summary


class Review(models.Model):
    """The editorial record of one run: its review state, the text as edited, and who decided last.

    Kept apart from the job (runs.Summary), as Wagtail keeps a workflow's state apart from the page: the
    worker writes the run, editors write this, and neither can overwrite the other. Made with its run
    (runs/creation.py); its revisions and events hang off the run, one record per run."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    summary = models.OneToOneField(
        Summary, on_delete=models.CASCADE, primary_key=True, related_name="review", verbose_name=_("summary")
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("article"), editable=False
    )
    state = models.CharField(
        _("review state"), max_length=24, choices=State.choices, default=State.PENDING, db_index=True
    )
    note = models.TextField(
        _("review note"), blank=True, help_text=_("Why it was rejected or what should change; from the last decision.")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    title = models.CharField(_("headline"), max_length=300, blank=True)
    current_text = models.TextField(
        _("summary as edited"),
        blank=True,
        help_text=_("The text of the newest revision; the machine output stays in “summary”."),
    )
    revision = models.PositiveIntegerField(
        _("revision"),
        default=0,
        help_text=_("Number of the newest revision; a save must name it (optimistic locking)."),
    )

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            # What is published for an article must be unambiguous: approving a run withdraws the one
            # approved before it, in the same transaction (review/decisions.py).
            models.UniqueConstraint(
                fields=["article"], condition=models.Q(state="approved"), name="one_approved_summary_per_article"
            )
        ]
        # What is published, newest approval first (the published list, the outgoing feeds): read in index
        # order instead of sorting every approved review (at 10,000 a feed is built in a third of the time).
        indexes = [models.Index(fields=["state", "-reviewed_at"], name="summaries_review_published")]

    def __str__(self) -> str:
        return f"#{self.summary_id}: {self.get_state_display()}"

    @property
    def text(self) -> str:
        """The summary as it reads now: the newest revision, or the machine output before any."""
        return self.current_text if self.revision else self.summary.summary_text

    @property
    def is_editable(self) -> bool:
        """Approved text is what is published and rejected text is closed: reopen or withdraw first."""
        return self.summary.is_reviewable and self.state in {self.State.PENDING, self.State.CHANGES_REQUESTED}


class SummaryRevision(models.Model):
    """One saved version of a summary's text; never changed, so the history can be diffed and restored."""

    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("summary"))
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("headline"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="summary_revisions",
        help_text=_("Empty for the pipeline's own output."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["summary", "-number"]
        verbose_name = _("summary revision")
        verbose_name_plural = _("summary revisions")
        constraints = [models.UniqueConstraint(fields=["summary", "number"], name="unique_revision_number")]

    def __str__(self) -> str:
        return f"{self.summary_id} r{self.number}"


class ReviewEvent(models.Model):
    """The audit log: who did what to a summary, when, and from which review state to which."""

    class Action(models.TextChoices):
        APPROVE = "approve", pgettext_lazy("audit log action", "Approved")
        REJECT = "reject", pgettext_lazy("audit log action", "Rejected")
        REQUEST_CHANGES = "request_changes", _("Requested changes")
        WITHDRAW = "withdraw", _("Withdrew approval")
        REOPEN = "reopen", _("Reopened for review")
        SUPERSEDE = "supersede", _("Approval passed to a newer run")
        EDIT = "edit", _("Edited the summary")
        RESTORE = "restore", _("Restored a revision")
        RERUN = "rerun", _("Sent the article through the pipeline again")

    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="events", verbose_name=_("summary"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_events",
    )
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=24, choices=Review.State.choices)
    to_state = models.CharField(_("to"), max_length=24, choices=Review.State.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("review event")
        verbose_name_plural = _("review events")

    def __str__(self) -> str:
        return f"{self.summary_id}: {self.action} {self.from_state} → {self.to_state}"
