"""The webhooks pages' selectors: a fixed number of queries however many endpoints, deliveries and attempts."""

import pytest
from django.utils import timezone

from summaries.webhooks import selectors
from summaries.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tests.query_counts import assert_database_query_count

pytestmark = pytest.mark.django_db
Status = WebhookDelivery.Status


def build(count: int) -> WebhookEndpoint:
    """`count` endpoints; the first has `count` deliveries (one of each status in turn), each with 2 attempts."""
    endpoints = [
        WebhookEndpoint.objects.create(url=f"https://hooks{number}.example/in", events=["run.failed"], secret="s")
        for number in range(count)
    ]
    statuses = [Status.DELIVERED, Status.FAILED, Status.PENDING]
    for number in range(count):
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoints[0], event="run.failed", payload="{}", status=statuses[number % 3]
        )
        for attempt in (1, 2):
            WebhookAttempt.objects.create(delivery=delivery, number=attempt, started_at=timezone.now())
    return endpoints[0]


@pytest.mark.parametrize("count", [2, 6])
def test_the_endpoint_list_is_one_query(count):
    first = build(count)
    with assert_database_query_count(1):
        rows = {
            endpoint.pk: (endpoint.delivered, endpoint.failed, endpoint.waiting)
            for endpoint in selectors.endpoint_list()
        }
    assert len(rows) == count
    assert sum(rows[first.pk]) == count and rows[first.pk][0] == (count + 2) // 3


@pytest.mark.parametrize("count", [2, 6])
def test_the_delivery_log_is_two_queries(count):
    first = build(count)
    with assert_database_query_count(2):
        log = [
            [attempt.number for attempt in delivery.attempt_log.all()]
            for delivery in selectors.endpoint_deliveries(endpoint=first, limit=50)
        ]
    assert log == [[2, 1]] * count
    with assert_database_query_count(1):
        assert selectors.endpoint_delivery_count(endpoint=first) == count
