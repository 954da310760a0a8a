"""The admin for API tokens: made here or with `manage.py createtoken`, shown once, listed by their first
characters, revoked by deleting them. The token itself is never stored, so it can never be shown again."""

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from summaries.access.models import ApiToken
from summaries.access.tokens import issue


class ApiTokenAddForm(forms.ModelForm):
    """Who it is for and what it may do; the key is made on save."""

    expires_in_days = forms.IntegerField(
        label=_("expires after (days)"), min_value=1, max_value=3650, required=False, help_text=_("Empty: never.")
    )

    class Meta:
        model = ApiToken
        fields = ("user", "name", "read_only")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "read_only", "expires_at", "last_used_at", "created_at")
    list_filter = ("read_only",)
    search_fields = ("user__username", "name", "prefix")
    list_select_related = ("user",)
    readonly_fields = ("user", "prefix", "read_only", "created_at", "last_used_at")
    fields = ("user", "name", "prefix", "read_only", "expires_at", "created_at", "last_used_at")

    def get_form(self, request: HttpRequest, obj: ApiToken | None = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> Any:
        return ("user", "name", "read_only", "expires_in_days") if obj is None else self.fields

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> Any:
        return () if obj is None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: ApiToken, form: forms.ModelForm, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        days = form.cleaned_data.get("expires_in_days")
        made = issue(
            obj.user,
            name=obj.name,
            read_only=obj.read_only,
            expires_in=timedelta(days=days) if days else None,
        )
        for field in ("id", "prefix", "digest", "expires_at", "created_at"):  # the admin goes on with `obj`
            setattr(obj, field, getattr(made.token, field))
        obj._state.adding = False
        messages.warning(
            request,
            _("Copy the new token now; it is not stored and cannot be shown again: %(key)s") % {"key": made.key},
        )
