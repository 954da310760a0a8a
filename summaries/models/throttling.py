"""Submissions counted against the rate limits (services/throttle.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionHit(models.Model):
    """One anonymous submission, counted against a rate limit.

    Kept in the database, not a per-process cache, so every web process sees the same count; the
    client address and session are stored only as keyed hashes.
    """

    class Scope(models.TextChoices):
        IP = "ip", _("address")
        SESSION = "session", _("session")
        USER = "user", _("user")
        REFUSED = "refused", _("refused submissions")

    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    key = models.CharField(_("key"), max_length=64)
    articles = models.PositiveIntegerField(_("articles"), default=1)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "created_at"], name="summaries_hit_lookup")]
        verbose_name = _("submission hit")
        verbose_name_plural = _("submission hits")

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]} {self.created_at:%Y-%m-%d %H:%M}"
