"""API tokens for programs (a CMS, scripts), stored as digests only (access/tokens.py makes and checks them)."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """One token of a user: its SHA-256 digest, never the token itself, so a copy of the database or a look
    at the admin hands out nothing. The first characters (`prefix`) tell a user's tokens apart in lists.

    A token is random (32 bytes), so a plain digest cannot be reversed or guessed; a slow password hash
    would only slow every API call."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("What uses it, e.g. “CMS import”."))
    prefix = models.CharField(_("starts with"), max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    read_only = models.BooleanField(
        _("read-only"), default=False, help_text=_("It may read articles and summaries, but not submit or change them.")
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True, help_text=_("Empty: it never expires."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    def expired(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())
