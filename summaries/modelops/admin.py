"""Where each configured model stands, for the people running the site; written by the provisioning only."""

from django.contrib import admin

from summaries.common.admin_base import ReadOnlyAdmin
from summaries.modelops.models import ModelState


@admin.register(ModelState)
class ModelStateAdmin(ReadOnlyAdmin):
    """Written by the background fetcher and the workers; the admin index shows the same as a table."""

    list_display = (
        "model_id",
        "state",
        "percent",
        "problem",
        "backend",
        "device",
        "resident_mb",
        "loaded_by",
        "updated_at",
    )
    list_filter = ("state", "backend", "device")
    search_fields = ("model_id", "detail")
