"""The desk's date range: a GET form, every value checked, the last 30 days when none is given."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from summaries.desk.selectors import DateRange

DEFAULT_DAYS = 30
MAX_DAYS = 366


class DeskRangeForm(forms.Form):
    """From and to (both days included); either left empty takes the default's end."""

    start = forms.DateField(
        label=_("First day"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Last day"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        today = timezone.localdate()
        end = cleaned.get("end") or today
        start = cleaned.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
        if end > today:
            self.add_error("end", _("The end date is in the future; the numbers go up to today."))
        elif start > end:
            self.add_error("end", _("The end date is before the start date."))
        elif (end - start).days + 1 > MAX_DAYS:
            self.add_error("start", _("Choose at most 366 days."))
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    @property
    def dates(self) -> DateRange:
        """The range asked for; only after `is_valid()` returned True."""
        return DateRange(start=self.cleaned_data["start"], end=self.cleaned_data["end"])


def default_range() -> DateRange:
    """The last 30 days, today included."""
    today = timezone.localdate()
    return DateRange(start=today - timedelta(days=DEFAULT_DAYS - 1), end=today)
