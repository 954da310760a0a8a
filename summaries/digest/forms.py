"""Forms of the editors' digest page: which day, and the introduction written for it. They validate, never save."""

from django import forms
from django.utils.translation import gettext_lazy as _

INTRODUCTION_MAX_LENGTH = 5000


class DigestDayForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class DigestIntroductionForm(forms.Form):
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=INTRODUCTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Shown above the groups on the public page and in the e-mail."),
    )
