"""The editors' webhooks pages in the review area: the endpoints and how their deliveries go, add and edit
(the secret shown once, after adding), enable and disable, delete, and an endpoint's delivery log with
"Resend".

Every view is `editor_required`. Nothing here sends: "Resend" asks a worker (attempts.py), so a slow or
hostile endpoint never holds a request.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from summaries.common.permissions import editor_required
from summaries.webhooks.forms import EndpointForm
from summaries.webhooks.models import WebhookDelivery, WebhookEndpoint
from summaries.webhooks.selectors import endpoint_deliveries, endpoint_delivery_count, endpoint_list
from summaries.webhooks.services import delivery_resend, endpoint_disable, endpoint_enable, endpoint_save

# The delivery log shows this many of an endpoint's newest deliveries.
DELIVERIES_SHOWN = 50
# Where a new endpoint's secret waits, in the (server-side) session, for the one page that shows it.
_NEW_SECRET = "webhook-new-secret-{}"


@editor_required
@require_GET
def webhooks_list(request: HttpRequest) -> HttpResponse:
    return render(request, "summaries/webhooks.html", {"endpoints": endpoint_list()})


@editor_required
@require_http_methods(["GET", "POST"])
def webhook_add(request: HttpRequest) -> HttpResponse:
    return _endpoint_form(request, WebhookEndpoint())


@editor_required
@require_http_methods(["GET", "POST"])
def webhook_edit(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    return _endpoint_form(request, get_object_or_404(WebhookEndpoint, pk=endpoint_id))


@editor_required
@require_POST
def webhook_activate(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    """Enable (`active` "1") or disable ("0") by hand; enabling clears the reason and the failures in a row."""
    endpoint = get_object_or_404(WebhookEndpoint, pk=endpoint_id)
    if request.POST.get("active") == "1":
        endpoint_enable(endpoint=endpoint, editor=request.user)
        messages.success(request, _("Deliveries to %(url)s start again.") % {"url": endpoint.url})
    else:
        endpoint_disable(endpoint_id=endpoint.pk, reason=WebhookEndpoint.Disabled.BY_HAND)
        messages.success(request, _("Nothing more is sent to %(url)s until it is enabled.") % {"url": endpoint.url})
    return redirect("summaries:webhooks_list")


@editor_required
@require_POST
def webhook_delete(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    """The endpoint goes, with its delivery log."""
    endpoint = get_object_or_404(WebhookEndpoint, pk=endpoint_id)
    url = endpoint.url
    endpoint.delete()
    messages.success(request, _("The endpoint %(url)s is deleted.") % {"url": url})
    return redirect("summaries:webhooks_list")


@editor_required
@require_GET
def webhook_deliveries(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    """The endpoint's newest deliveries, each with its attempts: status, response, error, time taken."""
    endpoint = get_object_or_404(WebhookEndpoint, pk=endpoint_id)
    context = {
        "endpoint": endpoint,
        "deliveries": endpoint_deliveries(endpoint=endpoint, limit=DELIVERIES_SHOWN),
        "total": endpoint_delivery_count(endpoint=endpoint),
        "shown": DELIVERIES_SHOWN,
    }
    return render(request, "summaries/webhook_deliveries.html", context)


@editor_required
@require_POST
def webhook_resend(request: HttpRequest, delivery_id: int) -> HttpResponse:
    """One more attempt of a delivery, by a worker in a moment, with the same message id and body."""
    delivery = get_object_or_404(WebhookDelivery, pk=delivery_id)
    if delivery_resend(delivery=delivery):
        messages.success(request, _("The delivery will be sent again in a moment."))
    else:
        messages.warning(request, _("The delivery is being sent right now: look again in a moment."))
    return redirect("summaries:webhook_deliveries", endpoint_id=delivery.endpoint_id)


def _endpoint_form(request: HttpRequest, endpoint: WebhookEndpoint) -> HttpResponse:
    """Add or edit one endpoint. A new one's secret is shown once, on its edit page right after."""
    if request.method == "GET":
        secret = request.session.pop(_NEW_SECRET.format(endpoint.pk), "") if endpoint.pk else ""
        context = {"form": EndpointForm(instance=endpoint), "endpoint": endpoint, "secret": secret}
        return render(request, "summaries/webhook_form.html", context)
    form = EndpointForm(request.POST, instance=endpoint)
    if not form.is_valid():
        return render(request, "summaries/webhook_form.html", {"form": form, "endpoint": endpoint}, status=400)
    secret = endpoint_save(endpoint=form.save(commit=False), editor=request.user)
    messages.success(request, _("The endpoint %(url)s is saved.") % {"url": endpoint.url})
    if secret:
        request.session[_NEW_SECRET.format(endpoint.pk)] = secret
    return redirect("summaries:webhook_edit", endpoint_id=endpoint.pk)
