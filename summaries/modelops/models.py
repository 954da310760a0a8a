"""Where each configured model stands on its way to the workers (modelops/provisioning.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ModelState(models.Model):
    """Where a configured model stands on its way to the workers: missing, downloading (with bytes),
    converting or ready, and, once a worker has loaded it, on which backend and device and with how much
    memory. Written by the background fetcher and the workers; read by /healthz, the admin and the pages
    that tell people a run waits for a model."""

    class State(models.TextChoices):
        MISSING = "missing", _("Missing")
        DOWNLOADING = "downloading", _("Downloading")
        CONVERTING = "converting", _("Converting")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    model_id = models.CharField(_("model"), max_length=255, unique=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.MISSING)
    bytes_done = models.PositiveBigIntegerField(_("bytes downloaded"), default=0)
    bytes_total = models.PositiveBigIntegerField(_("bytes in total"), default=0)
    problem = models.CharField(
        _("problem"),
        max_length=32,
        blank=True,
        help_text=_("Why it is missing or failed: offline, unreachable, corrupt, ..."),
    )
    detail = models.TextField(_("detail"), blank=True, help_text=_("For administrators, in English."))
    backend = models.CharField(_("backend"), max_length=32, blank=True)
    device = models.CharField(_("device"), max_length=32, blank=True)
    resident_mb = models.FloatField(_("worker memory (MB)"), null=True, blank=True)
    loaded_by = models.CharField(_("loaded by"), max_length=255, blank=True)
    loaded_at = models.DateTimeField(_("loaded"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["model_id"]
        verbose_name = _("model state")
        verbose_name_plural = _("model states")

    def __str__(self) -> str:
        return f"{self.model_id}: {self.state}"

    @property
    def percent(self) -> int | None:
        """Download progress in percent while downloading."""
        if self.state != self.State.DOWNLOADING or not self.bytes_total:
            return None
        return min(100, int(100 * self.bytes_done / self.bytes_total))
