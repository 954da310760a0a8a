"""API tokens for programs (a CMS, scripts): made with a name, an optional expiry and scope, shown once,
stored only as a digest; checked on every API call (api/authentication.py).

A token is `ns_` and 43 URL-safe characters (32 random bytes): the prefix tells a leaked one apart in logs
and secret scanners. Its SHA-256 digest is what the database keeps.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from summaries.access.models import ApiToken

TOKEN_PREFIX = "ns_"
# last_used_at is written at most this often per token: a busy client must not cost a write per call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenError(Exception):
    """The token cannot be made (no such user, or an inactive one)."""


@dataclass(frozen=True)
class NewToken:
    """A token as made: `key` is the only time it exists in the clear."""

    key: str
    token: ApiToken


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(
    *,
    username: str,
    name: str = "",
    read_only: bool = False,
    expires_in: timedelta | None = None,
    rotate: bool = False,
) -> NewToken:
    """A new token for the user; `rotate` first revokes every token the user has (they stop working)."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise TokenError(f"There is no user {username!r}. Create one first (e.g. manage.py createeditor).")
    if not user.is_active:
        raise TokenError(f"The user {username!r} is inactive; activate it in the admin first.")
    with transaction.atomic():
        if rotate:
            ApiToken.objects.filter(user=user).delete()
        return issue(user, name=name, read_only=read_only, expires_in=expires_in)


def issue(user: User, *, name: str = "", read_only: bool = False, expires_in: timedelta | None = None) -> NewToken:
    """Make and store a token for `user` (the admin's add form comes here too)."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[: len(TOKEN_PREFIX) + 5],
        digest=digest_of(key),
        read_only=read_only,
        expires_at=timezone.now() + expires_in if expires_in is not None else None,
    )
    return NewToken(key, token)


def find_token(key: str) -> ApiToken | None:
    """The stored token for a key as sent, with its user; None for one never made or since revoked. Expiry
    and the user's state are the caller's to judge, so it can say which."""
    return ApiToken.objects.select_related("user").filter(digest=digest_of(key)).first()


def mark_used(token: ApiToken) -> None:
    """Note when the token was last accepted (shown in the admin), at most once a minute."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
