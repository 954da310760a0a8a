"""One error shape for every API response: {"error": {"code", "message", "fields"?}}, never HTML.

DRF's own exceptions, the app's domain errors (intake, review) and Django's 404/500 for paths under
/api/ all end up here, so a client can branch on `code` and show `message` (in the request's language).

A few domain messages are worded for the web form ("shown below", "still in the form", "choose"); the API
answers those with its own wording, written for programs, and leaves the pages' words alone.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from summaries.common.exceptions import IntakeError, ReviewError, SummariesError
from summaries.review.errors import RevisionConflict

API_PREFIX = "/api/"

# The API's words for domain errors whose own message speaks of the web form; rendered with the error's params.
API_MESSAGES = {
    "no_input": gettext_lazy("Send the article as `text`, as one `file` or as a `url`."),
    "too_many_files": ngettext_lazy(
        "%(count)d file was sent; send one file per request.",
        "%(count)d files were sent; send one file per request.",
        "count",
    ),
}


class ApiError(exceptions.APIException):
    """A domain error on its way to the client, with the HTTP status that fits it."""

    def __init__(self, error: SummariesError, status_code: int, message: str | None = None, **extra: object) -> None:
        self.message = message if message is not None else api_message(error)
        super().__init__(detail=self.message, code=error.code)
        self.status_code = status_code
        self.error = error
        self.extra = extra


def api_message(error: SummariesError) -> str:
    """The error's message for a program: the API's own wording where the domain's is the form's."""
    template = API_MESSAGES.get(error.code)
    if template is None:
        return error.message
    return str(template % error.params) if error.params else str(template)


def domain_error(error: SummariesError) -> ApiError:
    """The HTTP status for a domain error: conflicts 409, refused review steps 409, bad input 400."""
    if isinstance(error, RevisionConflict):
        return revision_conflict(error)
    if isinstance(error, ReviewError):
        code = (
            status.HTTP_403_FORBIDDEN
            if error.code == "forbidden"
            else (
                status.HTTP_400_BAD_REQUEST
                if error.code in {"reason_required", "empty_summary", "unknown_revision"}
                else status.HTTP_409_CONFLICT
            )
        )
        return ApiError(error, code)
    if isinstance(error, IntakeError) and error.code == "file_too_large":
        return ApiError(error, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    return ApiError(error, status.HTTP_400_BAD_REQUEST)


def revision_conflict(conflict: RevisionConflict) -> ApiError:
    """409 for an edit based on an old revision: who saved the current one and when, in words and as fields,
    so a program can fetch the summary again and resend with `base_revision` set to `current_revision`."""
    current = conflict.current
    number = current.number if current is not None else conflict.params.get("number")
    author = current.author.get_username() if current is not None and current.author is not None else None
    message = _(
        "Not saved: this edit is based on revision %(base)d, but the summary is now at revision %(number)d, "
        "saved by %(author)s. Get the summary again, and send the edit with base_revision %(number)d to "
        "replace that revision."
    ) % {"base": conflict.base, "number": number, "author": author or _author_unnamed(number)}
    return ApiError(
        conflict,
        status.HTTP_409_CONFLICT,
        message,
        base_revision=conflict.base,
        current_revision=number,
        current_author=author,
        current_saved_at=serializers.DateTimeField().to_representation(current.created_at) if current else None,
    )


def _author_unnamed(number: object) -> str:
    """Revision 1 is the pipeline's own text (it has no author); a later one without an author was saved
    by an account deleted since."""
    return _("the summarizer") if number == 1 else _("an unknown user")


def error_body(code: str, message: str, **extra: object) -> dict[str, object]:
    return {"error": {"code": code, "message": message, **extra}}


# What an error status means, for answers that carry nothing more specific (Django's own 404 and 500).
_STATUS_ERRORS = {
    400: ("bad_request", gettext_lazy("The request could not be understood.")),
    403: ("permission_denied", gettext_lazy("You do not have permission to do this.")),
    404: ("not_found", gettext_lazy("There is nothing at this address.")),
    405: ("method_not_allowed", gettext_lazy("This address does not accept this method.")),
    413: ("too_large", gettext_lazy("The request body is too large.")),
    429: ("throttled", gettext_lazy("Too many requests; try again later.")),
    500: ("internal", gettext_lazy("Something went wrong on the server; the error has been logged.")),
}


def status_error_body(status_code: int) -> dict[str, object]:
    """The API's error shape for a bare HTTP status."""
    code, message = _STATUS_ERRORS.get(status_code, _STATUS_ERRORS[500 if status_code >= 500 else 400])
    return error_body(code, str(message))


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, reshaped: validation errors keep their per-field messages under `fields`."""
    if isinstance(exc, SummariesError):
        exc = domain_error(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's handler500 answers, as JSON under /api/ (error_views.py)
    if isinstance(exc, ApiError):
        response.data = error_body(exc.error.code, exc.message, **exc.extra)
    elif isinstance(exc, exceptions.ValidationError):
        response.data = error_body("invalid", _("Some fields are not valid."), fields=_flatten(exc.detail))
    elif isinstance(exc, exceptions.Throttled):
        response.data = error_body("throttled", str(exc.detail))
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        code = codes if isinstance(codes, str) else "error"
        response.data = error_body(code, str(getattr(exc, "detail", exc)))
    return response


def _flatten(detail: object, prefix: str = "") -> dict[str, list[str]]:
    """{"field": ["message", ...]} whatever nesting DRF produced; errors not tied to a field go under "non_field"."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = "non_field" if key == "non_field_errors" else f"{prefix}{key}"
            flat.update(
                _flatten(value, f"{name}.")
                if isinstance(value, dict)
                else {name: [str(item) for item in _as_list(value)]}
            )
        return flat
    return {"non_field": [str(item) for item in _as_list(detail)]}


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, (list, tuple)) else [value]
