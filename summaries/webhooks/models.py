"""Webhook endpoints, the deliveries of events to them, and each attempt of a delivery (never changed)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    """What an endpoint may subscribe to; the value is the payload's `type`."""

    SUMMARY_APPROVED = "summary.approved", _("A summary is approved")
    SUMMARY_PUBLISHED = "summary.published", _("A summary is published")
    RUN_FAILED = "run.failed", _("A run fails")


class WebhookEndpoint(models.Model):
    """A URL that receives the events it subscribed to, signed with its own secret."""

    class Disabled(models.TextChoices):
        BY_HAND = "by_hand", _("Disabled by hand.")
        FAILURES = "failures", _("Disabled after too many failed deliveries in a row.")
        GONE = "gone", _("Disabled: the endpoint answered 410 Gone, which asks senders to stop.")

    url = models.URLField(_("endpoint address"), max_length=2000)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list, help_text=_("The event types sent to this endpoint."))
    # "whsec_" + base64 of random bytes: shown once when made; deliveries are signed with it.
    secret = models.CharField(_("signing secret"), max_length=100, editable=False)
    active = models.BooleanField(_("active"), default=True)
    disabled_reason = models.CharField(
        _("why disabled"), max_length=16, choices=Disabled.choices, blank=True, editable=False
    )
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(_("failed deliveries in a row"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["url", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.description or self.url

    @property
    def event_labels(self) -> list[str]:
        labels = dict(Event.choices)
        return [str(labels.get(event, event)) for event in self.events]


class WebhookDelivery(models.Model):
    """One event for one endpoint: the exact body sent, and where its attempts stand. The Standard Webhooks
    message id (`webhook-id`) is the delivery's, the same on every attempt and every resend, so a receiver can
    tell a retry from a new event."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Sending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent: the endpoint is disabled")

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    message_id = models.UUIDField(_("message id"), default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(_("event"), max_length=32, choices=Event.choices)
    payload = models.TextField(_("body"), help_text=_("The JSON body, exactly as it is signed and sent."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Attempts allowed so far: WEBHOOK_MAX_ATTEMPTS when made; a resend by hand allows one more.
    attempt_limit = models.PositiveIntegerField(_("attempts allowed"), default=1)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, db_index=True)
    # Someone asked for the next attempt by hand: logged as such.
    resend_requested = models.BooleanField(_("resend asked for"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id} ({self.status})"

    @property
    def webhook_id(self) -> str:
        """The `webhook-id` header: `msg_` and the delivery's id."""
        return f"msg_{self.message_id.hex}"


class WebhookAttempt(models.Model):
    """One try at a delivery, as it went: written once by the sender, never changed."""

    class Error(models.TextChoices):
        NONE = "", _("None")
        STATUS = "status", _("The endpoint answered with an error status.")
        REDIRECT = "redirect", _("The endpoint answered with a redirect, which is not followed.")
        TIMEOUT = "timeout", _("The endpoint did not answer in time.")
        UNREACHABLE = "unreachable", _("The endpoint could not be reached, or the connection was dropped.")
        ADDRESS = "address", _("The endpoint's address is private or not allowed.")
        DISABLED = "disabled", _("The endpoint is disabled.")

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log", verbose_name=_("delivery")
    )
    number = models.PositiveIntegerField(_("attempt"))
    succeeded = models.BooleanField(_("succeeded"), default=False)
    by_hand = models.BooleanField(_("resent by hand"), default=False)
    response_code = models.PositiveIntegerField(_("response code"), null=True, blank=True)
    response_excerpt = models.CharField(_("response (start)"), max_length=500, blank=True)
    error = models.CharField(_("error"), max_length=16, choices=Error.choices, blank=True)
    started_at = models.DateTimeField(_("sent at"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)

    class Meta:
        ordering = ["delivery", "-number"]
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
        constraints = [models.UniqueConstraint(fields=["delivery", "number"], name="unique_webhook_attempt")]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}"
