"""A fetched feed document read into entries: RSS or Atom, newest first, each once, at most so many.

Runs in the parsing sandbox (articles/intake/sandbox.py), as pages and uploaded files do: a feed is untrusted
input, and feedparser on a hostile document can take long and much memory. No database here.
"""

import calendar
import io
import logging
from dataclasses import dataclass
from typing import Any

from summaries.feeds.errors import FeedUnreadable

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedEntry:
    """What a poll needs of one entry: its id within the feed and the article's address."""

    entry_id: str
    link: str


def parse_feed_document(body: bytes, *, final_url: str, max_entries: int) -> list[FeedEntry]:
    """The feed's entries with a link, newest first (undated ones after, in the feed's order), each once,
    the newest `max_entries` only.

    A document feedparser cannot recognise as RSS or Atom and that has no entries (an HTML page, a JSON
    error, an empty body) is refused; a feed with small mistakes but entries is read as feedparser reads it.
    """
    import feedparser

    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": final_url})
    if not parsed.entries and not parsed.get("version"):
        raise FeedUnreadable("feed_not_feed")
    seen: set[str] = set()
    entries = []
    for raw in sorted(parsed.entries, key=_published, reverse=True):
        link = (raw.get("link") or "").strip()
        entry_id = (raw.get("id") or link).strip()[:1000]
        if not link or entry_id in seen:
            continue
        seen.add(entry_id)
        entries.append(FeedEntry(entry_id=entry_id, link=link))
        if len(entries) == max_entries:
            logger.info("feed %s: read its newest %d entries of %d", final_url, len(entries), len(parsed.entries))
            break
    return entries


def _published(entry: Any) -> float:
    """When the entry says it was published (or updated), for newest first; undated entries sort last, and
    so do entries whose date is no date (0000-00-00 reaches here as the year -1)."""
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return float(calendar.timegm(moment)) if moment else float("-inf")
    except (ValueError, OverflowError, TypeError):
        return float("-inf")
