"""`manage.py createeditor`: the first editor of a new installation."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from summaries.common.permissions import is_editor

pytestmark = pytest.mark.django_db


def test_creates_an_editor_from_the_environment(monkeypatch):
    """With --password-from-env the password comes from EDITOR_PASSWORD and the user can review."""
    monkeypatch.setenv("EDITOR_PASSWORD", "A-long-enough-pass-42")
    call_command("createeditor", "amal", "--password-from-env", "--email", "amal@example.org")
    user = get_user_model().objects.get(username="amal")
    assert user.check_password("A-long-enough-pass-42") and user.email == "amal@example.org"
    assert is_editor(user) and not user.is_staff


def test_prompts_twice_on_a_terminal(monkeypatch):
    """Without the flag it asks for the password twice and refuses a mismatch."""
    answers = iter(["A-long-enough-pass-42", "something-else-42"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="do not match"):
        call_command("createeditor", "amal")
    answers = iter(["A-long-enough-pass-42", "A-long-enough-pass-42"])
    call_command("createeditor", "amal")
    assert is_editor(get_user_model().objects.get(username="amal"))


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "EDITOR_PASSWORD is empty or not set"),
        ({"EDITOR_PASSWORD": "short"}, "too short"),
        ({"EDITOR_PASSWORD": "password123"}, "too common"),
    ],
)
def test_refuses_missing_or_weak_passwords(monkeypatch, env, message):
    """The configured password validators apply; nothing is created on refusal."""
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(CommandError, match=message):
        call_command("createeditor", "amal", "--password-from-env")
    assert not get_user_model().objects.filter(username="amal").exists()


def test_no_terminal_and_no_flag_is_a_clear_error(monkeypatch):
    """In a script without a terminal it says how to pass the password instead of hanging."""
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="--password-from-env"):
        call_command("createeditor", "amal")


def test_existing_users_need_the_existing_flag(monkeypatch):
    """An existing user is not silently changed; with --existing they join the Editors group."""
    get_user_model().objects.create_user("amal", password="Original-pass-2026")
    monkeypatch.setenv("EDITOR_PASSWORD", "A-long-enough-pass-42")
    with pytest.raises(CommandError, match="already exists"):
        call_command("createeditor", "amal", "--password-from-env")
    call_command("createeditor", "amal", "--existing")
    user = get_user_model().objects.get(username="amal")
    assert is_editor(user) and user.check_password("Original-pass-2026")


def test_editors_group_has_exactly_the_review_permissions():
    """The data migration gives Editors what the review pages need and nothing of the admin's delete rights."""
    from django.contrib.auth.models import Group

    codenames = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert codenames == {
        "review_summary",
        "view_article",
        "view_summary",
        "change_summary",
        "view_summaryrevision",
        "add_summaryrevision",
        "view_reviewevent",
    }


def test_a_deleted_editors_group_is_recreated_with_its_permissions(monkeypatch):
    """If someone deletes the group, createeditor puts it back with the same permissions."""
    from django.contrib.auth.models import Group

    before = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    Group.objects.filter(name="Editors").delete()
    monkeypatch.setenv("EDITOR_PASSWORD", "A-long-enough-pass-42")
    call_command("createeditor", "amal", "--password-from-env")
    assert set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)) == before
