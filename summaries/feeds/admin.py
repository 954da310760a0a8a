"""Feeds in the admin: add, change, poll now; each feed's last error in words."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from summaries.feeds.errors import feed_error_message
from summaries.feeds.forms import FeedForm
from summaries.feeds.models import Feed
from summaries.feeds.polling import feed_save, feeds_poll_soon


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    """Feeds editors follow; the poll state is the poller's and only shown. "Poll now" queues a poll."""

    form = FeedForm
    list_display = ["feed_name", "url", "active", "interval_minutes", "last_polled_at", "failing", "last_error_text"]
    list_filter = ["active", "strategy", "language"]
    search_fields = ["name", "url"]
    readonly_fields = [
        "etag",
        "last_modified",
        "last_polled_at",
        "next_poll_at",
        "entries_seen",
        "failures",
        "last_error_code",
        "last_error_text",
        "last_error_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    actions = ["poll_now"]

    @admin.display(description=_("name"), ordering="name")
    def feed_name(self, feed: Feed) -> str:
        return format_html('<span dir="auto">{}</span>', feed.name)

    @admin.display(description=_("failing"), boolean=True)
    def failing(self, feed: Feed) -> bool:
        return feed.is_failing

    @admin.display(description=_("last error"))
    def last_error_text(self, feed: Feed) -> str:
        return feed_error_message(code=feed.last_error_code, stored=feed.last_error) if feed.last_error_code else ""

    def save_model(self, request: HttpRequest, obj: Feed, form: object, change: bool) -> None:
        feed_save(feed=obj, editor=request.user)

    @admin.action(description=_("Poll the selected feeds now"))
    def poll_now(self, request: HttpRequest, queryset: QuerySet[Feed]) -> None:
        marked = feeds_poll_soon(feeds=queryset)
        self.message_user(
            request,
            ngettext_lazy(
                "%(count)d feed will be polled in a moment.", "%(count)d feeds will be polled in a moment.", marked
            )
            % {"count": marked},
            messages.SUCCESS if marked else messages.WARNING,
        )
