"""API routes, versioned under /api/v1/; the schema and its documentation page sit beside them."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from summaries.api import search, similar, views

app_name = "api"

urlpatterns = [
    path("v1/articles/", views.ArticleListCreate.as_view(), name="articles"),
    path("v1/articles/<uuid:article_id>/", views.ArticleDetail.as_view(), name="article_detail"),
    path("v1/articles/<uuid:article_id>/result.<str:fmt>", views.ArticleResult.as_view(), name="article_result"),
    path("v1/articles/<uuid:article_id>/similar/", similar.ArticleSimilar.as_view(), name="article_similar"),
    path("v1/summaries/<int:summary_id>/", views.SummaryDetail.as_view(), name="summary_detail"),
    path("v1/summaries/<int:summary_id>/decision/", views.SummaryDecision.as_view(), name="summary_decision"),
    path("v1/summaries/<int:summary_id>/revisions/", views.SummaryRevisions.as_view(), name="summary_revisions"),
    path("v1/search/", search.Search.as_view(), name="search"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
