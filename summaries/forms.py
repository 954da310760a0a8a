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

    def __init__(self, *args: object, excess_files: int = 0, **kwargs: object) -> None:
        """`excess_files`: files the upload handler skipped beyond MAX_FILES_PER_SUBMISSION."""
        super().__init__(*args, **kwargs)
        self.excess_files = excess_files
        self.fields["strategy"].initial = settings.SUMMARIES_STRATEGY
        self.fields["length"].initial = settings.SUMMARIES_LENGTH
        self.fields["language"].choices = [("", _("Detect automatically"))] + [
            (code, language_name(code)) for code in supported_languages()
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.excess_files:
            limit = settings.SUMMARIES_MAX_FILES_PER_SUBMISSION
            error = IntakeError("too_many_files", count=limit + self.excess_files, max=limit)
            self.add_error("files", forms.ValidationError(error.message, code=error.code))
        elif self.data.get("text") and not cleaned.get("text") and not cleaned.get("files"):
            self.add_error("text", IntakeError("empty").message)
        elif not cleaned.get("text") and not cleaned.get("files") and not self.errors:
            raise forms.ValidationError(IntakeError("no_input").message, code="no_input")
        return cleaned


class ReviewQueueForm(forms.Form):
    """The queue's filters (GET); every field optional, bad values are reported, not ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search", "dir": "auto"}))
    review_state = forms.ChoiceField(label=_("Review state"), required=False)
    status = forms.ChoiceField(label=_("Processing status"), required=False)
    language = forms.CharField(label=_("Language"), required=False, max_length=8)
    date_from = forms.DateField(label=_("Submitted from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Submitted until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    submitter = forms.CharField(label=_("Submitted by (user name)"), required=False, max_length=150)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review_state"].choices = [("", _("Any"))] + list(Summary.ReviewState.choices)
        self.fields["status"].choices = [("", _("Any"))] + list(Summary.Status.choices)

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


class SummaryEditForm(forms.Form):
    """An editor's headline and summary text, with the revision they started from (optimistic locking)."""

    title = forms.CharField(label=_("Headline"), required=False, max_length=300, widget=forms.TextInput(attrs={"dir": "auto"}))
    text = forms.CharField(
        label=_("Summary"), max_length=20000, widget=forms.Textarea(attrs={"dir": "auto", "rows": 10, "lang": "en"})
    )
    base_revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    note = forms.CharField(label=_("What you changed (optional)"), required=False, max_length=255)


class DecisionForm(forms.Form):
    """One review decision; whether the note is required is the service's rule (rejecting needs a reason)."""

    action = forms.CharField(max_length=32, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Reason or note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
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
