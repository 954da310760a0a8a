"""API permissions: the same rule as the web pages (summaries.common.permissions), as DRF permission classes."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from summaries.common.permissions import is_editor


class IsEditor(BasePermission):
    """Review actions need the review permission (the Editors group)."""

    message = _("Only editors can review, edit or re-run summaries.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return is_editor(request.user)
