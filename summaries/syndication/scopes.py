"""Which published summaries a feed holds: all of them, one followed feed's, or one outlet's.

An outlet is a website, named by its host as Article.outlet names a linked page without a site name
("www." dropped): it is stable where a site name or a feed's name may change, and every linked or fed
article has one. Pasted and uploaded text has no host and is only in the feed of everything.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db.models import Q

from summaries.articles.models import Article

# A host as it can stand in a URL path: letters (IDN hosts stay in their own script), digits, dots, hyphens.
_HOST = re.compile(r"[\w-]+(\.[\w-]+)*")
_MAX_HOST = 253


@dataclass(frozen=True)
class Scope:
    """`kind` is "all", "feed" or "outlet"; `key` the feed's id or the host; `name` what readers see."""

    kind: str
    key: str = ""
    name: str = ""
    articles: Q = field(default_factory=Q, compare=False)  # on a model with an `article` foreign key


EVERYTHING = Scope("all")


def feed_scope(*, feed_id: int, name: str) -> Scope:
    return Scope("feed", str(feed_id), name, Q(article__feed_id=feed_id))


def outlet_scope(*, host: str) -> Scope | None:
    """The outlet's scope, or None when `host` cannot be a host name (the address is then unknown)."""
    host = host.lower().removeprefix("www.")
    if len(host) > _MAX_HOST or not _HOST.fullmatch(host):
        return None
    # The page's address after redirects when there is one, else the address given, as Article.outlet reads it.
    pattern = rf"^https?://([^/?#@]*@)?(www\.)?{re.escape(host)}(:[0-9]+)?([/?#]|$)"
    # The substring test first: it is the database's own and cheap, where SQLite's regex calls Python per row.
    final = Q(article__final_url__icontains=host, article__final_url__iregex=pattern)
    given = Q(article__final_url="", article__url__icontains=host, article__url__iregex=pattern)
    return Scope("outlet", host, host, final | given)


def article_host(article: Article) -> str:
    """The host an article's outlet feed is addressed by, or "" when it has none usable in a path."""
    host = (urlsplit(article.final_url or article.url).hostname or "").removeprefix("www.")
    return host if outlet_scope(host=host) is not None else ""
