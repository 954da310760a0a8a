"""Forms validate input shape only; the submission service decides what is acceptable (length, language)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SubmitForm(forms.Form):
    """A pasted article. No `maxlength` on the widget: a browser would silently cut a long paste."""

    text = forms.CharField(
        label=_("Article text"),
        help_text=_("Paste an Arabic or English news article."),
        strip=True,
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 16, "spellcheck": "false"}),
        error_messages={"required": _("Paste the article text first.")},
    )
