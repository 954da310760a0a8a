"""API tokens for programs (a CMS, scripts): one per user, shown once when made, replaced on request."""

from django.contrib.auth import get_user_model
from django.db import transaction
from rest_framework.authtoken.models import Token


class TokenError(Exception):
    """The token cannot be made (no such user, or an inactive one)."""


def token_for(*, username: str, rotate: bool = False) -> tuple[str, bool]:
    """The user's API token and whether it is new; `rotate` replaces an existing one (the old stops working)."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise TokenError(f"There is no user {username!r}. Create one first (e.g. manage.py createeditor).")
    if not user.is_active:
        raise TokenError(f"The user {username!r} is inactive; activate it in the admin first.")
    with transaction.atomic():
        if rotate:
            Token.objects.filter(user=user).delete()
        token, created = Token.objects.get_or_create(user=user)
    return token.key, created
