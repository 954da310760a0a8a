"""`manage.py createtoken USER`: makes a token, prints it once, keeps only its digest; scope, expiry, rotation."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from summaries.access.models import ApiToken
from summaries.access.tokens import digest_of
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("createtoken", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_prints_a_working_token_that_the_database_does_not_hold():
    make_user("cms", editor=True)
    key = run("cms", "--name", "CMS import")
    assert key.startswith("ns_") and len(key) == 46
    assert api(key).get("/api/v1/articles/").status_code == 200
    token = ApiToken.objects.get()
    assert (token.digest, token.prefix, token.name) == (digest_of(key), key[:8], "CMS import")
    assert key not in str(list(ApiToken.objects.values()))


def test_each_run_makes_another_token_and_rotate_revokes_the_others():
    make_user("cms")
    first, second = run("cms"), run("cms")
    assert first != second and ApiToken.objects.count() == 2
    third = run("cms", "--rotate")
    assert api(first).get("/api/v1/articles/").status_code == 401
    assert api(second).get("/api/v1/articles/").status_code == 401
    assert api(third).get("/api/v1/articles/").status_code == 200


def test_read_only_and_expiry_are_recorded():
    make_user("reader")
    run("reader", "--read-only", "--expires-in", "30")
    token = ApiToken.objects.get()
    assert token.read_only and token.expires_at is not None and not token.expired()


def test_unknown_and_inactive_users_and_bad_expiry_are_refused():
    with pytest.raises(CommandError, match="There is no user 'ghost'"):
        run("ghost")
    user = make_user("gone")
    user.is_active = False
    user.save()
    with pytest.raises(CommandError, match="inactive"):
        run("gone")
    make_user("cms")
    with pytest.raises(CommandError, match="1 or more"):
        run("cms", "--expires-in", "0")
