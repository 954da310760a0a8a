"""A real receiver on 127.0.0.1 (allowed for webhooks here, as an intranet host would be), short timeouts, and
the worker's messages caught where they leave (dispatch.send) so a test runs them as the worker would."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.utils import timezone

from summaries.runs import dispatch
from summaries.webhooks.attempts import webhook_deliver
from summaries.webhooks.models import Event, WebhookDelivery, WebhookEndpoint
from summaries.webhooks.services import endpoint_save
from tests.factories import finish, latest_run, make_article, make_user
from tests.webhook_receiver import Receiver


@dataclass
class Message:
    task: str
    delivery_id: int
    countdown: float


class Outbox(list[Message]):
    """The messages sent to the workers, in order."""

    def run(self) -> None:
        """Run every message sent so far, as a worker takes them; a retry's message runs only when due (a test
        makes it due with `due_now`)."""
        while self:
            message = self.pop(0)
            assert message.task == dispatch.WEBHOOK_DELIVER
            webhook_deliver(delivery_id=message.delivery_id)


@pytest.fixture
def outbox(monkeypatch) -> Outbox:
    sent = Outbox()

    def send(task: str, *args: object, queue: str | None = None, countdown: float = 0) -> None:
        assert queue == "fetching"
        sent.append(Message(task, int(args[0]), countdown))  # type: ignore[call-overload]

    monkeypatch.setattr(dispatch, "send", send)
    return sent


@pytest.fixture
def receiver(settings) -> Iterator[Receiver]:
    settings.SUMMARIES_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1:*"]
    settings.SUMMARIES_WEBHOOK_CONNECT_SECONDS = 1
    settings.SUMMARIES_WEBHOOK_READ_SECONDS = 1
    server = Receiver().start()
    yield server
    server.stop()


def make_endpoint(receiver: Receiver, *events: str, url: str = "") -> WebhookEndpoint:
    """An endpoint registered as an editor would; the receiver learns its secret (shown once)."""
    endpoint = WebhookEndpoint(url=url or receiver.url, events=list(events or [Event.SUMMARY_APPROVED]))
    secret = endpoint_save(endpoint=endpoint, editor=make_user(f"hooks-{WebhookEndpoint.objects.count()}"))
    receiver.secrets.append(secret)
    return endpoint


def finished_run(text: str = "مقال عن الشراكة بين مصر وروسيا في القاهرة اليوم."):
    return finish(latest_run(make_article(source_text=text)))


def due_now(delivery: WebhookDelivery) -> None:
    """Time passes: the delivery's next attempt is due."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
