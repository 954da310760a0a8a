"""Every error under /api/ is JSON, whatever DEBUG says.

With DEBUG off, the error handlers (error_views.py) answer in the API's shape already. With DEBUG on,
Django answers an unknown address or an unexpected exception with its technical HTML pages and never
calls those handlers; a program talking to a developer's server must still get JSON it can parse. So an
error response under /api/ that is not JSON is replaced by the API's error for its status. Outermost in
MIDDLEWARE, so it also sees what other middleware answered (a CSRF refusal, a lockout).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from summaries.api.errors import API_PREFIX, status_error_body


class JsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or not request.path.startswith(API_PREFIX) or _is_json(response):
            return response
        replacement = JsonResponse(status_error_body(response.status_code), status=response.status_code)
        for header in ("Retry-After", "WWW-Authenticate", "Allow"):
            if response.has_header(header):
                replacement[header] = response[header]
        return replacement


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().endswith("json")
