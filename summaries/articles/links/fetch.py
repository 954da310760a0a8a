"""Fetching a submitted link's page on the server, safely: public addresses only, bounded in time and size.

The host is resolved here and every address checked (addresses.py); the connection then goes to the checked
address itself, with the link's host name in the Host header, the TLS server name and the certificate
check, so a name that resolves differently a moment later (DNS rebinding) cannot redirect it. Redirects are
followed one hop at a time, each hop checked again. urllib3 is used below the level of its own redirects,
retries and name resolution, which are all switched off.
"""

import codecs
import logging
import re
import socket
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urljoin, urlsplit

from charset_normalizer import from_bytes
from django.conf import settings
from urllib3 import BaseHTTPResponse, Timeout
from urllib3.connection import HTTPConnection
from urllib3.exceptions import HTTPError, NewConnectionError
from urllib3.exceptions import TimeoutError as ExchangeTimeout

from summaries.articles.intake.decoding import looks_binary
from summaries.articles.links import LinkRefused, robots
from summaries.articles.links.addresses import AddressRefused, checked_addresses, pinned_pool
from summaries.articles.links.deadline import SocketDeadline

logger = logging.getLogger(__name__)

_REDIRECTS = {301, 302, 303, 307, 308}
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_CHUNK = 64 * 1024
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([a-z0-9._:-]+)", re.IGNORECASE)
# The HTML standard looks for <meta charset> in the first 1024 bytes; pages with long heads put it later.
_META_SCAN_BYTES = 4096
# Labels the HTML standard reads as another encoding: "Latin-1" and ASCII pages are windows-1252 in
# practice, and a <meta> cannot really declare UTF-16 (the bytes it is written in are ASCII).
_LABELS = dict.fromkeys(["iso-8859-1", "latin1", "latin-1", "ascii", "us-ascii"], "cp1252") | dict.fromkeys(
    ["utf-16", "utf-16le", "utf-16be"], "utf-8"
)
# Pages that declare no charset: Arabic code pages first (older Arabic news sites), then Western.
_GUESSES = ["cp1256", "iso8859_6", "cp1252"]
# The longest link stored (Article.url); longer ones are refused before anything is fetched.
MAX_LINK_LENGTH = 2000
# RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt.
_ROBOTS_MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class FetchedPage:
    """A fetched HTML page, decoded; `final_url` is where the redirects ended."""

    url: str
    final_url: str
    fetched_at: datetime
    status: int
    content_type: str
    charset: str
    text: str


@dataclass(frozen=True)
class FetchedFeed:
    """A feed document as fetched: status 304 (nothing new, empty body) or 200, and the validators to send
    next time."""

    url: str
    final_url: str
    fetched_at: datetime
    status: int
    etag: str
    last_modified: str
    body: bytes


def fetch_page(url: str) -> FetchedPage:
    """GET an http(s) link's HTML page within the settings' limits; LinkRefused says why not."""
    deadline = SocketDeadline(time.monotonic() + settings.SUMMARIES_LINK_TOTAL_SECONDS)
    with _translated_errors(deadline), deadline:
        exchange, final_url = _follow(url, deadline, check_robots=settings.SUMMARIES_LINK_RESPECT_ROBOTS)
        response = exchange.response
        with closing(response):
            _refuse_status(response.status)
            content_type, header_charset = _content_type(response.headers.get("Content-Type", ""))
            if content_type and content_type not in _HTML_TYPES:
                raise LinkRefused("link_not_article")
            body = _read_body(exchange, settings.SUMMARIES_LINK_MAX_BYTES, deadline)
    if not content_type and not _looks_like_html(body):
        raise LinkRefused("link_not_article")
    charset, text = _decoded(body, header_charset)
    logger.info(
        "fetched a page from %s: status %d, %d bytes, %s",
        urlsplit(final_url).hostname,
        response.status,
        len(body),
        charset,
    )
    return FetchedPage(url, final_url, datetime.now(UTC), response.status, content_type or "text/html", charset, text)


def link_check(url: str) -> str:
    """The link as it will be stored and fetched, checked for form only (no network): http or https, a host,
    at most MAX_LINK_LENGTH characters. LinkRefused says what is wrong."""
    url = url.strip()
    if len(url) > MAX_LINK_LENGTH:
        raise LinkRefused("link_too_long", length=len(url), max=MAX_LINK_LENGTH)
    _Target.parse(url)
    return url


