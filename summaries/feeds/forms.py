"""The form for a feed, shared by the editors' page and the admin: the same choices and checks in both."""

from typing import Any, cast

from django import forms
from django.core.validators import MinValueValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from summaries.articles.acceptance import language_name, supported_languages
from summaries.feeds.models import Feed
from summaries.runs.models import Summary


class FeedForm(forms.ModelForm):
    """Where the feed is and how its articles are summarized; the poll state is the poller's, never edited."""

    # Typed without a scheme, an address is taken as https (Django 6's default, chosen now).
    url = forms.URLField(
        label=_("Feed address"),
        max_length=2000,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        widget=forms.URLInput(attrs={"dir": "ltr", "placeholder": "https://"}),
    )
    strategy = forms.ChoiceField(label=_("Kind of summary"), choices=Summary.Strategy.choices)
    length = forms.ChoiceField(label=_("Summary length"), choices=Summary.Length.choices)
    language = forms.ChoiceField(
        label=_("Language of its articles"),
        required=False,
        help_text=_("Leave on automatic unless the detector gets this outlet wrong."),
    )

    class Meta:
        model = Feed
        fields = ["url", "name", "language", "strategy", "length", "interval_minutes", "active"]
        widgets = {
            "name": forms.TextInput(attrs={"dir": "auto"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # ModelForm's own arguments, passed on as they are
        super().__init__(*args, **kwargs)
        language = cast(forms.ChoiceField, self.fields["language"])  # a copy of the ChoiceField declared above
        codes = supported_languages()
        if self.instance.language and self.instance.language not in codes:  # a model removed since: keep it
            codes.append(self.instance.language)
        language.choices = [("", _("Detect automatically"))] + [(code, language_name(code)) for code in codes]
        interval = self.fields["interval_minutes"]
        interval.validators.append(MinValueValidator(1))  # a feed polled every 0 minutes would be polled on every tick
        interval.widget.attrs["min"] = 1
