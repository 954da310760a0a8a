"""The glossary's forms: an entry, an import file, accepting a suggestion."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from summaries.common.formatting import size_text
from summaries.glossary.models import GlossaryEntry


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
            raise forms.ValidationError(_("The file is larger than %(size)s.") % {"size": size_text(limit)})
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
