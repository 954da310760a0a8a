"""The address a request came from, for rate limits and sign-in lockouts.

X-Forwarded-For is written by whoever sends the request, so only the entries our own reverse
proxies appended can be trusted: with NUM_PROXIES=n that is the n-th address from the right.
Without proxies (the default) the header is ignored, so a client cannot pick its own address.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address as our outermost trusted proxy saw it; REMOTE_ADDR without proxies."""
    proxies = settings.NUM_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"
