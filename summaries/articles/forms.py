"""Forms validate input shape only; the submission service decides what is acceptable (length, language)."""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from summaries.articles.acceptance import language_name, supported_languages
from summaries.articles.intake import ACCEPTED_EXTENSIONS
from summaries.articles.submission import RunOptions
from summaries.glossary.models import GlossaryEntry
from summaries.runs.models import Summary


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; Django's documented pattern for `multiple`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # FileField's own arguments, passed on as they are
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}))
        # An empty file is refused by the submission service as one row of the results, by name; Django's
        # own check would fail the whole form for it and drop every other file.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: object, initial: object = None) -> list:
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class SubmitForm(forms.Form):
    """A pasted article and/or uploaded files, or a link. No `maxlength` on the text: a browser would silently
    cut a paste. The link is a plain text field: the links service says what is wrong with it (not http or
    https, too long) in the same words as the API, and no scheme is guessed for it."""

    text = forms.CharField(
        label=_("Article text"),
        help_text=_("Paste an Arabic or English news article."),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 14, "spellcheck": "false"}),
    )
    # `self.files` stays the uploaded files: DeclarativeFieldsMetaclass moves declared fields to `base_fields`.
    files = MultipleFileField(  # type: ignore[assignment]  # the metaclass pops declared fields off the class
        label=_("Or upload files"),
        help_text=_("Plain text (.txt, .md), Word (.docx), PDF with a text layer, or a saved web page (.html)."),
        required=False,
    )
    url = forms.CharField(
        label=_("Or give a link to the article"),
        help_text=_("The page is read on the server, and the article taken out of it (http:// or https:// only)."),
        required=False,
        strip=True,
        widget=forms.URLInput(
            attrs={"dir": "ltr", "inputmode": "url", "autocomplete": "url", "spellcheck": "false", "lang": "en"}
        ),
    )
    language = forms.ChoiceField(label=_("Language of the article"), required=False)
    strategy = forms.ChoiceField(label=_("Kind of summary"), choices=Summary.Strategy.choices, required=False)
    length = forms.ChoiceField(label=_("Summary length"), choices=Summary.Length.choices, required=False)
    force_new = forms.BooleanField(label=_("Process again even if the same text was summarized before"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # Form's own arguments, passed on as they are
        super().__init__(*args, **kwargs)
        self.fields["strategy"].initial = settings.SUMMARIES_STRATEGY
        self.fields["length"].initial = settings.SUMMARIES_LENGTH
        language = cast(forms.ChoiceField, self.fields["language"])  # a copy of the ChoiceField declared above
        language.choices = [("", _("Detect automatically"))] + [
            (code, language_name(code)) for code in supported_languages()
        ]

    def clean(self) -> dict[str, Any]:
        """A link is one article on its own: it cannot come with a paste or files."""
        cleaned = super().clean() or {}
        pasted = str(self.data.get("text", "")).strip()
        if cleaned.get("url") and (pasted or cleaned.get("files")):
            self.add_error("url", _("Send a link on its own: clear the pasted text and the files, or the link."))
        return cleaned

    def options(self) -> RunOptions:
        """The choices for the submission service (empty means the settings' default)."""
        return {
            "language": self.cleaned_data.get("language") or None,
            "strategy": self.cleaned_data.get("strategy") or None,
            "length": self.cleaned_data.get("length") or None,
            "force_new": bool(self.cleaned_data.get("force_new")),
        }


class SummaryEditForm(forms.Form):
    """An editor's headline and summary text, with the revision they started from (optimistic locking)."""

    title = forms.CharField(
        label=_("Headline"), required=False, max_length=300, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    text = forms.CharField(
        label=_("Summary"), max_length=20000, widget=forms.Textarea(attrs={"dir": "auto", "rows": 10, "lang": "en"})
    )
    base_revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    note = forms.CharField(label=_("What you changed (optional)"), required=False, max_length=255)


class DecisionForm(forms.Form):
    """One review decision; whether the note is required is the service's rule (rejecting needs a reason)."""

    action = forms.CharField(max_length=32, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class RestoreForm(forms.Form):
    number = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    base_revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class RerunForm(forms.Form):
    """Send the article through the pipeline again, optionally with another strategy or length."""

    strategy = forms.ChoiceField(label=_("Kind of summary"), choices=Summary.Strategy.choices)
    length = forms.ChoiceField(label=_("Summary length"), choices=Summary.Length.choices)


class DiffForm(forms.Form):
    """Two revision numbers to compare (GET)."""

    a = forms.IntegerField(label=_("From revision"), min_value=1)
    b = forms.IntegerField(label=_("To revision"), min_value=1)


class GlossaryEntryForm(forms.ModelForm):
    """One glossary entry on the editors' page; variants one per line."""

    class Meta:
        model = GlossaryEntry
        fields = ["arabic", "arabic_variants", "english", "wrong_variants", "note"]
        widgets = {
            "arabic": forms.TextInput(attrs={"lang": "ar", "dir": "rtl"}),
            "arabic_variants": forms.Textarea(attrs={"rows": 3, "lang": "ar", "dir": "rtl"}),
            "english": forms.TextInput(attrs={"lang": "en", "dir": "ltr"}),
            "wrong_variants": forms.Textarea(attrs={"rows": 3, "lang": "en", "dir": "ltr"}),
            "note": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        }


class GlossaryImportForm(forms.Form):
    """A CSV or TSV file of glossary entries (the format is told by the extension)."""

    file = forms.FileField(label=_("CSV or TSV file"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".tsv", ".txt")):
            raise forms.ValidationError(_("Choose a .csv or .tsv file."))
        limit = settings.SUMMARIES_GLOSSARY_MAX_FILE_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": formats.number_format(limit / 1024 / 1024, 1)}
            )
        return upload

    @property
    def fmt(self) -> str:
        """ "tsv" for a .tsv file, else "csv"."""
        return "tsv" if self.cleaned_data["file"].name.lower().endswith(".tsv") else "csv"


class GlossarySuggestionAcceptForm(forms.Form):
    """The Arabic term a suggested correction belongs to."""

    arabic = forms.CharField(
        label=_("Arabic term"), max_length=200, widget=forms.TextInput(attrs={"lang": "ar", "dir": "rtl"})
    )
