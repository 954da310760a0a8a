"""The address a request came from, for rate limits and sign-in lockouts.

X-Forwarded-For is written by whoever sends the request, so only the entries our own reverse
proxies appended can be trusted: with NUM_PROXIES=n that is the n-th address from the right, and only
when the connection itself comes from a proxy network (TRUSTED_PROXIES), so a client that reaches the
app directly cannot pick its own address. Without proxies (the default) the header is ignored.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as our outermost trusted proxy saw it; REMOTE_ADDR otherwise; None if unknown."""
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.NUM_PROXIES
    if proxies and remote and _trusted(remote):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return _valid(forwarded[-proxies]) or remote
    return remote


def _valid(value: str) -> str | None:
    """A well-formed IP address, normalised; anything else (empty, "unknown", a host name) is None."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def _trusted(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in ipaddress.ip_network(network, strict=False) for network in settings.TRUSTED_PROXIES)
