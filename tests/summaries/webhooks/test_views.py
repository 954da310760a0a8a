"""The editors' webhooks pages and the admin: register (secret shown once), the address refused with a clear
message, enable and disable, and "Resend" from the delivery log and from the admin."""

import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from summaries.review import decisions as review
from summaries.webhooks.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tests.factories import make_user
from tests.summaries.webhooks.conftest import finished_run, make_endpoint

pytestmark = pytest.mark.django_db
SECRET = re.compile(r"whsec_[A-Za-z0-9+/=]{40,}")


@pytest.fixture
def editor(client):
    user = make_user("hook-editor", editor=True)
    client.force_login(user)
    return user


def delivered_once(receiver, outbox, capture) -> WebhookDelivery:
    """An approval whose delivery failed once (the receiver answered 500)."""
    receiver.plan = ["500"]
    make_endpoint(receiver)
    with capture(execute=True):
        review.summary_approve(summary_id=finished_run().pk, editor=make_user("approver", editor=True))
    with capture(execute=False):
        outbox.run()
    return WebhookDelivery.objects.get()


class TestRegister:
    def test_the_secret_is_shown_once(self, client, editor, receiver):
        """Adding leads to the endpoint's page with its secret; the next visit shows it no more."""
        response = client.post(
            reverse("summaries:webhook_add"),
            {"url": receiver.url, "description": "CMS", "events": [Event.SUMMARY_PUBLISHED, Event.RUN_FAILED]},
        )
        endpoint = WebhookEndpoint.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse(
            "summaries:webhook_edit", kwargs={"endpoint_id": endpoint.pk}
        )
        page = client.get(response["Location"]).content.decode()
        assert SECRET.search(page)[0] == endpoint.secret
        assert endpoint.events == [Event.SUMMARY_PUBLISHED, Event.RUN_FAILED] and endpoint.created_by == editor
        assert not SECRET.search(client.get(response["Location"]).content.decode())
        listing = client.get(reverse("summaries:webhooks_list")).content.decode()
        assert receiver.url in listing and endpoint.secret not in listing

    @pytest.mark.parametrize(
        ("url", "message"),
        [
            ("http://127.0.0.1:9/hook", "leads to an address webhooks may not reach (loopback)"),
            ("http://10.1.2.3/hook", "leads to an address webhooks may not reach (private)"),
            ("http://169.254.169.254/latest", "a cloud metadata address"),
            ("http://no-such-host.invalid/hook", "does not resolve"),
            ("ftp://example.org/hook", "Enter a valid URL"),
        ],
    )
    def test_an_address_that_may_not_be_reached_is_refused_with_the_reason(self, client, editor, url, message):
        response = client.post(reverse("summaries:webhook_add"), {"url": url, "events": [Event.RUN_FAILED]})
        assert response.status_code == 400 and message in response.content.decode()
        assert WebhookEndpoint.objects.count() == 0

    def test_an_event_is_required(self, client, editor, receiver):
        response = client.post(reverse("summaries:webhook_add"), {"url": receiver.url})
        assert response.status_code == 400 and "Choose at least one event" in response.content.decode()

    def test_editing_keeps_the_secret(self, client, editor, receiver):
        endpoint = make_endpoint(receiver)
        client.post(
            reverse("summaries:webhook_edit", kwargs={"endpoint_id": endpoint.pk}),
            {"url": receiver.url, "description": "Renamed", "events": [Event.RUN_FAILED]},
        )
        saved = WebhookEndpoint.objects.get()
        assert saved.secret == endpoint.secret and saved.description == "Renamed"


