"""GET /api/v1/articles/{id}/similar/: the article page's "Similar articles", for programs.

The same selector as the page (related/selectors.py), so a client is shown exactly the similar articles the
page would show it: every article to editors, published and own ones to everyone else; an article the
client may not open answers 404 as its detail does."""

import uuid

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from summaries.api.serializers import ErrorSerializer, absolute_url
from summaries.articles.selectors import article_get_for_user
from summaries.articles.session import session_articles
from summaries.related.selectors import SimilarArticle, similar_articles


class SimilarArticleSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="article.pk")
    headline = serializers.SerializerMethodField()
    headline_language = serializers.SerializerMethodField(
        help_text=_("The headline's language: the article's, or en for a generated one.")
    )
    language = serializers.CharField(source="article.language")
    outlet = serializers.CharField(source="article.outlet")
    created_at = serializers.DateTimeField(source="article.created_at")
    score = serializers.FloatField(help_text=_("Cosine similarity of the two articles' multilingual-e5 vectors."))
    published = serializers.BooleanField(help_text=_("It has an approved summary, on the public pages."))
    url = serializers.SerializerMethodField(
        help_text=_("Its API address when this client may open it (editors, its submitter), else null.")
    )
    page_url = serializers.SerializerMethodField(
        help_text=_("Its page in the browser: the article page, or the published summary's page.")
    )

    def get_headline(self, item: SimilarArticle) -> str:
        return item.headline.text if item.headline else str(item.article)

    def get_headline_language(self, item: SimilarArticle) -> str:
        return item.headline.language if item.headline else item.article.language

    def get_url(self, item: SimilarArticle) -> str | None:
        if not item.openable:
            return None
        return absolute_url(self.context["request"], "api:article_detail", article_id=item.article.pk)

    def get_page_url(self, item: SimilarArticle) -> str:
        name = "summaries:article_detail" if item.openable else "summaries:published_detail"
        return absolute_url(self.context["request"], name, article_id=item.article.pk)


class SimilarArticlesSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=[("ready", "ready"), ("pending", "pending"), ("off", "off")],
        help_text=_(
            "ready: results follow; pending: the article has no vector yet (not processed); "
            "off: embeddings are switched off on this site."
        ),
    )
    threshold = serializers.FloatField(help_text=_("The least similarity listed (SIMILAR_THRESHOLD)."))
    results = SimilarArticleSerializer(many=True, source="items")


class ArticleSimilar(APIView):
    """Up to 10 articles most like this one, in any language, best first."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="articles_similar",
        responses={
            200: SimilarArticlesSerializer,
            401: OpenApiResponse(ErrorSerializer, description="No or bad credentials (an unknown or revoked token)."),
            404: OpenApiResponse(ErrorSerializer, description="No such article, or not yours to see."),
        },
    )
    def get(self, request: Request, article_id: uuid.UUID) -> Response:
        own = session_articles(request)
        article = article_get_for_user(article_id=article_id, user=request.user, session_articles=own)
        if article is None:
            raise NotFound(code="not_found")
        similar = similar_articles(article=article, user=request.user, session_articles=own)
        body = {"state": similar.state, "threshold": settings.SUMMARIES_SIMILAR_THRESHOLD, "items": similar.items}
        return Response(SimilarArticlesSerializer(body, context={"request": request}).data)
