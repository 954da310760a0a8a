"""GET /api/v1/search/: the editors' search for programs, with the page's query syntax and filters."""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from summaries.api.permissions import IsEditor
from summaries.api.serializers import ErrorSerializer
from summaries.articles.acceptance import supported_languages
from summaries.articles.naming import article_name
from summaries.feeds.models import Feed
from summaries.review.models import Review
from summaries.search.query import MAX_QUERY_CHARACTERS
from summaries.search.selectors import SearchFilters, SearchHit, SearchResults, search_articles
from summaries.search.snippets import Snippet

QUERY_HELP = (
    'Every word must match (AND); "words in quotes" match side by side in that order; word* matches the words '
    "it starts. Arabic spelling variants (hamza forms of alef, alef maqsura, taa marbuta, diacritics, tatweel) "
    "match each other; English word forms match (stemming). Other punctuation only separates words."
)


class SearchParametersSerializer(serializers.Serializer):
    q = serializers.CharField(max_length=MAX_QUERY_CHARACTERS, allow_blank=True, help_text=QUERY_HELP)
    page = serializers.IntegerField(required=False, min_value=1, default=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)
    arrived_after = serializers.DateField(
        required=False, input_formats=["%Y-%m-%d"], help_text="Arrived (submitted) on or after this day."
    )
    arrived_before = serializers.DateField(
        required=False, input_formats=["%Y-%m-%d"], help_text="Arrived (submitted) on or before this day."
    )
    outlet = serializers.CharField(required=False, max_length=200, help_text="The outlet's name, exactly.")
    feed = serializers.IntegerField(required=False, min_value=1, help_text="A feed's id.")
    language = serializers.CharField(required=False, max_length=8, help_text="The article's language code.")
    review_state = serializers.ChoiceField(choices=Review.State.choices, required=False)
    flagged = serializers.BooleanField(
        required=False, allow_null=True, help_text="true: runs with a flagged sentence; false: runs without."
    )

    def validate_language(self, value: str) -> str:
        if value not in supported_languages():
            raise serializers.ValidationError(_("No articles are accepted in this language."))
        return value

    def validate_feed(self, value: int) -> int:
        if not Feed.objects.filter(pk=value).exists():
            raise serializers.ValidationError(_("There is no feed with this id."))
        return value

    def validate(self, attrs: dict) -> dict:
        start, end = attrs.get("arrived_after"), attrs.get("arrived_before")
        if start and end and start > end:
            raise serializers.ValidationError({"arrived_before": _("The end date is before the start date.")})
        return attrs


class SnippetSerializer(serializers.Serializer):
    field = serializers.ChoiceField(
        choices=["headline", "edited", "summary", "translation", "original", "revisions"],
        help_text="Where it was found: the headline, the editors' text, the machine summary, the translation, the "
        "original or an earlier revision.",
    )
    field_label = serializers.CharField(help_text="The field's name in the request's language.")
    language = serializers.CharField(allow_blank=True)
    direction = serializers.ChoiceField(choices=["ltr", "rtl", "auto"])
    text = serializers.CharField(help_text="Part of the text as written (not folded).")
    highlights = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(min_value=0), min_length=2, max_length=2),
        help_text="[start, end) of each match in `text`, in characters.",
    )
    html = serializers.CharField(help_text="`text` escaped, matches in <mark>, … where text was left out.")


class SearchHitSerializer(serializers.Serializer):
    article_id = serializers.UUIDField()
    summary_id = serializers.IntegerField(allow_null=True, help_text="The newest run.")
    name = serializers.CharField(help_text="What the review queue names the article by.")
    name_language = serializers.CharField(allow_blank=True)
    outlet = serializers.CharField(allow_blank=True)
    feed_id = serializers.IntegerField(allow_null=True)
    language = serializers.CharField(allow_blank=True)
    arrived_at = serializers.DateTimeField()
    review_state = serializers.CharField(allow_blank=True, help_text="Empty until the newest run is done.")
    flagged_sentences = serializers.IntegerField(min_value=0)
    rank = serializers.FloatField(help_text="The engine's score (bm25 on SQLite, ts_rank_cd on PostgreSQL).")
    article_url = serializers.URLField()
    review_url = serializers.URLField(allow_null=True)
    snippets = SnippetSerializer(many=True)


class SearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(min_value=0)
    page = serializers.IntegerField(min_value=1)
    pages = serializers.IntegerField(min_value=1)
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchHitSerializer(many=True)


class Search(APIView):
    """Editors' full-text search over headlines, originals, translations, summaries and editors' revisions."""

    permission_classes = [IsAuthenticated, IsEditor]

    @extend_schema(
        operation_id="search_list",
        parameters=[SearchParametersSerializer],
        responses={
            200: SearchPageSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description="`empty_query` (nothing to search for), `query_too_long`, `too_many_terms`, or "
                "`invalid` with `fields` (a bad filter value, an unknown feed or language, dates out of order).",
            ),
            401: OpenApiResponse(ErrorSerializer, description="No or bad credentials."),
            403: OpenApiResponse(ErrorSerializer, description="Not an editor."),
            404: OpenApiResponse(ErrorSerializer, description="A page beyond the last."),
        },
    )
    def get(self, request: Request) -> Response:
        parameters = SearchParametersSerializer(data=request.query_params)
        if not parameters.is_valid():
            raise ValidationError(parameters.errors)
        data = parameters.validated_data
        results = search_articles(
            query=data["q"],
            filters=SearchFilters(
                arrived_after=data.get("arrived_after"),
                arrived_before=data.get("arrived_before"),
                outlet=data.get("outlet", ""),
                feed_id=data.get("feed"),
                language=data.get("language", ""),
                review_state=data.get("review_state", ""),
                flagged=data.get("flagged"),
            ),
            page=data["page"],
            page_size=data["page_size"],
        )
        if data["page"] > results.page:
            raise NotFound(
                _("There is no page %(page)d: the last is %(last)d.") % {"page": data["page"], "last": results.pages}
            )
        return Response(SearchPageSerializer(_page(request, results)).data)


def _page(request: Request, results: SearchResults) -> dict[str, object]:
    def page_url(number: int) -> str | None:
        if not 1 <= number <= results.pages or number == results.page:
            return None
        return request.build_absolute_uri(f"{request.path}?{_with_page(request, number)}")

    return {
        "count": results.count,
        "page": results.page,
        "pages": results.pages,
        "next": page_url(results.page + 1),
        "previous": page_url(results.page - 1),
        "results": [_hit(request, hit) for hit in results.hits],
    }


def _with_page(request: Request, number: int) -> str:
    query = request.query_params.copy()
    query["page"] = str(number)
    return query.urlencode()


def _hit(request: Request, hit: SearchHit) -> dict[str, object]:
    document = hit.document
    article, run = document.article, document.run
    name = article_name(article)
    review_url = reverse("summaries:summary_review", kwargs={"summary_id": run.pk}) if run is not None else None
    return {
        "article_id": article.pk,
        "summary_id": run.pk if run is not None else None,
        "name": name.text,
        "name_language": name.language,
        "outlet": article.outlet,
        "feed_id": document.feed_id,
        "language": document.language,
        "arrived_at": document.arrived_at,
        "review_state": document.review_state,
        "flagged_sentences": document.flagged_sentences,
        "rank": hit.rank,
        "article_url": request.build_absolute_uri(
            reverse("summaries:article_detail", kwargs={"article_id": article.pk})
        ),
        "review_url": request.build_absolute_uri(review_url) if review_url else None,
        "snippets": [_snippet(snippet) for snippet in hit.snippets],
    }


def _snippet(snippet: Snippet) -> dict[str, object]:
    return {
        "field": snippet.field,
        "field_label": snippet.label,
        "language": snippet.language,
        "direction": snippet.direction,
        "text": snippet.text,
        "highlights": [list(mark) for mark in snippet.marks],
        "html": str(snippet.html()),
    }
