"""Forms validate input shape only; the submission service decides what is acceptable (length, language)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .exceptions import IntakeError
from .intake import ACCEPTED_EXTENSIONS
from .models import Summary
from .services.submission import language_name, supported_languages


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; Django's documented pattern for `multiple`."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}))
        super().__init__(*args, **kwargs)

    def clean(self, data: object, initial: object = None) -> list:
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class SubmitForm(forms.Form):
    """A pasted article and/or uploaded files. No `maxlength` on the text: a browser would silently cut a paste."""

    text = forms.CharField(
        label=_("Article text"),
        help_text=_("Paste an Arabic or English news article."),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 14, "spellcheck": "false"}),
    )
    files = MultipleFileField(
        label=_("Or upload files"),
        help_text=_("Plain text (.txt, .md), Word (.docx), PDF with a text layer, or a saved web page (.html)."),
        required=False,
    )
    language = forms.ChoiceField(label=_("Language of the article"), required=False)
    strategy = forms.ChoiceField(label=_("Kind of summary"), choices=Summary.Strategy.choices, required=False)
    length = forms.ChoiceField(label=_("Summary length"), choices=Summary.Length.choices, required=False)
    force_new = forms.BooleanField(
        label=_("Process again even if the same text was summarized before"), required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strategy"].initial = settings.SUMMARIES_STRATEGY
        self.fields["length"].initial = settings.SUMMARIES_LENGTH
        self.fields["language"].choices = [("", _("Detect automatically"))] + [
            (code, language_name(code)) for code in supported_languages()
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.data.get("text") and not cleaned.get("text") and not cleaned.get("files"):
            self.add_error("text", IntakeError("empty").message)
        elif not cleaned.get("text") and not cleaned.get("files") and not self.errors:
            raise forms.ValidationError(IntakeError("no_input").message, code="no_input")
        return cleaned
