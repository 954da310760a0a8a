"""The form the admin's reject action asks for."""

from django import forms
from django.utils.translation import gettext_lazy as _


class RejectForm(forms.Form):
    """The reason the reject action asks for; the service refuses an empty one too, this only asks first."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        help_text=_("The other editors will see it in each summary's history."),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60, "dir": "auto"}),
    )
