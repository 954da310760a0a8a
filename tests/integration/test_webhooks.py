"""An approval reaches a webhook receiver signed, through real Redis and a real Celery worker that takes only
the fetching queue: the first attempt gets a 500, the worker retries after the backoff (a Celery countdown),
and the second is delivered; the receiver verifies both with the Standard Webhooks reference code."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from summaries.webhooks.models import Event, WebhookDelivery, WebhookEndpoint
from summaries.webhooks.services import endpoint_save
from tests.factories import finish, latest_run, make_article, make_user
from tests.polling import wait_for
from tests.webhook_receiver import Receiver

pytestmark = pytest.mark.integration


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver(plan=["500"]).start()
    yield server
    server.stop()


def test_an_approval_reaches_the_receiver_signed_through_a_worker(start_worker, receiver, settings):
    settings.SUMMARIES_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1:*"]  # this process's form check; the worker's below
    editor = make_user("hook-editor", editor=True)
    endpoint = WebhookEndpoint(url=receiver.url, events=[Event.SUMMARY_PUBLISHED])
    receiver.secrets.append(endpoint_save(endpoint=endpoint, editor=editor))
    run = finish(latest_run(make_article(source_text="مقال عن الشراكة بين مصر وروسيا وقعه الرئيسان اليوم.")))
    start_worker(queues="fetching", name="fetching@%h", WEBHOOK_ALLOWED_HOSTS="127.0.0.1:*", WEBHOOK_RETRY_BACKOFF="1")

    browser = Client()
    browser.force_login(editor)
    response = browser.post(reverse("summaries:summary_decide", kwargs={"summary_id": run.pk}), {"action": "approve"})
    assert response.status_code == 302

    def delivered() -> WebhookDelivery | None:
        delivery = WebhookDelivery.objects.filter(endpoint=endpoint).first()
        return delivery if delivery and delivery.status == WebhookDelivery.Status.DELIVERED else None

    delivery = wait_for(
        delivered,
        timeout=60,
        interval=0.2,
        message=lambda: (
            f"{list(WebhookDelivery.objects.values('status', 'attempts'))}, {len(receiver.received)} received"
        ),
    )
    assert delivery.attempts == 2 and [item.verified for item in receiver.received] == [True, True]
    assert receiver.received[0].headers["webhook-id"] == receiver.received[1].headers["webhook-id"]
    payload = receiver.received[1].payload
    assert payload["type"] == "summary.published" and payload["data"]["summary_id"] == run.pk
    first, second = delivery.attempt_log.order_by("number")
    assert first.response_code == 500 and second.response_code == 200
    assert second.started_at >= first.started_at + timedelta(seconds=0.5)  # the backoff: half of 1 s at least
