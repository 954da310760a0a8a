"""The editorial trail of a summary: each saved version of its text and each review decision, never changed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from summaries.runs.models import Summary


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
    from_state = models.CharField(_("from"), max_length=24, choices=Summary.ReviewState.choices)
    to_state = models.CharField(_("to"), max_length=24, choices=Summary.ReviewState.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("review event")
        verbose_name_plural = _("review events")

    def __str__(self) -> str:
        return f"{self.summary_id}: {self.action} {self.from_state} → {self.to_state}"