def fetch_feed(url: str, *, etag: str = "", modified: str = "") -> FetchedFeed:
    """GET a feed's document with the same safety and limits as a page, asking only for what changed since
    the last poll (If-None-Match / If-Modified-Since): a 304 comes back as such, with an empty body."""
    deadline = SocketDeadline(time.monotonic() + settings.SUMMARIES_LINK_TOTAL_SECONDS)
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    with _translated_errors(deadline), deadline:
        exchange, final_url = _follow(
            url, deadline, check_robots=settings.SUMMARIES_LINK_RESPECT_ROBOTS, headers=headers
        )
        response = exchange.response
        with closing(response):
            if response.status != 304:
                _refuse_status(response.status)
            body = b"" if response.status == 304 else _read_body(exchange, settings.SUMMARIES_LINK_MAX_BYTES, deadline)
    return FetchedFeed(
        url=url,
        final_url=final_url,
        fetched_at=datetime.now(UTC),
        status=response.status,
        etag=response.headers.get("ETag", "") or etag,
        last_modified=response.headers.get("Last-Modified", "") or modified,
        body=body,
    )


@dataclass(frozen=True)
class _Exchange:
    """A response and the socket it reads from, kept from the moment it connected: urllib3 lets go of the
    connection object during the exchange, and each read's timeout must still be set on that socket."""

    response: BaseHTTPResponse
    sock: socket.socket | None


def _follow(
    url: str, deadline: SocketDeadline, *, check_robots: bool, headers: dict[str, str] | None = None
) -> tuple[_Exchange, str]:
    """GET the link, following redirects here so that each hop's scheme and address (and robots.txt) are
    checked before it is requested."""
    current = url
    for _hop in range(settings.SUMMARIES_LINK_MAX_REDIRECTS + 1):
        target = _Target.parse(current)
        if check_robots and not robots.allows(
            current, user_agent=settings.SUMMARIES_LINK_USER_AGENT, read=lambda link: _read_robots(link, deadline)
        ):
            logger.info("robots.txt of %s asks not to fetch the link", target.host)
            raise LinkRefused("link_refused", reason="robots.txt")
        exchange = _request(target, deadline, headers or {})
        location = exchange.response.headers.get("Location")
        if exchange.response.status not in _REDIRECTS or not location:
            return exchange, current
        exchange.response.close()
        current = urljoin(current, _location(location))
    raise LinkRefused("link_redirects", max=settings.SUMMARIES_LINK_MAX_REDIRECTS)


def _read_robots(url: str, deadline: SocketDeadline) -> tuple[int, str]:
    """A robots.txt's status and text for robots.py. One that cannot be had for reasons of its own (too
    large, too many redirects, redirected off the web) counts as missing; a site that cannot be reached
    or answers too slowly fails the page too, with the reason."""
    try:
        exchange, _final = _follow(url, deadline, check_robots=False)
        response = exchange.response
        with closing(response):
            body = _read_body(exchange, _ROBOTS_MAX_BYTES, deadline)
    except LinkRefused as refusal:
        if refusal.code in {"link_timeout", "link_unreachable"}:
            raise
        return 404, ""
    return response.status, body.decode("utf-8", "replace")


@dataclass(frozen=True)
class _Target:
    """One request's parts: scheme, host (ASCII), port, and the path to ask for."""

    scheme: str
    host: str
    port: int
    path: str
    host_header: str

    @classmethod
    def parse(cls, url: str) -> "_Target":
        try:
            parts = urlsplit(url.strip())
            host, port = (parts.hostname or "").encode("idna").decode("ascii"), parts.port
        except (ValueError, UnicodeError) as exc:
            raise LinkRefused("link_scheme") from exc
        if parts.scheme.lower() not in {"http", "https"} or not host:
            raise LinkRefused("link_scheme")
        shown = f"[{host}]" if ":" in host else host
        path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~") + (
            f"?{quote(parts.query, safe='/%:@!$&()*+,;=?~')}" if parts.query else ""
        )
        default = 443 if parts.scheme.lower() == "https" else 80
        return cls(parts.scheme.lower(), host, port or default, path, f"{shown}:{port}" if port else shown)


def _request(target: _Target, deadline: SocketDeadline, extra_headers: dict[str, str]) -> _Exchange:
    """Send the GET to one of the host's checked addresses, in the resolver's order until one connects."""
    failure: HTTPError | None = None
    for address in _checked_addresses(target):
        pool = pinned_pool(
            target.scheme, target.host, target.port, address, timeout=_timeout(deadline), deadline=deadline
        )
        try:
            response = pool.urlopen(
                "GET",
                target.path,
                headers=_headers(target) | extra_headers,
                redirect=False,
                retries=False,
                assert_same_host=False,
                preload_content=False,
                decode_content=True,
            )
            connection = response.connection
            return _Exchange(response, connection.sock if isinstance(connection, HTTPConnection) else None)
        except NewConnectionError as exc:  # refused or unroutable: the next address may answer
            failure = exc
        finally:
            pool.close()  # the response keeps its connection; it is closed when the response is
    raise failure or LinkRefused("link_unreachable")


def _checked_addresses(target: _Target) -> list[str]:
    try:
        return checked_addresses(target.host, target.port)
    except OSError as exc:
        logger.info("%s does not resolve: %s", target.host, exc)
        raise LinkRefused("link_unreachable") from exc


