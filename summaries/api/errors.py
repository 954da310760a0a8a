"""One error shape for every API response: {"error": {"code", "message", "fields"?}}, never HTML.

DRF's own exceptions, the app's domain errors (intake, review) and Django's 404/500 for paths under
/api/ all end up here, so a client can branch on `code` and show `message` (in the request's language).
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ..exceptions import IntakeError, ReviewError, RevisionConflict, SummariesError

API_PREFIX = "/api/"


class ApiError(exceptions.APIException):
    """A domain error on its way to the client, with the HTTP status that fits it."""

    def __init__(self, error: SummariesError, status_code: int, **extra: object) -> None:
        super().__init__(detail=error.message, code=error.code)
        self.status_code = status_code
        self.error = error
        self.extra = extra


def domain_error(error: SummariesError) -> ApiError:
    """The HTTP status for a domain error: conflicts 409, refused review steps 409, bad input 400."""
    if isinstance(error, RevisionConflict):
        return ApiError(error, status.HTTP_409_CONFLICT, current_revision=error.params.get("number"))
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


def error_body(code: str, message: str, **extra: object) -> dict[str, object]:
    return {"error": {"code": code, "message": message, **extra}}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, reshaped: validation errors keep their per-field messages under `fields`."""
    if isinstance(exc, SummariesError):
        exc = domain_error(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's handler500 answers, as JSON under /api/ (views/errors.py)
    if isinstance(exc, ApiError):
        response.data = error_body(exc.error.code, exc.error.message, **exc.extra)
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
