"""Session authentication that also guards browsers against cross-site requests.

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
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


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
