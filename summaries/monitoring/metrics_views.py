"""`/metrics` for Prometheus: open to the networks in METRICS_NETWORKS (loopback by default) and to any
client presenting METRICS_TOKEN as a bearer token; 404 for everyone else, so its existence is not public."""

import ipaddress

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from summaries.monitoring.metrics import has_metrics_token, registry


# CSRF-exempt: the CSRF check ran before the view and answered a cross-site POST with 403 where any
# unknown address answers 404, telling the refused that the endpoint exists. It changes nothing, ever.
@csrf_exempt
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not (has_metrics_token(request) or _from_allowed_network(request)):
        raise Http404  # before the method check, so nothing tells others that this address exists
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)


def _from_allowed_network(request: HttpRequest) -> bool:
    """The connection's own address (REMOTE_ADDR): Prometheus scrapes directly, never through the public proxy."""
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in settings.SUMMARIES_METRICS_NETWORKS)
