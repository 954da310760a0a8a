"""Named routes of the summaries app."""

from django.urls import path

from . import views

app_name = "summaries"

urlpatterns = [
    path("", views.submit, name="submit"),
    path("articles/<uuid:article_id>/", views.article_detail, name="article_detail"),
    path("articles/<uuid:article_id>/status/", views.article_status, name="article_status"),
    path("articles/<uuid:article_id>/original/", views.article_original, name="article_original"),
]