def _timeout(deadline: SocketDeadline) -> Timeout:
    remaining = _remaining(deadline)
    return Timeout(
        connect=min(settings.SUMMARIES_LINK_CONNECT_SECONDS, remaining),
        read=min(settings.SUMMARIES_LINK_READ_SECONDS, remaining),
    )


def _headers(target: _Target) -> dict[str, str]:
    return {
        "Host": target.host_header,
        "User-Agent": settings.SUMMARIES_LINK_USER_AGENT,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
        "Accept-Encoding": "gzip, deflate",
    }


def _read_body(exchange: _Exchange, limit: int, deadline: SocketDeadline) -> bytes:
    """The decoded body, refused as soon as it passes `limit` (or declares it will). Each read returns what
    has arrived (read1) and waits no longer than what is left of the deadline, so a page that trickles in
    a byte at a time cannot outlast it."""
    response = exchange.response
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise LinkRefused("link_too_large", max=limit)
    body = bytearray()
    while True:
        wait = min(settings.SUMMARIES_LINK_READ_SECONDS, _remaining(deadline))
        if exchange.sock is not None and exchange.sock.fileno() != -1:  # closed once the whole body is in
            exchange.sock.settimeout(wait)
        chunk = response.read1(_CHUNK, decode_content=True)
        if not chunk:
            if deadline.expired:  # the end came from the deadline shutting the connection, not the site
                raise LinkRefused("link_timeout")
            return bytes(body)
        body += chunk
        if len(body) > limit:
            raise LinkRefused("link_too_large", max=limit)


def _remaining(deadline: SocketDeadline) -> float:
    remaining = deadline.deadline - time.monotonic()
    if remaining <= 0:
        raise LinkRefused("link_timeout")
    return remaining


def _refuse_status(status: int) -> None:
    if status in {404, 410}:
        raise LinkRefused("link_not_found", status=status)
    if not 200 <= status < 300:
        raise LinkRefused("link_refused", status=status)


def _content_type(value: str) -> tuple[str, str | None]:
    """The media type (lower case, "" when absent) and the charset parameter of a Content-Type header."""
    media, _sep, parameters = value.partition(";")
    charset = re.search(r"charset\s*=\s*[\"']?([^\"';\s]+)", parameters, re.IGNORECASE)
    return media.strip().lower(), charset.group(1) if charset else None


def _looks_like_html(body: bytes) -> bool:
    """For a page sent without a Content-Type: whether it starts as HTML does."""
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<!--")) or b"<html" in head


def _decoded(body: bytes, header_charset: str | None) -> tuple[str, str]:
    """(charset, text): a byte order mark decides, then the Content-Type charset, then a <meta> one near the
    top, then a guess. Bytes the declared charset cannot read become U+FFFD, as in a browser."""
    for bom, charset in _BOMS:
        if body.startswith(bom):
            return charset, body[len(bom) :].decode(charset, "replace")
    meta = _META_CHARSET.search(body[:_META_SCAN_BYTES])
    for label in (header_charset, meta.group(1).decode("ascii") if meta else None):
        declared = _codec(label)
        if declared:
            return declared, body.decode(declared, "replace")
    return _guessed(body)


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = _LABELS.get(label.strip().lower(), label.strip().lower())
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _guessed(body: bytes) -> tuple[str, str]:
    """Strict UTF-8 first (valid UTF-8 is almost never anything else), then the legacy encodings by
    plausibility, as articles/intake/decoding.py does for uploaded files."""
    try:
        return "utf-8", body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = from_bytes(body, cp_isolation=_GUESSES).best()
    if match is None or looks_binary(str(match)):
        raise LinkRefused("link_not_article")
    return codecs.lookup(match.encoding).name, str(match)


def _location(value: str) -> str:
    """A Location header as sent: http.client reads header bytes as Latin-1, so UTF-8 in it (an Arabic
    path) is read back as such."""
    try:
        return value.strip().encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value.strip()


@contextmanager
def _translated_errors(deadline: SocketDeadline) -> Iterator[None]:
    """urllib3's failures as LinkRefused: timeouts, and everything else that stops the exchange (a
    connection the deadline shut down fails as a broken one would: that is a timeout too)."""
    try:
        yield
    except LinkRefused:
        if deadline.expired:
            raise LinkRefused("link_timeout") from None
        raise
    except (AddressRefused, HTTPError, OSError) as exc:
        if deadline.expired and not isinstance(exc, AddressRefused):
            raise LinkRefused("link_timeout") from exc
        raise _refusal(exc) from exc


def _refusal(exc: Exception) -> LinkRefused:
    if isinstance(exc, AddressRefused):
        logger.warning("refused to fetch from %s", exc)
        return LinkRefused("link_address")
    if isinstance(exc, NewConnectionError):  # a subclass of the connect timeout, though it means refused
        return LinkRefused("link_unreachable")
    if isinstance(exc, ExchangeTimeout | TimeoutError):
        return LinkRefused("link_timeout")
    logger.info("fetching a link failed: %s", exc)
    return LinkRefused("link_unreachable")
