"""Top-level routes: the admin, the language switch, sign-in (Django's auth views), and the summaries app."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("summaries.api.urls")),
    path("", include("summaries.urls")),
]

# Under /api/ errors are JSON in the API's shape; elsewhere the site's pages.
handler400 = "summaries.error_views.bad_request"
handler403 = "summaries.error_views.permission_denied"
handler404 = "summaries.error_views.page_not_found"
handler500 = "summaries.error_views.server_error"
