"""The editors' glossary of names and terms, and the entries suggested from their corrections."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def split_lines(text: str) -> list[str]:
    """The non-empty lines of a one-per-line field, trimmed."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class GlossaryEntry(models.Model):
    """An editors' rule for one Arabic term: how it is rendered in English, and renderings to correct.

    Variants are stored one per line so the admin, the editors' page and CSV files edit them as plain text.
    """

    arabic = models.CharField(_("Arabic term"), max_length=200, unique=True)
    arabic_variants = models.TextField(
        _("Arabic variant spellings"), blank=True, help_text=_("One per line; the term itself need not be repeated.")
    )
    english = models.CharField(_("preferred English"), max_length=200)
    wrong_variants = models.TextField(
        _("wrong English variants"),
        blank=True,
        help_text=_("One per line; replaced by the preferred English after translation."),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["english", "arabic"]
        verbose_name = _("glossary entry")
        verbose_name_plural = _("glossary entries")

    def __str__(self) -> str:
        return f"{self.arabic} → {self.english}"

    @property
    def arabic_forms(self) -> list[str]:
        """The term and its variant spellings."""
        return [self.arabic, *split_lines(self.arabic_variants)]

    @property
    def wrong_list(self) -> list[str]:
        return split_lines(self.wrong_variants)


class GlossarySuggestion(models.Model):
    """A name an editor replaced in a revision ("El-Sisi" → "Sisi"): a candidate wrong variant for the glossary."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DISMISSED = "dismissed", _("Dismissed")

    wrong = models.CharField(_("replaced name"), max_length=200)
    english = models.CharField(_("editor's name"), max_length=200)
    summary = models.ForeignKey(
        "summaries.Summary", on_delete=models.CASCADE, related_name="glossary_suggestions", verbose_name=_("summary")
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suggested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(_("suggested"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("glossary suggestion")
        verbose_name_plural = _("glossary suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["wrong", "english"], condition=models.Q(state="open"), name="one_open_suggestion_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.wrong} → {self.english}"


class GlossaryImport(models.Model):
    """One uploaded glossary file, imported by a worker (glossary/imports.py) in short batches, so
    a 100,000-row file never holds the database for more than a moment; its page shows the progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("not imported")

    file_name = models.CharField(_("file"), max_length=255)
    fmt = models.CharField(max_length=3)
    data = models.BinaryField()
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("imported by"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    language = models.CharField(max_length=16, blank=True)  # the uploader's: the worker writes its errors in it
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows written"), default=0)
    created = models.PositiveIntegerField(_("new entries"), default=0)
    updated = models.PositiveIntegerField(_("updated entries"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)  # the worker's last sign of life (the sweeper)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("glossary import")
        verbose_name_plural = _("glossary imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int:
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else (100 if self.finished else 0)
