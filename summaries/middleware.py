"""Response headers Django's SecurityMiddleware does not set: the Content-Security-Policy.

The policy (settings.CONTENT_SECURITY_POLICY) allows scripts and styles only from our own static
files, so text that slipped past escaping still cannot run, and no other site can frame our pages.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    """Adds the site's Content-Security-Policy to every response that has none of its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        # Django's debug error pages (DEBUG on, development only) rely on inline script and style.
        if policy and not (settings.DEBUG and response.status_code >= 400):
            response.headers.setdefault("Content-Security-Policy", policy)
        return response
