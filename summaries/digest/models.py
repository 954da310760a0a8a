"""The daily digest: one day's approved summaries, grouped, which an editor publishes for the public.

Grouping and rendering are digest/services.py; a published digest keeps the groups as they were when it
was published (`content`), so a later edit or approval does not change what the public already read.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Digest(models.Model):
    """A day's digest; unpublished until an editor publishes it."""

    day = models.DateField(_("day"), unique=True)
    introduction = models.TextField(_("introduction"), blank=True)
    content = models.JSONField(_("published groups"), default=list, blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")

    def __str__(self) -> str:
        return str(self.day)
