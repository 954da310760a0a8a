"""API authentication: tokens stored as digests, with expiry and a read-only scope; and a session
authentication that also guards browsers against cross-site requests.

DRF checks CSRF only for signed-in sessions. Here an anonymous request that carries our session cookie
(a browser, whose session will remember the article) must carry the CSRF token too. And a request that a
page of another site sent (the browser says so in Sec-Fetch-Site, or its Origin is not ours) is refused
before anything is stored: the session cookie is SameSite=Lax, so such a request arrives without it, and
answering it as a cookie-less program would hand the visitor's browser a new session, signing them out
and losing their articles. Programs (no Origin, no Sec-Fetch-Site) and token clients are unaffected.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework.request import Request

from summaries.access.tokens import find_token, mark_used

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class HashedTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <key>`, checked against the stored digests (access/tokens.py).

    DRF's own token authentication kept the tokens in the clear, listed to staff in the admin, with no
    expiry and every right of the user. Here an expired token is refused with its date, and a read-only one
    may only read (GET, HEAD, OPTIONS), whatever the view's own permissions say."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Send the token as “Authorization: Token <key>”."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise AuthenticationFailed(_("Invalid token.")) from exc
        token = find_token(key)
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(_("Invalid token."))
        if token.expired():
            raise AuthenticationFailed(
                _("This token has expired. Ask an administrator for a new one."), code="token_expired"
            )
        if token.read_only and request.method not in SAFE_METHODS:
            raise PermissionDenied(
                _("This token is read-only: it may read articles and summaries, not submit or change them."),
                code="read_only_token",
            )
        mark_used(token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class BrowserSessionAuthentication(SessionAuthentication):
    """Runs after token authentication, so only for requests without a token."""

    def authenticate(self, request: Request) -> tuple | None:
        if request.method not in SAFE_METHODS and from_another_site(request._request):
            raise PermissionDenied(
                _("Requests sent by other sites' pages are not accepted. Programs call the API directly."),
                code="cross_site",
            )
        result = super().authenticate(request)
        if (
            result is None
            and request.method not in SAFE_METHODS
            and settings.SESSION_COOKIE_NAME in request._request.COOKIES
        ):
            self.enforce_csrf(request)
        return result


def from_another_site(request: HttpRequest) -> bool:
    """Whether a browser sent this from a page of another site (another host; a subdomain counts)."""
    if request.META.get("HTTP_SEC_FETCH_SITE", "").lower() in {"cross-site", "same-site"}:
        return True
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        return False
    return origin not in {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}


class BrowserSessionScheme(SessionScheme):
    """Describes the browser session in the OpenAPI schema exactly as DRF's own session scheme."""

    target_class = "summaries.api.authentication.BrowserSessionAuthentication"


class HashedTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token in the OpenAPI schema as DRF's own token authentication was."""

    target_class = "summaries.api.authentication.HashedTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: object) -> dict:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Token-based authentication with required prefix "Token"',
        }
