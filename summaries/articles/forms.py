"""Forms validate input shape only; the submission service decides what is acceptable (length, language)."""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from summaries.articles.acceptance import language_name, supported_languages
from summaries.articles.intake import ACCEPTED_EXTENSIONS
from summaries.articles.submission import RunOptions
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
