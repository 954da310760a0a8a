"""The README's verification example, taken from the README itself, accepts real deliveries and refuses
tampered, re-signed and replayed ones: it cannot drift from what the app sends."""

import re

import pytest

from summaries.review import decisions as review
from summaries.webhooks.models import Event
from tests.conftest import REPO_DIR
from tests.factories import make_user
from tests.summaries.webhooks.conftest import finished_run, make_endpoint

pytestmark = pytest.mark.django_db
EXAMPLE = re.compile(r"<!-- webhook-verification-example -->\n```python\n(.*?)```", re.DOTALL)


def readme_verify():
    """The README's `verify` function, run from the README's own text."""
    found = EXAMPLE.search((REPO_DIR / "README.md").read_text(encoding="utf-8"))
    assert found, "README.md lost its webhook verification example"
    namespace: dict = {}
    exec(compile(found[1], "README.md (webhook verification example)", "exec"), namespace)
    return namespace["verify"]


def test_the_readme_example_verifies_a_real_delivery(receiver, outbox, django_capture_on_commit_callbacks):
    verify = readme_verify()
    make_endpoint(receiver, Event.SUMMARY_PUBLISHED)
    secret = receiver.secrets[0]
    with django_capture_on_commit_callbacks(execute=True):
        review.summary_approve(summary_id=finished_run().pk, editor=make_user("approver", editor=True))
    outbox.run()
    [received] = receiver.received
    body, headers = received.body.encode(), received.headers
    assert received.verified and verify(secret, headers, body)

    assert not verify(secret, headers, body.replace(b"Egypt", b"Libya"))  # tampered body
    assert not verify(make_endpoint(receiver).secret, headers, body)  # another endpoint's secret
    assert not verify(secret, {**headers, "webhook-id": "msg_other"}, body)  # another message's id
    old = {**headers, "webhook-timestamp": str(int(headers["webhook-timestamp"]) - 3600)}
    assert not verify(secret, old, body)  # replayed an hour later
