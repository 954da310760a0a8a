"""The OpenAPI description's parts that the serializers alone cannot state, derived from the code and the
settings that decide, so the schema cannot drift from them: filter parameters, the request bodies (one
component per media type, exactly one of text, file and link, the limits the intake applies, a note where
a decision needs one), the JSON export's shape and the links a stateful client follows."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, PolymorphicProxySerializer
from rest_framework import serializers

from summaries.articles.acceptance import supported_languages
from summaries.articles.links.fetch import MAX_LINK_LENGTH
from summaries.review.decisions import TRANSITIONS
from summaries.review.models import Review
from summaries.runs.models import Summary

_TYPES = {django_filters.DateFilter: OpenApiTypes.DATE}


def filterset_parameters(filterset: type[django_filters.FilterSet]) -> list[OpenApiParameter]:
    """A query parameter for each filter: its label as the description, choices as an enum; a date filter
    says that an empty value is refused (the API does not read it as "any date")."""
    parameters = []
    for name, field in filterset.base_filters.items():
        choices = field.extra.get("choices")
        is_date = isinstance(field, django_filters.DateFilter)
        parameters.append(
            OpenApiParameter(
                name,
                _TYPES.get(type(field), OpenApiTypes.STR),
                OpenApiParameter.QUERY,
                required=False,
                description=str(field.label) + (" (YYYY-MM-DD; an empty value is refused)" if is_date else ""),
                enum=[value for value, _label in choices] if choices else None,
            )
        )
    return parameters


# Request bodies. The view validates with serializers.ArticleSubmitSerializer (one shape for both media
# types, refusals with the intake's own codes); these describe what it accepts, per media type.


class _SubmitOptions(serializers.Serializer):
    """What every submission may add; the languages are the ones this site translates (its settings)."""

    def get_fields(self) -> dict:
        fields = super().get_fields()
        fields["language"] = serializers.ChoiceField(
            choices=["", *supported_languages()],
            required=False,
            help_text=_("Source language code; detected when empty or left out."),
        )
        fields["strategy"] = serializers.ChoiceField(choices=Summary.Strategy.choices, required=False)
        fields["length"] = serializers.ChoiceField(choices=Summary.Length.choices, required=False)
        return fields


class _TextOptions(_SubmitOptions):
    force_new = serializers.BooleanField(
        required=False, default=False, help_text=_("Summarize again even if the same text was summarized before.")
    )


def _text_field() -> serializers.RegexField:
    """The limits acceptance.check_length applies (SUMMARIES_MIN/MAX_ARTICLE_CHARS), read when the schema is made."""
    return serializers.RegexField(
        r"^[^\x00]*$",  # DRF's CharField refuses NUL characters
        min_length=settings.SUMMARIES_MIN_ARTICLE_CHARS,
        max_length=settings.SUMMARIES_MAX_ARTICLE_CHARS,
        trim_whitespace=False,
        help_text=_(
            "The article. Its length is counted after line ends are unified and each line's ends trimmed; "
            "shorter: 400 too_short, longer: 400 too_long."
        ),
    )


def _url_field() -> serializers.RegexField:
    return serializers.RegexField(
        r"\S",
        max_length=MAX_LINK_LENGTH,
        help_text=_(
            "A link to the article (http or https): accepted at once, its page read by a worker; errors such "
            "as link_scheme, link_not_found or link_address end the run, in `run.error`."
        ),
    )


class TextSubmissionSerializer(_TextOptions):
    """A pasted text."""

    def get_fields(self) -> dict:
        return {"text": _text_field(), **super().get_fields()}


class LinkSubmissionSerializer(_SubmitOptions):
    """A link; its page is read by a worker."""

    def get_fields(self) -> dict:
        return {"url": _url_field(), **super().get_fields()}


class TextFormSubmissionSerializer(TextSubmissionSerializer):
    """A pasted text, sent as a form."""


class LinkFormSubmissionSerializer(LinkSubmissionSerializer):
    """A link, sent as a form."""


class FileSubmissionSerializer(_TextOptions):
    """One uploaded file: .txt, .md, .docx, .pdf or .html, up to MAX_UPLOAD_BYTES (else 413)."""

    file = serializers.FileField(use_url=False)


ARTICLE_SUBMIT_JSON = PolymorphicProxySerializer(
    component_name="ArticleSubmitJSON",
    serializers=[TextSubmissionSerializer, LinkSubmissionSerializer],
    resource_type_field_name=None,
)
ARTICLE_SUBMIT_FORM = PolymorphicProxySerializer(
    component_name="ArticleSubmitForm",
    serializers=[TextFormSubmissionSerializer, FileSubmissionSerializer, LinkFormSubmissionSerializer],
    resource_type_field_name=None,
)


# Shown in the documentation, and drawn now and then by schema-driven fuzzers, which then submit an
# article the site accepts.
SUBMIT_EXAMPLES = [
    OpenApiExample(
        "An Arabic article",
        value={
            "text": (
                "وقّع الرئيسان الروسي والمصري اليوم في القاهرة اتفاقية لتجديد الشراكة الشاملة والتعاون "
                "الاستراتيجي بين البلدين في مجالي الطاقة والتجارة."
            ),
            "length": "short",
        },
        request_only=True,
        media_type="application/json",
    ),
]


class DecisionSerializer(serializers.Serializer):
    """A decision that needs no note (approve, withdraw, reopen); a note is kept if given."""

    action = serializers.ChoiceField(
        choices=[str(action) for action, transition in TRANSITIONS.items() if not transition.needs_note]
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class NotedDecisionSerializer(serializers.Serializer):
    """A decision that needs a note: reject (the reason) or request changes (what to change)."""

    action = serializers.ChoiceField(
        choices=[str(action) for action, transition in TRANSITIONS.items() if transition.needs_note]
    )
    note = serializers.RegexField(
        r"\S", max_length=5000, help_text=_("Required, not only spaces: 400 reason_required otherwise.")
    )


DECISION = PolymorphicProxySerializer(
    component_name="DecisionChoice",
    serializers={
        str(action): NotedDecisionSerializer if transition.needs_note else DecisionSerializer
        for action, transition in TRANSITIONS.items()
    },
    resource_type_field_name="action",
)


# The JSON export (review/exports.py: _as_data).


class ExportSourceSerializer(serializers.Serializer):
    url = serializers.CharField(help_text=_("The link as submitted."))
    final_url = serializers.CharField(help_text=_("Where its redirects ended."))
    headline = serializers.CharField(help_text=_("The page's own headline."))
    outlet = serializers.CharField(help_text=_("The feed's name, the page's site name, or the link's host."))
    fetched_at = serializers.DateTimeField(allow_null=True)
    published_on = serializers.DateField(allow_null=True, help_text=_("The date the page gives, if any."))


class ExportHeadlineSerializer(serializers.Serializer):
    text = serializers.CharField()
    language = serializers.CharField(help_text=_("The headline's own language (a page's may be Arabic)."))
    generated = serializers.BooleanField(help_text=_("Made from the summary, not given by the page or an editor."))


class ResultExportSerializer(serializers.Serializer):
    """`result.json`: the summary as it reads now, its translation and the original."""

    article_id = serializers.UUIDField()
    title = serializers.CharField(help_text=_("The editors' headline; empty if none was set."))
    headline = ExportHeadlineSerializer(
        allow_null=True,
        help_text=_("What the result is headed with: the editors', the page's, the first line or one generated."),
    )
    summary = serializers.CharField(help_text=_("As edited by editors, else the machine summary."))
    summary_language = serializers.ChoiceField(choices=[("en", "en")])
    translation = serializers.CharField(help_text=_("The English translation; empty for an English original."))
    original = serializers.CharField()
    original_language = serializers.CharField()
    strategy = serializers.ChoiceField(choices=Summary.Strategy.choices)
    length = serializers.ChoiceField(choices=Summary.Length.choices)
    revision = serializers.IntegerField()
    review_state = serializers.ChoiceField(choices=Review.State.choices)
    approved_at = serializers.DateTimeField(allow_null=True, help_text=_("Only while approved."))
    translation_model = serializers.CharField()
    summarization_model = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    source = ExportSourceSerializer(  # type: ignore[assignment]  # SerializerMetaclass pops declared fields off the class
        allow_null=True, help_text=_("For a link or a feed entry; null otherwise.")
    )


# Links: a stateful client (or fuzzer) follows the new article's id to its status and its result.

_ARTICLE_ID = "$response.body#/id"
_LINKS = {
    ("/api/v1/articles/", "post", ("201", "200")): {
        "GetArticle": ("articles_retrieve", {"article_id": _ARTICLE_ID}, "Poll the article's status."),
        "GetResult": ("articles_result", {"article_id": _ARTICLE_ID}, "Download the result once it is done."),
    },
    ("/api/v1/articles/{article_id}/", "get", ("200",)): {
        "GetResult": ("articles_result", {"article_id": _ARTICLE_ID}, "Download the result once it is done."),
        "GetRun": (
            "summaries_retrieve",
            {"summary_id": "$response.body#/run/summary_id"},
            "The run as editors see it.",
        ),
        "Decide": ("summaries_decide", {"summary_id": "$response.body#/run/summary_id"}, "Take a decision."),
    },
}


def add_links(result: dict, generator: object, request: object, public: bool) -> dict:
    """drf-spectacular postprocessing hook: OpenAPI links from a response's ids to the operations taking them."""
    for (path, method, codes), links in _LINKS.items():
        responses = result["paths"][path][method]["responses"]
        for code in codes:
            responses[code]["links"] = {
                name: {"operationId": operation, "parameters": parameters, "description": description}
                for name, (operation, parameters, description) in links.items()
            }
    return result
