"""`manage.py send_digest`: a published digest by e-mail, HTML with the Markdown as its text part."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from summaries.digest import services as digest
from tests.factories import make_user
from tests.summaries.digest_factories import make_approved

pytestmark = pytest.mark.django_db
BASE = "https://news.example.org/"


@pytest.fixture(autouse=True)
def no_embeddings(settings):
    settings.SUMMARIES_EMBEDDINGS = False


def test_sends_the_published_digest(settings):
    """One message to every address, with both parts and links to our site."""
    make_approved("Talks resumed.", outlet="الجزيرة")
    digest.digest_publish(day=date(2026, 12, 1), introduction="", editor=make_user("editor", editor=True))
    call_command(
        "send_digest", "--day", "2026-12-01", "--to", "a@example.org", "--to", "b@example.org", "--base-url", BASE
    )
    [message] = mail.outbox
    assert message.to == ["a@example.org", "b@example.org"]
    assert "Talks resumed." in message.body and "https://news.example.org/published/" in message.body
    assert message.alternatives[0][1] == "text/html" and 'lang="ar" dir="rtl"' in message.alternatives[0][0]


def test_refuses_an_unpublished_day():
    make_approved("Talks resumed.")
    with pytest.raises(CommandError, match="not published"):
        call_command("send_digest", "--day", "2026-12-01", "--to", "a@example.org", "--base-url", BASE)
    assert not mail.outbox


@pytest.mark.parametrize(("to", "base"), [("not-an-address", BASE), ("a@example.org", "javascript:alert(1)")])
def test_refuses_bad_addresses(to, base):
    with pytest.raises(CommandError):
        call_command("send_digest", "--day", "2026-12-01", "--to", to, "--base-url", base)
