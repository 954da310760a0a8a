"""The editors' feeds page in the review area: the feeds followed and how their polls go, add and edit, poll
now, deactivate and delete, and a feed's articles.

Every view is `editor_required`. Nothing here fetches: "poll now" makes the feed due and asks a worker
(feeds/polling.py), so a slow or hostile site never holds a request.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from summaries.common.permissions import editor_required
from summaries.feeds.errors import feed_error_message
from summaries.feeds.forms import FeedForm
from summaries.feeds.models import Feed
from summaries.feeds.polling import feed_save, feeds_poll_soon
from summaries.runs.models import Summary

# A feed's page shows its newest runs; older ones are in the review queue.
ARTICLES_SHOWN = 100


@dataclass(frozen=True)
class FeedRow:
    """A feed as the list shows it: its last error in the reader's language."""

    feed: Feed
    error: str


@editor_required
@require_GET
def feeds_list(request: HttpRequest) -> HttpResponse:
    rows = [
        FeedRow(feed, feed_error_message(code=feed.last_error_code, stored=feed.last_error))
        for feed in Feed.objects.order_by("name", "pk")
    ]
    return render(request, "summaries/feeds.html", {"rows": rows})


@editor_required
@require_http_methods(["GET", "POST"])
def feed_add(request: HttpRequest) -> HttpResponse:
    return _feed_form(request, Feed())


@editor_required
@require_http_methods(["GET", "POST"])
def feed_edit(request: HttpRequest, feed_id: int) -> HttpResponse:
    return _feed_form(request, get_object_or_404(Feed, pk=feed_id))


@editor_required
@require_POST
def feed_poll_now(request: HttpRequest, feed_id: int) -> HttpResponse:
    feed = get_object_or_404(Feed, pk=feed_id)
    if feeds_poll_soon(feeds=Feed.objects.filter(pk=feed.pk)):
        messages.success(request, _("%(name)s will be polled in a moment.") % {"name": feed.name})
    else:
        messages.warning(request, _("%(name)s is inactive: activate it to poll it.") % {"name": feed.name})
    return redirect("summaries:feeds_list")


@editor_required
@require_POST
def feed_activate(request: HttpRequest, feed_id: int) -> HttpResponse:
    """Switch polling on or off (`active` is "1" or "0"); the feed and its articles stay."""
    feed = get_object_or_404(Feed, pk=feed_id)
    feed.active = request.POST.get("active") == "1"
    feed.save(update_fields=["active", "updated_at"])
    if feed.active:
        messages.success(request, _("%(name)s is polled again.") % {"name": feed.name})
    else:
        messages.success(request, _("%(name)s is no longer polled.") % {"name": feed.name})
    return redirect("summaries:feeds_list")


@editor_required
@require_POST
def feed_delete(request: HttpRequest, feed_id: int) -> HttpResponse:
    """The feed goes; the articles it brought stay, no longer linked to it."""
    feed = get_object_or_404(Feed, pk=feed_id)
    name = feed.name
    feed.delete()
    messages.success(request, _("%(name)s deleted; its articles stay.") % {"name": name})
    return redirect("summaries:feeds_list")


@editor_required
@require_GET
def feed_articles(request: HttpRequest, feed_id: int) -> HttpResponse:
    """The runs of the articles this feed brought, newest first, each linking to its review page."""
    feed = get_object_or_404(Feed, pk=feed_id)
    runs = Summary.objects.filter(article__feed=feed).select_related("article").order_by("-created_at")
    return render(
        request,
        "summaries/feed_articles.html",
        {"feed": feed, "runs": runs[:ARTICLES_SHOWN], "total": runs.count(), "shown": ARTICLES_SHOWN},
    )


def _feed_form(request: HttpRequest, feed: Feed) -> HttpResponse:
    """Add or edit one feed; who added it is recorded from the request. A new feed is due at once."""
    if request.method == "GET":
        return render(request, "summaries/feed_form.html", {"form": FeedForm(instance=feed), "feed": feed})
    form = FeedForm(request.POST, instance=feed)
    if not form.is_valid():
        return render(request, "summaries/feed_form.html", {"form": form, "feed": feed}, status=400)
    saved = feed_save(feed=form.save(commit=False), editor=request.user)
    messages.success(request, _("Feed %(name)s saved.") % {"name": saved.name})
    return redirect("summaries:feeds_list")
