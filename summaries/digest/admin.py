"""Digests in the admin: found and read here, published on the editors' digest page.

Publishing takes a snapshot of the day's groups (digest/services.py), so the admin neither adds digests nor
flips `published`: a digest switched on here would have no snapshot, or an outdated one.
"""

from django.contrib import admin
from django.http import HttpRequest

from summaries.digest.models import Digest


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["day", "published", "published_at", "published_by", "updated_at"]
    list_filter = ["published"]
    date_hierarchy = "day"
    search_fields = ["introduction"]
    fields = ["day", "introduction", "published", "published_at", "published_by", "content", "updated_at"]
    readonly_fields = ["day", "published", "published_at", "published_by", "content", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
