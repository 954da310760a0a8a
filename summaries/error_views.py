"""Error handlers: JSON in the API's shape under /api/ (a program must never get an HTML page), and the
site's own pages everywhere else."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from summaries.api.errors import API_PREFIX, error_body, status_error_body
from summaries.common.formatting import size_text


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django refuses some bodies before any view runs; each gets its own code and message."""
    code, status, message = _bad_request_reason(exception)
    if _is_api(request):
        return JsonResponse(error_body(code, message), status=status)
    return render(request, "400.html", {"message": message}, status=status)


def _bad_request_reason(exception: Exception) -> tuple[str, int, str]:
    if isinstance(exception, RequestDataTooBig):
        limit = size_text(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return (
            "too_large",
            413,
            _("The request body is larger than %(limit)s; send the article as a file.") % {"limit": limit},
        )
    if isinstance(exception, TooManyFilesSent):
        return "too_many_files", 400, _("Too many files were sent in one request.")
    if isinstance(exception, TooManyFieldsSent):
        return "too_many_fields", 400, _("Too many fields were sent in one request.")
    return "bad_request", 400, _("The request could not be understood.")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(status_error_body(403), status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(status_error_body(404), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """500.html stands alone (no user, no session): whatever broke may break those too."""
    if _is_api(request):
        return JsonResponse(status_error_body(500), status=500)
    return defaults.server_error(request)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)
