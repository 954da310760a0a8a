"""The form for an endpoint, shared by the editors' pages and the admin: the same address checks in both."""

from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from summaries.articles.links.addresses import AddressRefused
from summaries.webhooks.delivery import Target, addresses_for
from summaries.webhooks.models import Event, WebhookEndpoint


class EndpointForm(forms.ModelForm):
    """Where to send and which events. The address is checked as a link's is, now with a clear message, and
    again at every delivery (DNS can change)."""

    url = forms.URLField(
        label=_("Endpoint address"),
        max_length=2000,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        widget=forms.URLInput(attrs={"dir": "ltr", "placeholder": "https://"}),
        help_text=_("Events are POSTed here as signed JSON. Only public internet addresses are allowed."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event to send.")},
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events"]
        widgets = {"description": forms.TextInput(attrs={"dir": "auto"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # ModelForm's own arguments, passed on as they are
        super().__init__(*args, **kwargs)
        self.fields["description"].help_text = _("For people: what receives these events (a CMS, a chat channel).")

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        try:
            target = Target.parse(url)
        except ValueError as exc:
            raise forms.ValidationError(_("Enter an http or https address with a host name."), code="url") from exc
        try:
            addresses_for(target)
        except AddressRefused as exc:
            raise forms.ValidationError(
                _(
                    "%(host)s leads to an address webhooks may not reach (%(reason)s): only public internet "
                    "addresses are allowed, unless the site's WEBHOOK_ALLOWED_HOSTS names this host."
                ),
                code="address",
                params={"host": target.host, "reason": exc.reason},
            ) from exc
        except OSError as exc:
            raise forms.ValidationError(
                _("The host name %(host)s does not resolve: check the address."),
                code="unresolved",
                params={"host": target.host},
            ) from exc
        return url
