"""`manage.py createtoken USER`: prints the user's API token, makes one if needed, rotates on request."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ...factories import make_user

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("createtoken", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_prints_a_working_token_and_the_same_one_again():
    make_user("cms", editor=True)
    key = run("cms")
    assert len(key) == 40 and run("cms") == key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/articles/").status_code == 200


def test_rotate_replaces_the_token_and_the_old_one_stops_working():
    make_user("cms")
    old = run("cms")
    new = run("cms", "--rotate")
    assert new != old and Token.objects.get().key == new
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert client.get("/api/v1/articles/").status_code == 401


def test_unknown_and_inactive_users_are_refused():
    with pytest.raises(CommandError, match="There is no user 'ghost'"):
        run("ghost")
    user = make_user("gone")
    user.is_active = False
    user.save()
    with pytest.raises(CommandError, match="inactive"):
        run("gone")


def test_tokens_are_managed_in_the_admin(client):
    admin = make_user("boss", staff=True)
    make_user("cms")
    run("cms")
    client.force_login(admin)
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 200
