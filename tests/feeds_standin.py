"""A local news site with feeds, for the feed poller's tests: RSS 2.0 and Atom documents whose entries link to
Arabic article pages on the same site, each page built from a different ANT article (so no two share a
content hash), the way pages_standin.py builds its page.

Tests add entries while it runs, switch a feed to failing (500) or to answering an HTML page instead of a
feed, and read the requests it received: each feed answers 304 to a request whose If-None-Match (or, without
one, If-Modified-Since) matches its current version. It runs on 127.0.0.1 on a free port, as
http://localhost:PORT, and its robots.txt lets every reader in.
"""

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from summaries.quality.evaluation.corpora import shared_dir
from tests.pages_standin import CorpusArticle, Seen, _read_article, navigation_page, news_page
from tests.polling import SHUTDOWN_POLL

# The first entries' pages: CNN Arabic's Middle East stories in the ANT corpus (18 of them), in name order.
CORPUS_FOLDER = "corpora/ant-multisource-arabic-news/articles/CNN/middleEast"
# Feeds' first entries are dated from here, a minute apart, in the order they are added.
START = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def corpus_pages() -> list[CorpusArticle] | None:
    """The articles the site's pages are made of, or None when ../shared is not beside the checkout."""
    folder = shared_dir() / CORPUS_FOLDER
    if not folder.is_dir():
        return None
    return [_read_article(path) for path in sorted(folder.glob("*.txt"))]


@dataclass(frozen=True)
class Entry:
    """One entry of a feed: its page (/news/<slug>) and its id in the feed."""

    slug: str
    guid: str
    title: str
    published: datetime


@dataclass
class SiteFeed:
    """One feed's entries in the order they were added, its version (the ETag), and how it misbehaves."""

    name: str
    entries: list[Entry] = field(default_factory=list)
    version: int = 1
    changed: datetime = START
    failure: str = ""  # "", "error" (500), "not_feed" (a web page) or "drips" (headers that never end)
    raw: bytes | None = None  # a document served as it is, instead of the entries'


