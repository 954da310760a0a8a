"""Digests in the admin: listed and read, the introduction editable, the published snapshot not."""

from datetime import date

import pytest
from django.urls import reverse

from summaries.digest import services as digest
from tests.factories import make_user
from tests.summaries.digest_factories import make_approved

pytestmark = pytest.mark.django_db
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def published(settings):
    settings.SUMMARIES_EMBEDDINGS = False
    make_approved(f"Text {HOSTILE}.", outlet="الجزيرة")
    return digest.digest_publish(
        day=date(2026, 12, 1),
        introduction=HOSTILE,
        editor=make_user("digest-editor", editor=True),
    )


def test_list_and_change_pages_load_escaped(admin_client, published):
    """The list shows the day and its state; the change page shows the snapshot as escaped read-only text."""
    listing = admin_client.get(reverse("admin:summaries_digest_changelist")).content.decode()
    change = reverse("admin:summaries_digest_change", args=[published.pk])
    assert f'href="{change}"' in listing
    page = admin_client.get(change).content.decode()
    assert HOSTILE not in page and "&lt;script&gt;" in page


def test_no_adding_and_no_publishing_from_the_admin(admin_client, published):
    """A digest gets its snapshot only from the editors' page: the admin cannot add one or flip `published`."""
    assert admin_client.get(reverse("admin:summaries_digest_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:summaries_digest_change", args=[published.pk]),
        {"introduction": "Changed.", "published": ""},
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.introduction == "Changed." and published.published
