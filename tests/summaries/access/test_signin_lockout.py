"""Sign-in brute-force protection (django-axes): lockout after repeated wrong passwords, 429, translated."""

import pytest
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "Correct-horse-battery-1"


@pytest.fixture
def editor(settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = make_user("ed")
    user.set_password(PASSWORD)
    user.is_staff = True
    user.save()
    return user


def sign_in(client, password: str, url: str = "login"):
    return client.post(reverse(url), {"username": "ed", "password": password})


def test_wrong_passwords_lock_the_account_from_that_address(client, editor):
    for _ in range(2):
        assert sign_in(client, "wrong").status_code == 200
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert (
        "Too many failed sign-ins" in page and "after 3 wrong passwords" in page and "Try again in 15 minutes" in page
    )
    # even the right password is refused while locked, and nothing about the account is revealed
    assert sign_in(client, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_covers_the_admin_sign_in(client, editor):
    for _ in range(3):
        sign_in(client, "wrong", url="admin:login")
    assert sign_in(client, PASSWORD, url="admin:login").status_code == 429


def test_another_address_is_not_locked_out(client, editor):
    for _ in range(3):
        sign_in(client, "wrong")
    other = client.post(reverse("login"), {"username": "ed", "password": PASSWORD}, REMOTE_ADDR="198.51.100.1")
    assert other.status_code == 302


def test_a_success_resets_the_count(client, editor):
    for _ in range(2):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(2):
        assert sign_in(client, "wrong").status_code == 200


def test_the_lockout_page_is_in_arabic(client, editor):
    client.cookies["django_language"] = "ar"
    for _ in range(3):
        locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert 'dir="rtl"' in page and "Too many failed sign-ins" not in page
