"""`/healthz` for load balancers and monitoring: JSON, 200 when the site works ("ok", or "degraded" while a
configured model is not ready: pages and submissions work, articles wait for the model), 503 when the
database, Redis or every worker is gone ("unhealthy")."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..health import health_report


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=503 if report["status"] == "unhealthy" else 200)
