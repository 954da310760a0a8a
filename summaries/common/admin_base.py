"""What every admin page of the app shares: user text escaped and in its own direction, and read-only
history (rows the services write, shown but never edited, so the history cannot lie)."""

from django.contrib import admin
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.html import format_html

from summaries.common.bidi import balanced_bidi, text_direction


def text_span(text: str, language: str) -> str:
    """One line of user text for a list cell, escaped, in its own direction."""
    return format_html('<span lang="{}" dir="{}">{}</span>', language, text_direction(language), balanced_bidi(text))


def text_block(text: str, language: str) -> str:
    """A whole text for a change page, through the site's one template for user text."""
    return render_to_string("summaries/includes/text_block.html", {"text": text, "lang": language})


class ReadOnlyInline(admin.TabularInline):
    """History rows are written by the services only; here they are shown, never added, changed or deleted."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """The audit trail can be read and searched, never edited: editing it would make the history lie."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
