"""Declarative admin for articles and their pipeline runs."""

from django.contrib import admin

from .models import Article, Summary


class SummaryInline(admin.TabularInline):
    model = Summary
    extra = 0
    can_delete = False
    fields = ("status", "stage", "error_message", "translation_model", "summarization_model", "created_at", "finished_at")
    readonly_fields = fields
    show_change_link = True


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "language", "origin", "submitted_by", "created_at")
    list_filter = ("language", "origin", "created_at")
    search_fields = ("source_text", "content_hash")
    readonly_fields = ("id", "content_hash", "created_at", "updated_at")
    inlines = [SummaryInline]


@admin.register(Summary)
class SummaryAdmin(admin.ModelAdmin):
    list_display = ("article", "status", "stage", "attempts", "created_at", "finished_at")
    list_filter = ("status", "stage", "created_at")
    search_fields = ("summary_text", "translation", "article__source_text")
    readonly_fields = ("article", "timings", "attempts", "created_at", "started_at", "finished_at")
