"""api/authentication.py's tokens: digests only, expiry, the read-only scope, revocation, last use."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from summaries.access.models import ApiToken
from summaries.access.tokens import issue
from summaries.articles.models import Article
from tests.factories import make_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/articles/"


def api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_token_works_and_its_last_use_is_noted():
    made = issue(make_user("cms"))
    assert api(made.key).get(URL).status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("key", ["ns_not-a-real-token", "x" * 40, "ns_ünicode"])
def test_an_unknown_token_is_401(key):
    issue(make_user("cms"))
    response = api(key).get(URL)
    assert response.status_code == 401 and response.json()["error"]["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == "Token"


def test_an_expired_token_is_401_and_says_so():
    made = issue(make_user("cms"), expires_in=timedelta(days=1))
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api(made.key).get(URL)
    assert response.status_code == 401 and response.json()["error"]["code"] == "token_expired"
    assert "expired" in response.json()["error"]["message"]


def test_a_revoked_token_and_an_inactive_users_token_are_401():
    user = make_user("cms")
    revoked, kept = issue(user), issue(user)
    revoked.token.delete()
    assert api(revoked.key).get(URL).status_code == 401
    user.is_active = False
    user.save()
    assert api(kept.key).get(URL).status_code == 401


def test_a_read_only_token_reads_but_never_writes(arabic_article):
    """Submitting is open to anyone (the view allows anonymous posts), so the scope is checked where the
    token is: a read-only token's POST is refused before anything is stored."""
    made = issue(make_user("dashboard"), read_only=True)
    client = api(made.key)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"text": arabic_article}, format="json")
    assert response.status_code == 403 and response.json()["error"]["code"] == "read_only_token"
    assert Article.objects.count() == 0


def test_the_admin_lists_tokens_by_prefix_and_shows_a_new_one_once(client):
    admin = make_user("boss", staff=True)
    user = make_user("cms")
    existing = issue(user, name="CMS import")
    client.force_login(admin)
    listing = client.get("/admin/summaries/apitoken/").content.decode()
    assert existing.token.prefix in listing and existing.key not in listing
    response = client.post(
        "/admin/summaries/apitoken/add/",
        {"user": user.pk, "name": "dashboard", "read_only": "on", "expires_in_days": "7"},
        follow=True,
    )
    shown = [str(message) for message in response.context["messages"]]
    new = ApiToken.objects.get(name="dashboard")
    assert new.read_only and new.expires_at is not None
    key = next(word for message in shown for word in message.split() if word.startswith("ns_"))
    assert api(key).get(URL).status_code == 200
    assert key not in client.get(f"/admin/summaries/apitoken/{new.pk}/change/").content.decode()
