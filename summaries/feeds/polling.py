"""Polling the feeds editors follow: new entries become articles, fetched and processed as links are.

Celery beat runs `feeds_poll_due` every FEED_POLL_SECONDS; each due feed is claimed by moving its next poll
past the time a poll may take, in one conditional UPDATE, so two ticks or two workers never poll one feed at
once (and a worker that dies mid-poll only delays it). A poll is a conditional request (the stored ETag and
Last-Modified): an unchanged feed answers 304 and costs nothing. A failed poll waits twice as long each time
(up to FEED_MAX_BACKOFF_MINUTES) and, after FEED_FAILING_AFTER failures in a row, the feed shows as failing
with its last error.

An entry is taken once: it is skipped when this feed already has an article for its id (the database's
one_article_per_feed_entry constraint holds that even when two polls race), or when any article already has
its link as its address or final address (the same story in two feeds). The same text under another address
is recognised later, by content hash, when the worker fetches the page.
"""

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError

from summaries.articles.intake import sandbox
from summaries.articles.links import LinkRefused
from summaries.articles.links.fetch import FetchedFeed, fetch_feed
from summaries.articles.models import Article
from summaries.common.exceptions import IntakeError
from summaries.common.permissions import User
from summaries.feeds.errors import FeedUnreadable
from summaries.feeds.models import Feed
from summaries.feeds.parsing import FeedEntry, parse_feed_document
from summaries.runs import dispatch

logger = logging.getLogger(__name__)

# How long past the longest fetch a claim holds a feed; a poll that never finishes frees it after this.
_CLAIM_MARGIN = timedelta(seconds=60)


@dataclass(frozen=True)
class FeedPollResult:
    """How one poll went: entries taken (articles queued), whether the feed was unchanged (304), and the
    error code when it failed."""

    feed_id: int
    taken: int = 0
    unchanged: bool = False
    error_code: str = ""


def feeds_poll_due(now: datetime | None = None) -> list[FeedPollResult]:
    """Poll every active feed whose next poll is due (never polled counts as due), oldest due first, for
    at most FEED_TICK_SECONDS: the feeds the tick did not reach stay due for the next one."""
    now = now or timezone.now()
    ends = time.monotonic() + settings.SUMMARIES_FEED_TICK_SECONDS
    due = list(_due(Feed.objects.filter(active=True), now).order_by(F("next_poll_at").asc(nulls_first=True), "pk"))
    results = []
    for position, feed in enumerate(due):
        if time.monotonic() >= ends:
            logger.warning("feed poll tick out of time: %d due feeds wait for the next tick", len(due) - position)
            break
        result = feed_poll(feed=feed, now=now)
        if result is not None:
            results.append(result)
    return results


def feed_poll(*, feed: Feed, now: datetime | None = None) -> FeedPollResult | None:
    """Poll one feed if it is active and due at `now` and nobody else is polling it; None when it was not
    taken. Failures are recorded on the feed, never raised."""
    now = now or timezone.now()
    claimed = _claim(feed, now)
    if claimed is None:
        return None
    try:
        fetched = fetch_feed(claimed.url, etag=claimed.etag, modified=claimed.last_modified)
        entries = [] if fetched.status == 304 else parse_feed(fetched)
        taken, waiting = _take(claimed, entries)
    except (LinkRefused, FeedUnreadable) as error:
        return _failed(claimed, error, now)
    except Exception as error:  # one feed's failure is that feed's: recorded on it, and the tick goes on
        logger.exception("feed %s: poll failed unexpectedly", claimed.pk)
        return _failed(claimed, FeedUnreadable("feed_error", kind=type(error).__name__), now)
    # Entries left for the next poll must be in its answer: without validators it gets the whole document.
    Feed.objects.filter(pk=claimed.pk).update(
        etag="" if waiting else fetched.etag[:255],
        last_modified="" if waiting else fetched.last_modified[:64],
        last_polled_at=now,
        next_poll_at=now + timedelta(minutes=claimed.interval_minutes),
        entries_seen=F("entries_seen") + taken,
        failures=0,
        last_error_code="",
        last_error="",
        last_error_at=None,
    )
    logger.info("feed %s polled: status %s, %d entries, %d taken", claimed.pk, fetched.status, len(entries), taken)
    return FeedPollResult(feed_id=claimed.pk, taken=taken, unchanged=fetched.status == 304)


def feed_save(*, feed: Feed, editor: User | None) -> Feed:
    """Save an editor's feed (page or admin): who added it is recorded, and a shorter interval takes effect
    now rather than after the poll already planned with the old one (a failing feed keeps its backoff)."""
    if feed.pk is None and editor is not None and editor.is_authenticated:
        feed.created_by = editor
    if feed.failures == 0 and feed.last_polled_at and feed.next_poll_at:
        feed.next_poll_at = min(feed.next_poll_at, feed.last_polled_at + timedelta(minutes=feed.interval_minutes))
    feed.save()
    return feed


