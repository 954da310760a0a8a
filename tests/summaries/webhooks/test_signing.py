"""Our signatures are the Standard Webhooks reference implementation's, byte for byte."""

import base64
from datetime import UTC, datetime

from standardwebhooks import Webhook

from summaries.webhooks.signing import SECRET_BYTES, secret_new, signature, signed_headers


def test_a_secret_is_whsec_and_base64_of_random_bytes():
    secret = secret_new()
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == SECRET_BYTES
    assert secret_new() != secret


def test_the_signature_is_the_reference_implementations():
    secret, body = secret_new(), '{"type":"summary.approved","data":{"headline":"السيسي وبوتين"}}'
    at = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    ours = signature(secret=secret, message_id="msg_1", timestamp=int(at.timestamp()), body=body)
    assert ours == Webhook(secret).sign("msg_1", at, body)


def test_the_spec_example_verifies():
    """The example from the Standard Webhooks specification: its secret, id, timestamp, body and signature."""
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = '{"test": 2432232314}'
    expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert signature(secret=secret, message_id="msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp=1614265330, body=body) == (
        expected
    )


def test_the_headers_carry_id_timestamp_and_signature():
    headers = signed_headers(secret=secret_new(), message_id="msg_2", timestamp=1700000000, body="{}")
    assert headers["webhook-id"] == "msg_2" and headers["webhook-timestamp"] == "1700000000"
    assert headers["webhook-signature"].startswith("v1,")
