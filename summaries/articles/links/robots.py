"""robots.txt: a site's wish that automated readers keep away from some of its pages, honoured as RFC 9309
says: a missing one (4xx) allows everything, a failing one (5xx) nothing.

Rules are kept per site (scheme, host, port) for an hour in this process, so a batch of links to one site
reads its robots.txt once; `clear_cache()` forgets them. The caller supplies the reader, so robots.txt
travels through the same safe fetcher as the page itself.
"""

import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

# How long a site's rules are reused, and how many sites are remembered at most.
_CACHE_SECONDS = 3600
_CACHE_SITES = 256

_cache: dict[tuple[str, str, int], tuple[float, RobotFileParser]] = {}
_lock = threading.Lock()


def allows(url: str, *, user_agent: str, read: Callable[[str], tuple[int, str]]) -> bool:
    """Whether the site's robots.txt lets `user_agent` (matched on its first word) fetch `url`. `read`
    gets a robots.txt URL and returns its HTTP status and text."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    site = (parts.scheme, host, port)
    rules = _cached(site)
    if rules is None:
        shown = f"[{host}]" if ":" in host else host
        rules = _rules(*read(f"{parts.scheme}://{shown}:{port}/robots.txt"))
        _remember(site, rules)
    return rules.can_fetch(user_agent, url)


def clear_cache() -> None:
    """Forget every site's rules (tests; a site that changed its robots.txt)."""
    with _lock:
        _cache.clear()


def _rules(status: int, text: str) -> RobotFileParser:
    rules = RobotFileParser()
    if status >= 500:
        rules.parse(["User-agent: *", "Disallow: /"])
    elif 200 <= status < 300:
        rules.parse(text.splitlines())
    else:
        rules.parse([])
    return rules


def _cached(site: tuple[str, str, int]) -> RobotFileParser | None:
    with _lock:
        entry = _cache.get(site)
    if entry is None or time.monotonic() - entry[0] > _CACHE_SECONDS:
        return None
    return entry[1]


def _remember(site: tuple[str, str, int], rules: RobotFileParser) -> None:
    with _lock:
        if len(_cache) >= _CACHE_SITES:
            _cache.pop(next(iter(_cache)))
        _cache[site] = (time.monotonic(), rules)