class TestEndpointState:
    def test_disable_and_enable_by_hand(self, client, editor, receiver):
        endpoint = make_endpoint(receiver)
        url = reverse("summaries:webhook_activate", kwargs={"endpoint_id": endpoint.pk})
        client.post(url, {"active": "0"})
        endpoint.refresh_from_db()
        assert not endpoint.active and endpoint.disabled_reason == WebhookEndpoint.Disabled.BY_HAND
        assert "Disabled by hand." in client.get(reverse("summaries:webhooks_list")).content.decode()
        client.post(url, {"active": "1"})
        endpoint.refresh_from_db()
        assert endpoint.active and endpoint.disabled_reason == ""

    def test_the_reason_an_endpoint_was_disabled_is_shown(self, client, editor, receiver):
        endpoint = make_endpoint(receiver)
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            active=False, disabled_reason=WebhookEndpoint.Disabled.FAILURES, consecutive_failures=5
        )
        page = client.get(reverse("summaries:webhooks_list")).content.decode()
        assert "Disabled after too many failed deliveries in a row." in page and "5 failed deliveries" in page

    def test_delete(self, client, editor, receiver):
        endpoint = make_endpoint(receiver)
        client.post(reverse("summaries:webhook_delete", kwargs={"endpoint_id": endpoint.pk}))
        assert WebhookEndpoint.objects.count() == 0


class TestResend:
    def test_the_log_shows_each_attempt_and_resend_sends_again(
        self, client, editor, receiver, outbox, django_capture_on_commit_callbacks
    ):
        """The delivery log shows the failed attempt (status, answer); "Resend" makes one more attempt now,
        by hand, under the same message id, and the log shows it delivered."""
        delivery = delivered_once(receiver, outbox, django_capture_on_commit_callbacks)
        outbox.clear()  # the automatic retry's message: not needed, "Resend" goes first
        log_url = reverse("summaries:webhook_deliveries", kwargs={"endpoint_id": delivery.endpoint_id})
        page = client.get(log_url).content.decode()
        assert "HTTP 500" in page and "The endpoint answered with an error status." in page

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("summaries:webhook_resend", kwargs={"delivery_id": delivery.pk}))
        assert response.status_code == 302 and response["Location"] == log_url
        outbox.run()
        delivery.refresh_from_db()
        assert delivery.status == WebhookDelivery.Status.DELIVERED
        assert list(delivery.attempt_log.order_by("number").values_list("number", "by_hand", "response_code")) == [
            (1, False, 500),
            (2, True, 200),
        ]
        assert len({item.headers["webhook-id"] for item in receiver.received}) == 1
        assert "resent by hand" in client.get(log_url).content.decode()

    def test_the_admin_resends_the_selected_deliveries(
        self, client, receiver, outbox, django_capture_on_commit_callbacks
    ):
        delivery = delivered_once(receiver, outbox, django_capture_on_commit_callbacks)
        outbox.clear()
        client.force_login(make_user("hook-staff", staff=True))
        page = client.get(reverse("admin:summaries_webhookdelivery_change", args=[delivery.pk])).content.decode()
        assert "summary.approved" in page and "500" in page
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("admin:summaries_webhookdelivery_changelist"),
                {"action": "resend_selected", ACTION_CHECKBOX_NAME: [delivery.pk], "index": 0},
            )
        outbox.run()
        assert WebhookAttempt.objects.filter(delivery=delivery, by_hand=True, succeeded=True).count() == 1


class TestAdmin:
    def test_adding_in_the_admin_shows_the_secret_once(self, client, receiver):
        client.force_login(make_user("hook-staff", staff=True))
        response = client.post(
            reverse("admin:summaries_webhookendpoint_add"), {"url": receiver.url, "events": [Event.RUN_FAILED]}
        )
        endpoint = WebhookEndpoint.objects.get()
        assert response.status_code == 302
        assert SECRET.search(client.get(response["Location"]).content.decode())[0] == endpoint.secret
        assert not SECRET.search(client.get(response["Location"]).content.decode())

    def test_the_admin_refuses_a_private_address(self, client):
        client.force_login(make_user("hook-staff", staff=True))
        response = client.post(
            reverse("admin:summaries_webhookendpoint_add"), {"url": "http://192.168.1.1/", "events": [Event.RUN_FAILED]}
        )
        assert response.status_code == 200 and "may not reach (private)" in response.content.decode()
        assert WebhookEndpoint.objects.count() == 0
