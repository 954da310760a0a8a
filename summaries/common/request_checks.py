"""Bodies Django cannot read are refused before any view, with a reason, instead of looking empty.

Under WSGI a request body sent with `Transfer-Encoding: chunked` and no Content-Length reads as empty,
so a chunked upload was answered "paste an article or choose a file". It is answered 411 instead: JSON in
the API's shape under /api/, the site's error page elsewhere.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from summaries.api.errors import API_PREFIX, error_body


class ChunkedBodyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not chunked or request.META.get("CONTENT_LENGTH"):
            return self.get_response(request)
        message = _("Send the request with a Content-Length: bodies sent in chunks are not accepted.")
        if request.path.startswith(API_PREFIX):
            return JsonResponse(error_body("length_required", message), status=411)
        return render(request, "400.html", {"message": message}, status=411)
