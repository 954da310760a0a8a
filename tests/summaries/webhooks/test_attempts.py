"""Deliveries against a real receiver that verifies signatures with the Standard Webhooks reference code:
what an approval sends, retries with backoff, giving up, disabling an endpoint, and every way a receiver
fails (error status, 410, redirect, a slow answer, a dropped connection, an address no longer allowed)."""

import json

import pytest
from django.db import transaction
from django.utils import timezone

from summaries.common.exceptions import EngineError
from summaries.review import decisions as review
from summaries.runs.lifecycle import summary_fail
from summaries.runs.models import Summary
from summaries.webhooks.attempts import retry_delay
from summaries.webhooks.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from summaries.webhooks.services import endpoint_enable, webhook_deliveries_sweep
from tests.factories import make_article, make_user
from tests.summaries.webhooks.conftest import due_now, finished_run, make_endpoint

pytestmark = pytest.mark.django_db
Status = WebhookDelivery.Status
Error = WebhookAttempt.Error


def approve(summary: Summary) -> None:
    review.summary_approve(summary_id=summary.pk, editor=make_user(f"editor-{summary.pk}", editor=True))


class TestApproval:
    def test_an_approval_reaches_the_receiver_signed(self, receiver, outbox, django_capture_on_commit_callbacks):
        """Approving sends `summary.approved` and `summary.published` to the endpoints subscribed to them,
        signed so the reference implementation verifies them, with the published text in the body."""
        make_endpoint(receiver, Event.SUMMARY_APPROVED, Event.SUMMARY_PUBLISHED)
        make_endpoint(receiver, Event.RUN_FAILED)  # not subscribed: nothing for it
        summary = finished_run()
        with django_capture_on_commit_callbacks(execute=True):
            approve(summary)
        assert len(outbox) == 2 and WebhookDelivery.objects.count() == 2
        outbox.run()

        assert [item.verified for item in receiver.received] == [True, True]
        types = {item.payload["type"]: item.payload for item in receiver.received}
        assert set(types) == {"summary.approved", "summary.published"}
        published = types["summary.published"]["data"]
        assert published["article_id"] == str(summary.article_id)
        assert published["summary"] == "Russia and Egypt renewed their partnership."
        assert published["original_language"] == "ar" and published["page"].startswith("/published/")
        assert types["summary.approved"]["data"]["summary_id"] == summary.pk
        headers = receiver.received[0].headers
        assert headers["content-type"] == "application/json"
        assert headers["webhook-id"].startswith("msg_") and headers["webhook-timestamp"].isdigit()
        delivery = WebhookDelivery.objects.get(event="summary.published")
        assert delivery.status == Status.DELIVERED and delivery.attempts == 1
        attempt = delivery.attempt_log.get()
        assert attempt.succeeded and attempt.response_code == 200 and '"ok": true' in attempt.response_excerpt

    def test_a_rolled_back_approval_sends_nothing(self, receiver, outbox):
        """The delivery is written in the approval's transaction: when that rolls back, nothing is left to send."""
        make_endpoint(receiver, Event.SUMMARY_APPROVED)
        summary = finished_run()
        with transaction.atomic():
            approve(summary)
            transaction.set_rollback(True)  # the request failed after approving
        assert WebhookDelivery.objects.count() == 0 and outbox == []

    def test_an_inactive_endpoint_gets_nothing(self, receiver, outbox, django_capture_on_commit_callbacks):
        endpoint = make_endpoint(receiver, Event.SUMMARY_APPROVED)
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
        with django_capture_on_commit_callbacks(execute=True):
            approve(finished_run())
        assert WebhookDelivery.objects.count() == 0 and outbox == []


def test_a_failed_run_is_announced(receiver, outbox, django_capture_on_commit_callbacks):
    """A run that fails sends `run.failed` with its reason as a code and in words."""
    make_endpoint(receiver, Event.RUN_FAILED)
    run = make_article(source_text="نص قصير عن الاقتصاد المصري وأسعار الصرف اليوم.").latest_summary
    with django_capture_on_commit_callbacks(execute=True):
        assert summary_fail(summary_id=run.pk, error=EngineError("timeout"))
    outbox.run()
    [item] = receiver.received
    assert item.verified and item.payload["type"] == "run.failed"
    assert item.payload["data"]["summary_id"] == run.pk and item.payload["data"]["error_code"] == "timeout"


