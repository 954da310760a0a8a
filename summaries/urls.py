"""Named routes of the summaries app."""

from django.urls import path

from summaries.articles import views as articles
from summaries.digest import views as digest
from summaries.feeds import views as feeds
from summaries.glossary import views as glossary
from summaries.monitoring import health_views as health
from summaries.monitoring import metrics_views as metrics
from summaries.review import published
from summaries.review import views as review
from summaries.search import views as search

app_name = "summaries"

urlpatterns = [
    path("", articles.submit, name="submit"),
    path("healthz", health.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("articles/", articles.articles_mine, name="articles_mine"),
    path("articles/<uuid:article_id>/", articles.article_detail, name="article_detail"),
    path("articles/<uuid:article_id>/status/", articles.article_status, name="article_status"),
    path("articles/<uuid:article_id>/original/", articles.article_original, name="article_original"),
    path("articles/<uuid:article_id>/result.<str:fmt>", articles.article_result, name="article_result"),
    path("accounts/start/", articles.after_login, name="after_login"),
    path("review/", review.review_queue, name="review_queue"),
    path("review/<int:summary_id>/", review.summary_review, name="summary_review"),
    path("review/<int:summary_id>/decide/", review.summary_decide, name="summary_decide"),
    path("review/<int:summary_id>/restore/", review.summary_restore, name="summary_restore"),
    path("review/<int:summary_id>/rerun/", review.summary_rerun, name="summary_rerun"),
    path("review/<int:summary_id>/diff/", review.summary_diff, name="summary_diff"),
    path("review/glossary/", glossary.glossary_list, name="glossary_list"),
    path("review/glossary/new/", glossary.glossary_add, name="glossary_add"),
    path("review/glossary/<int:entry_id>/", glossary.glossary_edit, name="glossary_edit"),
    path("review/glossary/import/", glossary.glossary_import, name="glossary_import"),
    path("review/glossary/imports/<int:import_id>/", glossary.glossary_import_status, name="glossary_import_status"),
    path("review/glossary/glossary.<str:fmt>", glossary.glossary_export, name="glossary_export"),
    path(
        "review/glossary/suggestions/<int:suggestion_id>/accept/",
        glossary.glossary_suggestion_accept,
        name="glossary_suggestion_accept",
    ),
    path(
        "review/glossary/suggestions/<int:suggestion_id>/dismiss/",
        glossary.glossary_suggestion_dismiss,
        name="glossary_suggestion_dismiss",
    ),
    path("review/feeds/", feeds.feeds_list, name="feeds_list"),
    path("review/feeds/new/", feeds.feed_add, name="feed_add"),
    path("review/feeds/<int:feed_id>/", feeds.feed_edit, name="feed_edit"),
    path("review/feeds/<int:feed_id>/articles/", feeds.feed_articles, name="feed_articles"),
    path("review/feeds/<int:feed_id>/poll/", feeds.feed_poll_now, name="feed_poll_now"),
    path("review/feeds/<int:feed_id>/active/", feeds.feed_activate, name="feed_activate"),
    path("review/feeds/<int:feed_id>/delete/", feeds.feed_delete, name="feed_delete"),
    path("review/digest/", digest.digest_review, name="digest_review"),
    path("review/digest/<str:day>/digest.<str:fmt>", digest.digest_download, name="digest_download"),
    path("review/digest/<str:day>/introduction/", digest.digest_introduction, name="digest_introduction"),
    path("review/digest/<str:day>/publish/", digest.digest_publish, name="digest_publish"),
    path("review/digest/<str:day>/unpublish/", digest.digest_unpublish, name="digest_unpublish"),
    path("digest/", digest.digest_index, name="digest_list"),
    path("digest/<str:day>/", digest.digest_detail, name="digest_detail"),
    path("published/", published.published_index, name="published_list"),
    path("published/<uuid:article_id>/", published.published_detail, name="published_detail"),
    path("published/<uuid:article_id>/summary.<str:fmt>", published.published_export, name="published_export"),
    path("review/search/", search.search, name="search"),
]
