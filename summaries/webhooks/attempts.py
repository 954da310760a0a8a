"""The worker's side of a delivery: one attempt per message, recorded, and what follows from it (the next
attempt scheduled with backoff, the delivery given up, the endpoint disabled).

An attempt is claimed before it is sent (PENDING → SENDING in one locked update), so a message delivered
twice, or the sweeper's copy of a late one, never sends the same attempt twice; a message that arrives
before its attempt is due (one from an earlier attempt, delivered late) finds nothing to do.
"""

import logging
import random
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from summaries.webhooks import delivery as transport
from summaries.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from summaries.webhooks.services import deliveries_send, endpoint_disable
from summaries.webhooks.signing import signed_headers

logger = logging.getLogger(__name__)

Status = WebhookDelivery.Status
Error = WebhookAttempt.Error
Disabled = WebhookEndpoint.Disabled
# A 410 asks senders to stop for good (Standard Webhooks: disable the endpoint).
GONE = 410


def retry_delay(attempt: int) -> float:
    """Seconds to wait after failed attempt number `attempt` (1 for the first): between half and all of
    RETRY_BACKOFF × 2^(attempt-1), at most MAX_BACKOFF; the random half spreads retries out."""
    ceiling = min(settings.SUMMARIES_WEBHOOK_MAX_BACKOFF, settings.SUMMARIES_WEBHOOK_RETRY_BACKOFF * 2 ** (attempt - 1))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def webhook_deliver(*, delivery_id: int) -> None:
    """Make the delivery's due attempt, if one is due; the worker's task calls this and only this."""
    claimed = _claim(delivery_id)
    if claimed is None:
        return
    delivery, by_hand = claimed
    endpoint = delivery.endpoint
    started = timezone.now()
    timestamp = int(time.time())
    headers = signed_headers(
        secret=endpoint.secret, message_id=delivery.webhook_id, timestamp=timestamp, body=delivery.payload
    )
    outcome = transport.post(url=endpoint.url, body=delivery.payload, headers=headers)
    _record(delivery, outcome, started=started, by_hand=by_hand)


def _claim(delivery_id: int) -> tuple[WebhookDelivery, bool] | None:
    """The delivery, now SENDING with its attempt counted, and whether a person asked for it; None when no
    attempt is due (already sent, sending, or early). An inactive endpoint's delivery is skipped instead."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("endpoint")
            .filter(pk=delivery_id, status=Status.PENDING)
            .first()
        )
        if delivery is None or (delivery.next_attempt_at and delivery.next_attempt_at > now + timedelta(seconds=1)):
            return None
        if not delivery.endpoint.active:
            delivery.status, delivery.next_attempt_at, delivery.finished_at = Status.SKIPPED, None, now
            delivery.save(update_fields=["status", "next_attempt_at", "finished_at"])
            return None
        by_hand, delivery.resend_requested = delivery.resend_requested, False
        delivery.attempts += 1
        delivery.status = Status.SENDING
        # Until then it is being sent; past it (and LATE), the sweeper takes its worker for dead.
        limits = settings.SUMMARIES_WEBHOOK_CONNECT_SECONDS + settings.SUMMARIES_WEBHOOK_READ_SECONDS
        delivery.next_attempt_at = now + timedelta(seconds=limits)
        delivery.save(update_fields=["attempts", "status", "next_attempt_at", "resend_requested"])
    return delivery, by_hand


def _record(delivery: WebhookDelivery, outcome: transport.Outcome, *, started: datetime, by_hand: bool) -> None:
    """Log the attempt and move the delivery on: delivered, retried later, or failed (and the endpoint's
    failures in a row counted, disabling it at WEBHOOK_DISABLE_AFTER, or at once on 410 Gone)."""
    now = timezone.now()
    retry = not outcome.succeeded and outcome.response_code != GONE and delivery.attempts < delivery.attempt_limit
    next_at = now + timedelta(seconds=retry_delay(delivery.attempts)) if retry else None
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            succeeded=outcome.succeeded,
            by_hand=by_hand,
            response_code=outcome.response_code,
            response_excerpt=outcome.excerpt,
            error=outcome.error,
            started_at=started,
            duration_ms=outcome.duration_ms,
            next_attempt_at=next_at,
        )
        if outcome.succeeded:
            delivery.status, delivery.finished_at = Status.DELIVERED, now
            WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(consecutive_failures=0)
        elif next_at is not None:  # a retry
            delivery.status = Status.PENDING
            countdown = (next_at - now).total_seconds()
            transaction.on_commit(lambda: deliveries_send(delivery_ids=[delivery.pk], countdown=countdown))
        else:
            delivery.status, delivery.finished_at = Status.FAILED, now
            _count_failure(delivery.endpoint_id, gone=outcome.response_code == GONE)
        delivery.next_attempt_at = next_at
        delivery.save(update_fields=["status", "finished_at", "next_attempt_at"])
    logger.info(
        "webhook delivery %s attempt %d: %s in %d ms",
        delivery.pk,
        delivery.attempts,
        outcome.response_code or outcome.error,
        outcome.duration_ms,
    )


def _count_failure(endpoint_id: int, *, gone: bool) -> None:
    """One more failed delivery in a row for the endpoint; disable it when that is too many (or it is gone)."""
    WebhookEndpoint.objects.filter(pk=endpoint_id).update(consecutive_failures=F("consecutive_failures") + 1)
    failures = WebhookEndpoint.objects.filter(pk=endpoint_id).values_list("consecutive_failures", flat=True).first()
    if gone:
        endpoint_disable(endpoint_id=endpoint_id, reason=Disabled.GONE)
    elif (failures or 0) >= settings.SUMMARIES_WEBHOOK_DISABLE_AFTER:
        endpoint_disable(endpoint_id=endpoint_id, reason=Disabled.FAILURES)
