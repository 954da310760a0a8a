"""Signatures as Standard Webhooks specifies (https://www.standardwebhooks.com): the secret is `whsec_` and
the base64 of random bytes; each attempt is signed over `{webhook-id}.{webhook-timestamp}.{body}` with
HMAC-SHA256, sent as `webhook-signature: v1,<base64>`. The timestamp is the attempt's, so a receiver can
refuse an old message replayed; the id is the delivery's, so it can refuse a message it already handled."""

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"
# The spec asks for 24 to 64 bytes of randomness.
SECRET_BYTES = 32


def secret_new() -> str:
    """A fresh signing secret, in the form every Standard Webhooks library reads."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def secret_bytes(secret: str) -> bytes:
    """The key itself: the base64 after the prefix, decoded."""
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(*, secret: str, message_id: str, timestamp: int, body: str) -> str:
    """The `webhook-signature` value for one attempt."""
    signed = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(secret_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def signed_headers(*, secret: str, message_id: str, timestamp: int, body: str) -> dict[str, str]:
    """The three Standard Webhooks headers of one attempt."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret=secret, message_id=message_id, timestamp=timestamp, body=body),
    }
