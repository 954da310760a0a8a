"""Webhooks in the admin, for staff: endpoints (added with the same checks as on the editors' page, the secret
shown once), and the delivery log with every attempt, read-only, with a "Resend" action."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from summaries.common.admin_base import ReadOnlyAdmin, ReadOnlyInline
from summaries.webhooks.forms import EndpointForm
from summaries.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from summaries.webhooks.services import delivery_resend, endpoint_disable, endpoint_enable, endpoint_save

_NEW_SECRET = "admin-webhook-new-secret-{}"


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """Endpoints; the delivery state is the sender's and only shown. Enable and disable are actions."""

    form = EndpointForm
    list_display = ["url", "description", "active", "disabled_reason", "consecutive_failures", "created_at"]
    list_filter = ["active", "disabled_reason"]
    search_fields = ["url", "description"]
    readonly_fields = ["active", "disabled_reason", "disabled_at", "consecutive_failures", "created_by", "created_at"]
    actions = ["enable_selected", "disable_selected"]

    def save_model(self, request: HttpRequest, obj: WebhookEndpoint, form: object, change: bool) -> None:
        secret = endpoint_save(endpoint=obj, editor=request.user)
        if secret:
            request.session[_NEW_SECRET.format(obj.pk)] = secret

    def response_add(self, request: HttpRequest, obj: WebhookEndpoint, post_url_continue: str | None = None) -> Any:
        """Straight to the new endpoint's page, where its secret is shown this once."""
        super().response_add(request, obj, post_url_continue)
        return HttpResponseRedirect(reverse("admin:summaries_webhookendpoint_change", args=[obj.pk]))

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        secret = request.session.pop(_NEW_SECRET.format(object_id), "")
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "secret": secret})

    @admin.action(description=_("Enable the selected endpoints"))
    def enable_selected(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        for endpoint in queryset:
            endpoint_enable(endpoint=endpoint, editor=request.user)
        self.message_user(request, _("Deliveries start again."), messages.SUCCESS)

    @admin.action(description=_("Disable the selected endpoints"))
    def disable_selected(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        for endpoint in queryset:
            endpoint_disable(endpoint_id=endpoint.pk, reason=WebhookEndpoint.Disabled.BY_HAND)
        self.message_user(request, _("Nothing more is sent until they are enabled."), messages.SUCCESS)


ATTEMPT_FIELDS: tuple[str, ...] = (
    "number",
    "started_at",
    "succeeded",
    "response_code",
    "error",
    "response_excerpt",
    "duration_ms",
    "next_attempt_at",
    "by_hand",
)
DELIVERY_FIELDS: tuple[str, ...] = (
    "endpoint",
    "event",
    "message_id",
    "status",
    "attempts",
    "next_attempt_at",
    "created_at",
    "payload",
)


class AttemptInline(ReadOnlyInline):
    model = WebhookAttempt
    fields = ATTEMPT_FIELDS
    readonly_fields = ATTEMPT_FIELDS


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    """The delivery log: every delivery and its attempts as they went; "Resend" asks a worker for one more."""

    list_display = ["event", "endpoint", "status", "attempts", "next_attempt_at", "created_at", "finished_at"]
    list_filter = ["status", "event"]
    search_fields = ["endpoint__url", "message_id"]
    date_hierarchy = "created_at"
    list_select_related = ["endpoint"]
    fields = DELIVERY_FIELDS
    readonly_fields = DELIVERY_FIELDS
    inlines = [AttemptInline]
    actions = ["resend_selected"]

    @admin.action(description=_("Resend the selected deliveries"), permissions=["view"])
    def resend_selected(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        resent = sum(delivery_resend(delivery=delivery) for delivery in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery will be sent again in a moment.",
                "%(count)d deliveries will be sent again in a moment.",
                resent,
            )
            % {"count": resent},
            messages.SUCCESS if resent else messages.WARNING,
        )
