"""Session authentication that also guards anonymous browser sessions against cross-site requests.

DRF checks CSRF only for signed-in sessions. Here an anonymous request that carries our session cookie
(a browser, whose session will remember the article) must carry the CSRF token too, so another site
cannot submit articles through a visitor's browser. Programs without cookies use tokens and are unaffected.
"""

from django.conf import settings
from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class BrowserSessionAuthentication(SessionAuthentication):
    def authenticate(self, request: Request) -> tuple | None:
        result = super().authenticate(request)
        if result is None and request.method not in SAFE_METHODS and settings.SESSION_COOKIE_NAME in request._request.COOKIES:
            self.enforce_csrf(request)
        return result


class BrowserSessionScheme(SessionScheme):
    """Describes the browser session in the OpenAPI schema exactly as DRF's own session scheme."""

    target_class = BrowserSessionAuthentication
