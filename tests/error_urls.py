"""The site's routes plus addresses that fail on purpose, for tests of the error pages (never in the app)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from newsapp.urls import handler400, handler403, handler404, handler500  # noqa: F401 (Django reads them here)
from newsapp.urls import urlpatterns as site_urlpatterns


def refused(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a request the site refuses")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [
    path("failing/400/", refused),
    path("failing/403/", forbidden),
    path("failing/500/", broken),
    path("api/v1/failing/500/", broken),
    *site_urlpatterns,
]
