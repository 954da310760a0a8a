"""Read queries for the webhooks pages: the endpoints with how their deliveries went, and one endpoint's log."""

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from summaries.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

Status = WebhookDelivery.Status


def endpoint_list() -> QuerySet[WebhookEndpoint]:
    """Every endpoint with its deliveries counted by outcome and its last one's time, in one query."""
    return WebhookEndpoint.objects.annotate(
        delivered=Count("deliveries", filter=Q(deliveries__status=Status.DELIVERED)),
        failed=Count("deliveries", filter=Q(deliveries__status=Status.FAILED)),
        waiting=Count("deliveries", filter=Q(deliveries__status__in=[Status.PENDING, Status.SENDING])),
        last_delivery_at=Max("deliveries__created_at"),
    ).order_by("url", "pk")


def endpoint_deliveries(*, endpoint: WebhookEndpoint, limit: int) -> list[WebhookDelivery]:
    """The endpoint's newest deliveries with every attempt of each, newest attempt first (two queries)."""
    attempts = Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("-number"))
    return list(
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .order_by("-created_at", "-pk")
        .prefetch_related(attempts)[:limit]
    )


def endpoint_delivery_count(*, endpoint: WebhookEndpoint) -> int:
    return WebhookDelivery.objects.filter(endpoint=endpoint).count()
