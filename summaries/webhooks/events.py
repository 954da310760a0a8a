"""Events as they happen: each becomes one delivery per active endpoint that subscribed to it, written in the
transaction that changed the state, and handed to the workers once that transaction commits.

The body is built here, once: every attempt and every resend sends these same bytes (signed afresh).
`{"type": ..., "timestamp": ..., "data": {...}}`, as Standard Webhooks suggests.
"""

import json
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from summaries.common.permissions import Account
from summaries.review.exports import export_headline
from summaries.runs.models import Summary
from summaries.webhooks.models import Event, WebhookDelivery, WebhookEndpoint
from summaries.webhooks.services import deliveries_send


def event_record(
    *,
    event: str,
    data: dict[str, object],
    at: datetime | None = None,
    active: list[WebhookEndpoint] | None = None,
) -> list[int]:
    """Deliveries of one event to every active endpoint subscribed to it (of `active`, when the caller has
    them already); their ids. Call it inside the transaction that made the change (the messages go out on
    commit, never for a rolled-back change)."""
    endpoints = [endpoint for endpoint in (_active() if active is None else active) if event in endpoint.events]
    if not endpoints:
        return []
    at = at or timezone.now()
    body = json.dumps(
        {"type": event, "timestamp": at.isoformat().replace("+00:00", "Z"), "data": data},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    limit = settings.SUMMARIES_WEBHOOK_MAX_ATTEMPTS
    deliveries = [
        WebhookDelivery.objects.create(
            endpoint=endpoint, event=event, payload=body, attempt_limit=limit, next_attempt_at=at
        )
        for endpoint in endpoints
    ]
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: deliveries_send(delivery_ids=ids))
    return ids


def summary_approved_record(*, summary: Summary, editor: Account, superseded: list[int]) -> None:
    """An editor approved a run, which makes it the article's published summary: `summary.approved` (the
    editorial decision) and `summary.published` (what readers now see), for whoever wants either."""
    active = _active()
    if not active:
        return
    review = summary.review
    at = review.reviewed_at or timezone.now()
    event_record(
        event=Event.SUMMARY_APPROVED,
        at=at,
        active=active,
        data={
            "summary_id": summary.pk,
            "article_id": str(summary.article_id),
            "approved_by": editor.get_username(),
            "approved_at": at.isoformat(),
            "revision": review.revision,
            "superseded_summary_ids": superseded,
        },
    )
    if any(Event.SUMMARY_PUBLISHED in endpoint.events for endpoint in active):
        event_record(event=Event.SUMMARY_PUBLISHED, at=at, active=active, data=published_data(summary))


def published_data(summary: Summary) -> dict[str, object]:
    """What readers see on the published page, for a CMS to publish as well."""
    article = summary.article
    headline = export_headline(summary)
    return {
        "summary_id": summary.pk,
        "article_id": str(article.pk),
        "headline": headline.text if headline else "",
        "headline_language": headline.language if headline else "",
        "summary": summary.review.text,
        "summary_language": "en",
        "original_language": article.language,
        "outlet": article.outlet,
        "source_url": article.url or None,
        "page": reverse("summaries:published_detail", kwargs={"article_id": article.pk}),
        "published_at": (summary.review.reviewed_at or timezone.now()).isoformat(),
    }


def run_failed_record(*, summary_id: int) -> None:
    """A run failed: its reason as a code (stable, for machines) and in English (for people)."""
    active = [endpoint for endpoint in _active() if Event.RUN_FAILED in endpoint.events]
    if not active:
        return
    summary = Summary.objects.select_related("article").get(pk=summary_id)
    event_record(
        event=Event.RUN_FAILED,
        at=summary.finished_at,
        active=active,
        data={
            "summary_id": summary.pk,
            "article_id": str(summary.article_id),
            "origin": summary.article.origin,
            "source_url": summary.article.url or None,
            "error_code": summary.error_code,
            "error_message": summary.error_message,
            "failed_at": (summary.finished_at or timezone.now()).isoformat(),
        },
    )


def _active() -> list[WebhookEndpoint]:
    """The active endpoints, in one query (few; who subscribed to what is sorted out here, the same way on
    every database)."""
    return list(WebhookEndpoint.objects.filter(active=True))
