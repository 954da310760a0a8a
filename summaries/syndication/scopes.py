"""Which published summaries a feed holds: all of them, one followed feed's, or one outlet's.

An outlet is a website, named by its stored host (Article.host) as Article.outlet names a linked page
without a site name ("www." dropped): it is stable where a site name or a feed's name may change, and every linked or fed
article has one. Pasted and uploaded text has no host and is only in the feed of everything.
"""

import re
from dataclasses import dataclass, field

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
    # Article.host: the page's host after redirects when there is one, else the link's, as Article.outlet reads
    # it; an indexed equality, where matching every article's address by pattern read them all.
    return Scope("outlet", host, host, Q(article__host=host))


def article_host(article: Article) -> str:
    """The host an article's outlet feed is addressed by, or "" when it has none usable in a path."""
    return article.host if outlet_scope(host=article.host) is not None else ""
