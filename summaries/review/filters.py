"""The review queue's filters, one definition for the queue page (its form) and the API (its query
string and OpenAPI parameters): django-filter's FilterSet over each article's newest run."""

from datetime import date

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from summaries.review.models import Review
from summaries.runs.models import Summary


class QueueFilterForm(forms.Form):
    """Bad values are reported, not ignored; so is a date range that ends before it starts."""

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        start: date | None = cleaned.get("submitted_after")
        end: date | None = cleaned.get("submitted_before")
        if start and end and start > end:
            self.add_error("submitted_before", _("The end date is before the start date."))
        return cleaned


class ReviewQueueFilter(django_filters.FilterSet):
    """Every filter optional; the search looks in the page's headline, link and outlet, the feed's name, the
    article and both summaries (what the queue names an article by, so a name seen there can be searched)."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "dir": "auto"}),
    )
    review_state = django_filters.ChoiceFilter(
        label=_("Review state"), choices=Review.State.choices, empty_label=_("Any"), method="reviewed_as"
    )
    status = django_filters.ChoiceFilter(
        label=_("Processing status"), choices=Summary.Status.choices, empty_label=_("Any")
    )
    language = django_filters.CharFilter(label=_("Language"), field_name="article__language", max_length=8)
    submitted_after = django_filters.DateFilter(
        label=_("Submitted from"),
        field_name="article__created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    submitted_before = django_filters.DateFilter(
        label=_("Submitted until"),
        field_name="article__created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    submitter = django_filters.CharFilter(
        label=_("Submitted by (user name)"),
        field_name="article__submitted_by__username",
        lookup_expr="iexact",
        max_length=150,
    )

    class Meta:
        model = Summary
        fields: list[str] = []
        form = QueueFilterForm

    def reviewed_as(self, queryset: QuerySet[Summary], name: str, value: str) -> QuerySet[Summary]:
        """A review state belongs to finished runs: a failed run is never "pending review"."""
        return queryset.filter(status=Summary.Status.DONE, review__state=value)

    def search(self, queryset: QuerySet[Summary], name: str, value: str) -> QuerySet[Summary]:
        return queryset.filter(
            Q(review__title__icontains=value)
            | Q(article__headline__icontains=value)
            | Q(article__url__icontains=value)
            | Q(article__site_name__icontains=value)
            | Q(article__feed__name__icontains=value)
            | Q(article__source_text__icontains=value)
            | Q(review__current_text__icontains=value)
            | Q(summary_text__icontains=value)
        )


class ApiQueueFilterForm(QueueFilterForm):
    """For programs: a date is YYYY-MM-DD (the schema's format: date), and a date filter sent empty is an
    error, not "any date" (a program that sends one has lost its value; the page's form sends every field)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.input_formats = ["%Y-%m-%d"]

    def clean(self) -> dict:
        cleaned = super().clean()
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField) and name in self.data and not str(self.data[name]).strip():
                self.add_error(name, _("Give a date as YYYY-MM-DD, or leave this filter out."))
        return cleaned


class ApiQueueFilter(ReviewQueueFilter):
    """The queue's filters as the API reads them (ApiQueueFilterForm)."""

    class Meta(ReviewQueueFilter.Meta):
        form = ApiQueueFilterForm