def feeds_poll_soon(*, feeds: QuerySet[Feed]) -> int:
    """Make these feeds due now and ask a worker to poll them (the request never fetches); returns how many
    active feeds were marked. Should the queue be unreachable, beat's next tick finds them due anyway."""
    marked = feeds.filter(active=True).update(next_poll_at=timezone.now())
    if marked:
        transaction.on_commit(_send_poll)
    return marked


def parse_feed(fetched: FetchedFeed) -> list[FeedEntry]:
    """The feed's newest FEED_MAX_ENTRIES entries, read in the parsing sandbox (feeds/parsing.py): a
    document that needs more than its memory or time is refused as too complex."""
    try:
        return sandbox.run(
            parse_feed_document,
            fetched.body,
            sandbox.Budget.from_settings(),
            final_url=fetched.final_url,
            max_entries=settings.SUMMARIES_FEED_MAX_ENTRIES,
        )
    except FeedUnreadable:
        raise
    except IntakeError as error:  # the sandbox's own refusals: past its memory or time, or a parser crash
        raise FeedUnreadable("feed_too_complex") from error


def _due(feeds: QuerySet[Feed], now: datetime) -> QuerySet[Feed]:
    return feeds.filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))


def _claim(feed: Feed, now: datetime) -> Feed | None:
    """Take the feed for this poll: one UPDATE that only succeeds while it is active and due, so whoever
    runs it second finds it no longer due. Returns the feed as stored, or None."""
    hold = now + timedelta(seconds=settings.SUMMARIES_LINK_TOTAL_SECONDS) + _CLAIM_MARGIN
    if not _due(Feed.objects.filter(pk=feed.pk, active=True), now).update(next_poll_at=hold):
        return None
    return Feed.objects.filter(pk=feed.pk).first()


def _take(feed: Feed, entries: list[FeedEntry]) -> tuple[int, int]:
    """Queue the newest entries not taken before, up to FEED_MAX_NEW_ENTRIES; returns how many were taken
    and how many new ones wait for the next poll."""
    limit = settings.SUMMARIES_FEED_MAX_NEW_ENTRIES
    fresh = _not_taken(feed, entries)
    taken = tried = 0
    for entry in fresh:
        if taken >= limit:
            break
        tried += 1
        taken += _submit(feed, entry)
    if waiting := len(fresh) - tried:
        logger.info("feed %s: %d more new entries wait for the next poll", feed.pk, waiting)
    return taken, waiting


# Entries asked about in one query: well within every database's limit on a query's parameters.
_BATCH = 200


def _not_taken(feed: Feed, entries: list[FeedEntry]) -> list[FeedEntry]:
    """Entries with no article yet: not by this feed's entry id, not by anyone's address (asked in batches)."""
    fresh = []
    for start in range(0, len(entries), _BATCH):
        batch = entries[start : start + _BATCH]
        ids = {entry.entry_id for entry in batch}
        links = {entry.link for entry in batch}
        taken = set(Article.objects.filter(feed=feed, feed_entry_id__in=ids).values_list("feed_entry_id", flat=True))
        known = Article.objects.filter(Q(url__in=links) | Q(final_url__in=links)).values_list("url", "final_url")
        known_links = {address for pair in known for address in pair}
        fresh += [entry for entry in batch if entry.entry_id not in taken and entry.link not in known_links]
    return fresh


def _submit(feed: Feed, entry: FeedEntry) -> int:
    """Queue one entry as a link; 1 if it became an article, 0 if refused or taken meanwhile."""
    from summaries.articles.link_submission import link_submit

    try:
        with transaction.atomic():
            link_submit(
                url=entry.link,
                origin=Article.Origin.FEED,
                feed=feed,
                feed_entry_id=entry.entry_id,
                language=feed.language,
                strategy=feed.strategy,
                length=feed.length,
            )
    except IntegrityError:  # another poll of this feed took the entry first (one_article_per_feed_entry)
        logger.info("feed %s: entry taken by another poll", feed.pk)
        return 0
    except IntakeError as error:  # the entry's link itself is refused (not http, a private address)
        logger.warning("feed %s: entry link refused: %s", feed.pk, error.code)
        return 0
    return 1


def _failed(feed: Feed, error: LinkRefused | FeedUnreadable, now: datetime) -> FeedPollResult:
    """Record the failure and wait twice as long as last time, up to FEED_MAX_BACKOFF_MINUTES."""
    failures = feed.failures + 1
    wait = min(feed.interval_minutes * 2**failures, settings.SUMMARIES_FEED_MAX_BACKOFF_MINUTES)
    Feed.objects.filter(pk=feed.pk).update(
        failures=failures,
        last_polled_at=now,
        next_poll_at=now + timedelta(minutes=wait),
        last_error_code=error.code,
        last_error=error.message,
        last_error_at=now,
    )
    logger.warning("feed %s poll failed (%d in a row): %s; next in %d min", feed.pk, failures, error.code, wait)
    return FeedPollResult(feed_id=feed.pk, error_code=error.code)


def _send_poll() -> None:
    try:
        dispatch.send(dispatch.FEEDS_POLL)
    except (OperationalError, ConnectionError) as exc:  # kombu's wrapper, or the socket's own error
        logger.error("could not ask for a feed poll (beat's next tick will): %s", type(exc).__name__)
