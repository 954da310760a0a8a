"""The search page's form: the query and the filters, checked before anything is searched."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from summaries.articles.acceptance import language_name, supported_languages
from summaries.feeds.models import Feed
from summaries.review.models import Review
from summaries.search.query import MAX_QUERY_CHARACTERS
from summaries.search.selectors import SearchFilters

ANY = ("", _("Any"))
FLAGGED_CHOICES = [ANY, ("yes", _("With flagged sentences")), ("no", _("Without flagged sentences"))]


class SearchForm(forms.Form):
    """Every field optional but the query; bad values are reported, not ignored."""

    q = forms.CharField(
        label=_("Search for"),
        max_length=MAX_QUERY_CHARACTERS,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "dir": "auto"}),
        help_text=_('Every word must match. "Words in quotes" match together; elect* matches the words it starts.'),
    )
    arrived_after = forms.DateField(
        label=_("Arrived from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    arrived_before = forms.DateField(
        label=_("Arrived until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    outlet = forms.ChoiceField(label=_("Outlet"), required=False)
    feed = forms.ModelChoiceField(label=_("Feed"), queryset=Feed.objects.none(), required=False, empty_label=_("Any"))
    language = forms.ChoiceField(label=_("Language"), required=False)
    review_state = forms.ChoiceField(label=_("Review state"), required=False, choices=[ANY, *Review.State.choices])
    flagged = forms.ChoiceField(label=_("Flagged"), required=False, choices=FLAGGED_CHOICES)

    def __init__(self, *args: object, outlets: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["outlet"].choices = [ANY, *((outlet, outlet) for outlet in outlets)]  # type: ignore[attr-defined]
        self.fields["feed"].queryset = Feed.objects.order_by("name")  # type: ignore[attr-defined]
        languages = [(code, language_name(code)) for code in supported_languages()]
        self.fields["language"].choices = [ANY, *languages]  # type: ignore[attr-defined]

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        start: date | None = cleaned.get("arrived_after")
        end: date | None = cleaned.get("arrived_before")
        if start and end and start > end:
            self.add_error("arrived_before", _("The end date is before the start date."))
        return cleaned

    def search_filters(self) -> SearchFilters:
        """The valid form's filters."""
        data = self.cleaned_data
        feed = data.get("feed")
        return SearchFilters(
            arrived_after=data.get("arrived_after"),
            arrived_before=data.get("arrived_before"),
            outlet=data.get("outlet") or "",
            feed_id=feed.pk if feed is not None else None,
            language=data.get("language") or "",
            review_state=data.get("review_state") or "",
            flagged={"yes": True, "no": False}.get(data.get("flagged") or ""),
        )
