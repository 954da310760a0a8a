"""RSS/Atom feeds editors follow: where they are, how often to poll them, and how the last poll went.

Polling itself (conditional requests, backoff, new entries as articles) is feeds/polling.py.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Feed(models.Model):
    """One feed; its new entries become articles (origin "feed") fetched and processed as links."""

    url = models.URLField(_("feed address"), max_length=2000, unique=True)
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        help_text=_("Leave empty to detect each article's language; set it when the detector gets this outlet wrong."),
    )
    strategy = models.CharField(_("strategy"), max_length=32, default="translate-summarize")
    length = models.CharField(_("length"), max_length=16, default="medium")
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive feeds are not polled."))
    interval_minutes = models.PositiveIntegerField(
        _("poll every (minutes)"), default=30, help_text=_("How often to look for new entries.")
    )
    # The validators the site sent last time, sent back so an unchanged feed answers 304 with no body.
    etag = models.CharField(_("ETag"), max_length=255, blank=True)
    last_modified = models.CharField(_("Last-Modified"), max_length=64, blank=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True, db_index=True)
    entries_seen = models.PositiveIntegerField(_("entries taken"), default=0)
    failures = models.PositiveIntegerField(
        _("failures in a row"), default=0, help_text=_("Each failure doubles the wait before the next poll.")
    )
    last_error_code = models.CharField(_("last error code"), max_length=64, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")

    def __str__(self) -> str:
        return self.name

    @property
    def is_failing(self) -> bool:
        """Failed at least FEED_FAILING_AFTER polls in a row: editors see it marked, with the last error."""
        return self.failures >= settings.SUMMARIES_FEED_FAILING_AFTER
