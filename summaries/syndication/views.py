"""The feed addresses: thin views that name a scope and answer a conditional GET before building a feed."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.views.decorators.http import condition, require_safe

from summaries.syndication.feeds import FEEDS
from summaries.syndication.scopes import EVERYTHING, Scope
from summaries.syndication.selectors import syndication_feed_scope, syndication_outlet_scope, syndication_state


@require_safe
def published_feed(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every published summary."""
    return _feed_response(request, fmt, EVERYTHING)


@require_safe
def published_feed_of_feed(request: HttpRequest, feed_id: int, fmt: str) -> HttpResponse:
    """The published summaries of one followed feed's articles."""
    return _feed_response(request, fmt, syndication_feed_scope(feed_id=feed_id))


@require_safe
def published_feed_of_outlet(request: HttpRequest, host: str, fmt: str) -> HttpResponse:
    """The published summaries of one website's articles, named by its host."""
    return _feed_response(request, fmt, syndication_outlet_scope(host=host))


def _feed_response(request: HttpRequest, fmt: str, scope: Scope | None) -> HttpResponse:
    """A 304 when the reader's copy is current (one query), else the feed, with its ETag and Last-Modified."""
    feed = FEEDS.get(fmt)
    if feed is None or scope is None:
        raise Http404
    state = syndication_state(scope=scope)
    changed = state.last_change.isoformat() if state.last_change else ""
    parts: tuple[object, ...] = (
        fmt,
        scope.kind,
        scope.key,
        scope.name,
        get_language(),
        settings.SUMMARIES_SYNDICATION_ITEMS,
    )
    parts += (changed, state.published)
    etag = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]

    def last_change(request: HttpRequest) -> datetime | None:
        return state.last_change

    @condition(etag_func=lambda request: etag, last_modified_func=last_change)
    def build(request: HttpRequest) -> HttpResponse:
        response = feed()(request, scope=scope)
        del response.headers["Last-Modified"]  # the newest item's time; ours also counts withdrawals
        return response

    return build(request)
