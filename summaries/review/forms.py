"""The review page's forms: an edit, a decision, a restore, a re-run, a diff, and the admin's reject reason. They check shape only; the
review services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from summaries.runs.models import Summary


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
    """One review decision; whether the note is required is the service's rule (rejecting needs a reason).

    Nothing is chosen until the editor chooses. Approving a summary with flagged sentences needs `confirm`
    ticked: the page says how many are flagged, so one click cannot approve them unseen. This is the page's
    step; the API's approve, which a program sends on purpose, does not ask (its detail gives the flags).
    """

    action = forms.CharField(
        max_length=32, widget=forms.HiddenInput, error_messages={"required": _("Choose a decision.")}
    )
    note = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
    confirm = forms.BooleanField(required=False)

    def __init__(self, *args: object, flags: tuple[int, int] = (0, 0), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.flags = flags

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        flagged, total = self.flags
        if cleaned.get("action") == "approve" and flagged and not cleaned.get("confirm"):
            self.add_error("confirm", flagged_question(flagged, total))
        return cleaned


def flagged_question(flagged: int, total: int) -> str:
    """ "3 of 12 sentences are flagged: approve anyway?", in the page's language with its plural forms."""
    return ngettext(
        "%(flagged)d of %(total)d sentences is flagged: approve anyway?",
        "%(flagged)d of %(total)d sentences are flagged: approve anyway?",
        flagged,
    ) % {"flagged": flagged, "total": total}


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


class RejectForm(forms.Form):
    """The reason the reject action asks for; the service refuses an empty one too, this only asks first."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        help_text=_("The other editors will see it in each summary's history."),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60, "dir": "auto"}),
    )
