"""Endpoints and deliveries, as editors and the workers change them: register an endpoint (its secret made
here, shown once), switch it off and on, resend a delivery by hand, hand deliveries to the workers and take
up the ones a lost message or a dead worker left behind."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from kombu.exceptions import OperationalError

from summaries.common.permissions import User
from summaries.webhooks.models import WebhookDelivery, WebhookEndpoint
from summaries.webhooks.signing import secret_new

logger = logging.getLogger(__name__)

Status = WebhookDelivery.Status
# A delivery whose message should have run this long ago (Redis was down when it was sent, or lost it; its
# worker died mid-attempt) is sent again by the sweeper.
LATE = timedelta(seconds=60)


def endpoint_save(*, endpoint: WebhookEndpoint, editor: User) -> str:
    """Save an endpoint as its form left it; a new one gets its signing secret, returned (to be shown once:
    only its signatures show it afterwards). An existing one keeps its secret and returns ""."""
    secret = ""
    if endpoint.pk is None:
        secret = endpoint.secret = secret_new()
        endpoint.created_by = editor if editor.is_authenticated else None
    endpoint.save()
    logger.info("webhook endpoint %s saved by user %s", endpoint.pk, editor.pk)
    return secret


def endpoint_enable(*, endpoint: WebhookEndpoint, editor: User) -> None:
    """Enable by hand: deliveries start again, with the count of failures in a row back at zero."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        active=True, disabled_reason="", disabled_at=None, consecutive_failures=0, updated_at=timezone.now()
    )
    logger.info("webhook endpoint %s enabled by user %s", endpoint.pk, editor.pk)


def endpoint_disable(*, endpoint_id: int, reason: str) -> bool:
    """Stop sending to the endpoint, saying why; whether it was active."""
    now = timezone.now()
    disabled = WebhookEndpoint.objects.filter(pk=endpoint_id, active=True).update(
        active=False, disabled_reason=reason, disabled_at=now, updated_at=now
    )
    if disabled:
        logger.warning("webhook endpoint %s disabled: %s", endpoint_id, reason)
    return bool(disabled)


def delivery_resend(*, delivery: WebhookDelivery) -> bool:
    """One more attempt at a delivery that is not on its way (delivered, failed, skipped, or waiting for a
    retry, which it takes now), with the same message id and body; False while an attempt is being sent."""
    with transaction.atomic():
        resent = (
            WebhookDelivery.objects.filter(pk=delivery.pk)
            .exclude(status=Status.SENDING)
            .update(
                status=Status.PENDING,
                attempt_limit=Greatest(F("attempt_limit"), F("attempts") + 1),
                next_attempt_at=timezone.now(),
                resend_requested=True,
                finished_at=None,
            )
        )
        if resent:
            transaction.on_commit(lambda: deliveries_send(delivery_ids=[delivery.pk]))
    return bool(resent)


def deliveries_send(*, delivery_ids: list[int], countdown: float = 0) -> int:
    """Hand deliveries to the workers (the fetching queue); how many messages went. A broker that cannot be
    reached leaves them waiting: the sweeper sends them again."""
    from summaries.runs import dispatch  # dispatch reaches the run lifecycle, which records run.failed here

    sent = 0
    for delivery_id in delivery_ids:
        try:
            dispatch.send(
                dispatch.WEBHOOK_DELIVER, delivery_id, queue=settings.SUMMARIES_FETCH_QUEUE, countdown=countdown
            )
        except (OperationalError, ConnectionError) as exc:
            logger.error("could not send webhook delivery %s: %s", delivery_id, type(exc).__name__)
            continue
        sent += 1
    return sent


def webhook_deliveries_sweep() -> int:
    """Send again the deliveries whose attempt is overdue by LATE: a message that never reached the workers,
    or an attempt whose worker died while sending (it counts as sending no longer). How many went."""
    cutoff = timezone.now() - LATE
    overdue = WebhookDelivery.objects.filter(
        Q(status__in=[Status.PENDING, Status.SENDING]), next_attempt_at__lt=cutoff
    ).values_list("pk", flat=True)
    ids = list(overdue[:500])
    if not ids:
        return 0
    WebhookDelivery.objects.filter(pk__in=ids, status=Status.SENDING).update(
        status=Status.PENDING, next_attempt_at=timezone.now()
    )
    return deliveries_send(delivery_ids=ids)
