"""`/healthz` for load balancers and monitoring: 200 when the site works ("ok", or "degraded" while a
configured model is not ready: pages and submissions work, articles wait for the model), 503 when the
database, Redis, every worker or beat is gone ("unhealthy").

Anyone gets the status word, which is all a load balancer needs. The checks' details (model folders,
memory, how many workers) are for staff and for METRICS_TOKEN, like /metrics; the report comes from the
process's cached state (health.py), so calling this costs nothing.
"""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from summaries.monitoring.health import current_report
from summaries.monitoring.metrics import has_metrics_token


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = current_report()
    status = 503 if report["status"] == "unhealthy" else 200
    if request.user.is_staff or has_metrics_token(request):
        return JsonResponse(report, status=status)
    return JsonResponse({"status": report["status"]}, status=status)