class FeedsStandIn:
    """The site; `start()`/`stop()`/`reset()`; feeds are made by their first `add_entry`."""

    def __init__(self, pages: list[CorpusArticle]) -> None:
        self.pages = pages
        self.feeds: dict[str, SiteFeed] = {}
        self.requests: list[Seen] = []
        self.port = 0
        self._slugs: dict[str, int] = {}
        self._numbers = count(1)
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def start(self) -> "FeedsStandIn":
        handler = type("Handler", (_Handler,), {"site": self})
        self._server = _Server(("127.0.0.1", 0), handler)
        self.port = self._server.server_address[1]
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.feeds.clear()
            self.requests.clear()
            self._slugs.clear()
            self._numbers = count(1)

    # What tests do.

    def feed_url(self, name: str, kind: str = "rss") -> str:
        """The feed's address as RSS 2.0 (`rss`) or Atom (`atom`); both serve the same entries."""
        return f"{self.url}/feeds/{name}.{kind}"

    def page_url(self, slug: str) -> str:
        return f"{self.url}/news/{slug}"

    def add_entry(self, feed: str, *, slug: str = "", guid: str = "", published: datetime | None = None) -> Entry:
        """Publish an entry: a new page (the next corpus article) unless `slug` names one already there; the
        feed's version changes, so conditional requests get the new document."""
        with self._lock:
            number = next(self._numbers)
            slug = slug or f"story-{number}"
            self._slugs.setdefault(slug, len(self._slugs) % len(self.pages))
            site_feed = self.feeds.setdefault(feed, SiteFeed(feed))
            entry = Entry(
                slug=slug,
                guid=guid or f"urn:standin:{feed}:{slug}",
                title=self.pages[self._slugs[slug]].title,
                published=published or START + timedelta(minutes=number),
            )
            site_feed.entries.append(entry)
            self._changed(site_feed)
            return entry

    def serve_raw(self, feed: str, document: bytes) -> str:
        """Serve this document as the feed (a hostile or broken one); returns the feed's address."""
        with self._lock:
            site_feed = self.feeds.setdefault(feed, SiteFeed(feed))
            site_feed.raw = document
            self._changed(site_feed)
        return self.feed_url(feed)

    def fail(self, feed: str, how: str = "error") -> None:
        """Make the feed answer 500 (`error`), an HTML page (`not_feed`) or headers a byte at a time that
        never end (`drips`); `how=""` heals it."""
        with self._lock:
            site_feed = self.feeds.setdefault(feed, SiteFeed(feed))
            site_feed.failure = how
            self._changed(site_feed)

    def seen(self, path_prefix: str) -> list[Seen]:
        """The requests received for paths starting with this, oldest first."""
        with self._lock:
            return [seen for seen in self.requests if seen.path.startswith(path_prefix)]

    def _changed(self, site_feed: SiteFeed) -> None:
        site_feed.version += 1
        site_feed.changed = max(site_feed.changed + timedelta(seconds=1), datetime.now(UTC).replace(microsecond=0))

    # What the site answers.

    def answer(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            self.requests.append(Seen(path, headers))
            if path == "/robots.txt":
                return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"
            if path.startswith("/news/") and path.removeprefix("/news/") in self._slugs:
                page = news_page(self.pages[self._slugs[path.removeprefix("/news/")]], [])
                return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()
            name, _, kind = path.removeprefix("/feeds/").rpartition(".")
            site_feed = self.feeds.get(name) if path.startswith("/feeds/") else None
            if site_feed is None or kind not in {"rss", "atom"}:
                return 404, {"Content-Type": "text/plain"}, b"not found"
            return self._feed_answer(site_feed, kind, headers)

    def _feed_answer(self, site_feed: SiteFeed, kind: str, headers: dict[str, str]) -> tuple[int, dict, bytes]:
        if site_feed.failure == "error":
            return 500, {"Content-Type": "text/plain"}, b"internal error"
        if site_feed.failure == "not_feed":
            return 200, {"Content-Type": "text/html; charset=utf-8"}, navigation_page().encode()
        if site_feed.failure == "drips":
            return 0, {}, b""  # the handler drips the headers itself
        if site_feed.raw is not None:
            return 200, {"Content-Type": "application/rss+xml; charset=utf-8"}, site_feed.raw
        etag = f'"{site_feed.name}-{kind}-{site_feed.version}"'
        validators = {"ETag": etag, "Last-Modified": format_datetime(site_feed.changed, usegmt=True)}
        if _not_modified(headers, etag, site_feed.changed):
            return 304, validators, b""
        content_type = "application/rss+xml" if kind == "rss" else "application/atom+xml"
        body = (rss if kind == "rss" else atom)(self, site_feed)
        return 200, {**validators, "Content-Type": f"{content_type}; charset=utf-8"}, body.encode()


def _not_modified(headers: dict[str, str], etag: str, changed: datetime) -> bool:
    """RFC 9110: If-None-Match decides when sent; If-Modified-Since only without it."""
    if "if-none-match" in headers:
        return etag in [tag.strip() for tag in headers["if-none-match"].split(",")]
    if "if-modified-since" in headers:
        try:
            return parsedate_to_datetime(headers["if-modified-since"]) >= changed
        except (TypeError, ValueError):
            return False
    return False


def rss(site: FeedsStandIn, site_feed: SiteFeed) -> str:
    """RSS 2.0, entries in the order added (oldest first: not every feed lists the newest first)."""
    items = "".join(
        f"<item><title>{escape(entry.title)}</title><link>{site.page_url(entry.slug)}</link>"
        f'<guid isPermaLink="false">{escape(entry.guid)}</guid>'
        f"<pubDate>{format_datetime(entry.published, usegmt=True)}</pubDate>"
        f"<description>{escape(entry.title)}</description></item>"
        for entry in site_feed.entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(site_feed.name)}</title><link>{site.url}/</link><description>أخبار</description>"
        f"<language>ar</language>{items}</channel></rss>"
    )


def atom(site: FeedsStandIn, site_feed: SiteFeed) -> str:
    """Atom, with links relative to the feed's address (the poller must resolve them)."""
    entries = "".join(
        f'<entry><title>{escape(entry.title)}</title><link rel="alternate" href="/news/{entry.slug}"/>'
        f"<id>{escape(entry.guid)}</id><updated>{entry.published.isoformat()}</updated>"
        f"<summary>{escape(entry.title)}</summary></entry>"
        for entry in site_feed.entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">'
        f"<title>{escape(site_feed.name)}</title><id>urn:standin:{escape(site_feed.name)}</id>"
        f"<updated>{site_feed.changed.isoformat()}</updated>{entries}</feed>"
    )


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class _Handler(BaseHTTPRequestHandler):
    site: FeedsStandIn
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        headers = {key.lower(): value for key, value in self.headers.items()}
        status, response_headers, body = self.site.answer(urlsplit(self.path).path, headers)
        if status == 0:
            self._drip_headers()
            return
        self.send_response(status)
        for name, value in response_headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _drip_headers(self) -> None:
        """A status line, then a header one byte every 50 ms, for up to a minute or until the client goes."""
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Padding: ")
            for _ in range(1200):
                time.sleep(0.05)
                self.wfile.write(b"x")
                self.wfile.flush()
        except OSError:
            pass
        self.close_connection = True