class TestRetries:
    def test_failed_attempts_are_retried_with_backoff_under_one_message_id(
        self, settings, receiver, outbox, django_capture_on_commit_callbacks
    ):
        """500, then a dropped connection, then 200: three attempts logged, each retry scheduled between half
        and all of BACKOFF × 2^(n-1) seconds, every attempt with the same webhook-id, signed afresh."""
        settings.SUMMARIES_WEBHOOK_RETRY_BACKOFF = 10
        receiver.plan = ["500", "drop", "200"]
        make_endpoint(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            approve(finished_run())
        delivery = WebhookDelivery.objects.get()
        countdowns = []
        for _attempt in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                outbox.run()
            countdowns += [message.countdown for message in outbox]
            due_now(delivery)
        delivery.refresh_from_db()
        assert delivery.status == Status.DELIVERED and delivery.attempts == 3
        assert 5 <= countdowns[0] <= 10 and 10 <= countdowns[1] <= 20 and len(countdowns) == 2
        log = list(delivery.attempt_log.order_by("number"))
        assert [(a.number, a.response_code, a.error) for a in log] == [
            (1, 500, Error.STATUS),
            (2, None, Error.UNREACHABLE),
            (3, 200, Error.NONE),
        ]
        assert log[0].next_attempt_at and log[1].next_attempt_at and log[2].next_attempt_at is None
        assert len({item.headers["webhook-id"] for item in receiver.received}) == 1
        assert all(item.verified for item in receiver.received)

    def test_an_early_or_repeated_message_sends_nothing(self, receiver, outbox, django_capture_on_commit_callbacks):
        """A message for an attempt not yet due (an earlier one's, delivered late) or already made is ignored."""
        receiver.default = "500"
        make_endpoint(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            approve(finished_run())
        delivery = WebhookDelivery.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            outbox.run()
        retry = outbox.pop()
        from summaries.webhooks.attempts import webhook_deliver

        webhook_deliver(delivery_id=retry.delivery_id)  # too early: the retry is not due
        webhook_deliver(delivery_id=delivery.pk)
        assert len(receiver.received) == 1 and WebhookAttempt.objects.count() == 1

    def test_the_schedule_grows_and_is_capped(self, settings):
        settings.SUMMARIES_WEBHOOK_RETRY_BACKOFF = 30
        settings.SUMMARIES_WEBHOOK_MAX_BACKOFF = 600
        for attempt, ceiling in [(1, 30), (2, 60), (3, 120), (5, 480), (6, 600), (12, 600)]:
            delays = [retry_delay(attempt) for _ in range(50)]
            assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
            assert len(set(delays)) > 1  # jittered

    def test_the_sweeper_sends_a_lost_delivery_again(self, receiver, outbox, django_capture_on_commit_callbacks):
        """A delivery whose message never reached the workers (Redis down) is sent by the sweeper."""
        make_endpoint(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            approve(finished_run())
        outbox.clear()  # the message is lost
        WebhookDelivery.objects.update(next_attempt_at=timezone.now() - timezone.timedelta(minutes=5))
        assert webhook_deliveries_sweep() == 1
        outbox.run()
        assert WebhookDelivery.objects.get().status == Status.DELIVERED and receiver.received[0].verified

    def test_the_sweeper_takes_up_an_attempt_whose_worker_died(
        self, receiver, outbox, django_capture_on_commit_callbacks
    ):
        """A delivery left SENDING past its deadline (the worker was killed mid-attempt) is sent again."""
        make_endpoint(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            approve(finished_run())
        outbox.clear()
        stuck = timezone.now() - timezone.timedelta(minutes=5)
        WebhookDelivery.objects.update(status=Status.SENDING, attempts=1, next_attempt_at=stuck)
        assert webhook_deliveries_sweep() == 1
        outbox.run()
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == Status.DELIVERED and delivery.attempts == 2 and receiver.received[0].verified

    def test_the_sweeper_leaves_a_delivery_on_time_alone(self, receiver, outbox, django_capture_on_commit_callbacks):
        make_endpoint(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            approve(finished_run())
        outbox.clear()
        assert webhook_deliveries_sweep() == 0 and outbox == []


class TestGivingUp:
    def test_an_endpoint_is_disabled_after_failed_deliveries_in_a_row(
        self, settings, receiver, outbox, django_capture_on_commit_callbacks
    ):
        """Each delivery that used all its attempts counts; at DISABLE_AFTER the endpoint is disabled with
        the reason, later events skip it, and enabling it by hand starts again from zero."""
        settings.SUMMARIES_WEBHOOK_MAX_ATTEMPTS = 1
        settings.SUMMARIES_WEBHOOK_DISABLE_AFTER = 2
        receiver.default = "500"
        endpoint = make_endpoint(receiver)
        for text in ("خبر أول عن الاقتصاد المصري اليوم.", "خبر ثان عن السياسة الروسية اليوم."):
            with django_capture_on_commit_callbacks(execute=True):
                approve(finished_run(text))
            outbox.run()
        endpoint.refresh_from_db()
        assert not endpoint.active and endpoint.disabled_reason == WebhookEndpoint.Disabled.FAILURES
        assert endpoint.consecutive_failures == 2
        assert list(WebhookDelivery.objects.values_list("status", flat=True)) == [Status.FAILED] * 2
        with django_capture_on_commit_callbacks(execute=True):
            approve(finished_run("خبر ثالث عن الطاقة في مصر اليوم."))
        assert WebhookDelivery.objects.count() == 2 and outbox == []

        endpoint_enable(endpoint=endpoint, editor=make_user("fixer", editor=True))
        endpoint.refresh_from_db()
        assert endpoint.active and endpoint.disabled_reason == "" and endpoint.consecutive_failures == 0

    def test_a_success_resets_the_failures_in_a_row(
        self, settings, receiver, outbox, django_capture_on_commit_callbacks
    ):
        settings.SUMMARIES_WEBHOOK_MAX_ATTEMPTS = 1
        settings.SUMMARIES_WEBHOOK_DISABLE_AFTER = 2
        receiver.plan = ["500", "200", "500"]
        endpoint = make_endpoint(receiver)
        for text in ("خبر أول عن الاقتصاد.", "خبر ثان عن السياسة.", "خبر ثالث عن الطاقة."):
            with django_capture_on_commit_callbacks(execute=True):
                approve(finished_run(text))
            outbox.run()
        endpoint.refresh_from_db()
        assert endpoint.active and endpoint.consecutive_failures == 1

    def test_410_gone_disables_at_once(self, receiver, outbox, django_capture_on_commit_callbacks):
        receiver.default = "410"
        endpoint = make_endpoint(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            approve(finished_run())
        with django_capture_on_commit_callbacks(execute=True):
            outbox.run()
        endpoint.refresh_from_db()
        assert outbox == [] and WebhookDelivery.objects.get().status == Status.FAILED
        assert not endpoint.active and endpoint.disabled_reason == WebhookEndpoint.Disabled.GONE

    def test_a_disabled_endpoints_waiting_delivery_is_skipped(
        self, receiver, outbox, django_capture_on_commit_callbacks
    ):
        endpoint = make_endpoint(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            approve(finished_run())
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
        outbox.run()
        assert WebhookDelivery.objects.get().status == Status.SKIPPED and receiver.received == []


class TestReceiverFailures:
    def deliver_once(self, receiver, outbox, capture) -> WebhookAttempt:
        make_endpoint(receiver)
        with capture(execute=True):
            approve(finished_run())
        with capture(execute=False):
            outbox.run()
        return WebhookAttempt.objects.get()

    def test_a_slow_answer_times_out(self, receiver, outbox, django_capture_on_commit_callbacks):
        """An endpoint that answers after the read timeout (1 s here) fails the attempt within the deadline."""
        receiver.default = "slow"
        attempt = self.deliver_once(receiver, outbox, django_capture_on_commit_callbacks)
        assert attempt.error == Error.TIMEOUT and attempt.response_code is None
        assert 900 <= attempt.duration_ms < 5000  # the receiver would have answered after 10 s

    def test_a_redirect_is_not_followed(self, receiver, outbox, django_capture_on_commit_callbacks):
        receiver.default = "redirect"
        attempt = self.deliver_once(receiver, outbox, django_capture_on_commit_callbacks)
        assert attempt.error == Error.REDIRECT and attempt.response_code == 302 and len(receiver.received) == 1

    def test_an_error_status_keeps_the_start_of_the_answer(self, receiver, outbox, django_capture_on_commit_callbacks):
        receiver.default = "500"
        attempt = self.deliver_once(receiver, outbox, django_capture_on_commit_callbacks)
        assert attempt.error == Error.STATUS and attempt.response_code == 500
        assert json.loads(attempt.response_excerpt) == {"ok": False, "status": 500}

    def test_an_address_no_longer_allowed_is_not_contacted(
        self, settings, receiver, outbox, django_capture_on_commit_callbacks
    ):
        """Addresses are checked again at each delivery: loopback, allowed at registration, is refused once
        the allow-list no longer names it, and the receiver hears nothing."""
        make_endpoint(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            approve(finished_run())
        settings.SUMMARIES_WEBHOOK_ALLOWED_HOSTS = []
        with django_capture_on_commit_callbacks(execute=False):
            outbox.run()
        assert WebhookAttempt.objects.get().error == Error.ADDRESS and receiver.received == []
