"""What names an article to a person, in one place: the queue, lists and pages ask here.

An article is named by the first of: its page's headline, the first words of its text, the link's host and
path (a link whose fetch failed has no text), its feed's name, or the name of the file it came in. Every
article has one of these, so no row is ever blank. Who published it is named by `article_source`. The
headline at the top of an article's own pages and exports, which may be made from its summary, is
headline.py's.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from django.utils.translation import gettext as _

from summaries.common.bidi import balanced_bidi
from summaries.common.formatting import shorten

if TYPE_CHECKING:
    from summaries.articles.models import Article

NAME_WIDTH = 120
HOST_LENGTH = 255  # Article.host's column: a DNS name is at most 253 characters


@dataclass(frozen=True)
class ArticleName:
    """A name and what it is; `language` is the article's for its own words, "" for an address or a file
    name (written left to right, whatever the page's direction)."""

    text: str
    kind: str  # "headline", "text", "link", "feed", "file" or "none"
    language: str

    @property
    def is_address(self) -> bool:
        return self.kind in {"link", "file"}


def link_host(url: str) -> str:
    """ "example.com" for "https://WWW.Example.com:8443/news": the address's host in lower case, without "www."
    or port ("" for none), cut to the column; what Article.host stores for its final address, else its link."""
    return (urlsplit(url).hostname or "").removeprefix("www.")[:HOST_LENGTH]


def link_label(url: str) -> str:
    """ "example.com/news/2026/story": the host without "www." and the path, decoded, no scheme or query."""
    parts = urlsplit(url)
    host = link_host(url)
    path = unquote(parts.path).rstrip("/")
    return f"{host}{path}" if host else url


def article_name(article: "Article", *, width: int = NAME_WIDTH) -> ArticleName:
    """The article's name, shortened to `width` at a word; the feed is read only for a feed entry with no
    text and no link (select it with the article where many are named)."""
    if article.headline.strip():
        return ArticleName(balanced_bidi(shorten(article.headline, width)), "headline", article.language)
    lines = [line for line in article.source_text.splitlines() if line.strip()]
    if lines:
        return ArticleName(balanced_bidi(shorten(lines[0], width)), "text", article.language)
    address = article.final_url or article.url
    if address:
        return ArticleName(shorten(link_label(address), width), "link", "")
    if article.feed_id and article.feed is not None:
        return ArticleName(balanced_bidi(shorten(article.feed.name, width)), "feed", "")
    if article.original_name.strip():
        return ArticleName(shorten(article.original_name, width), "file", "")
    return ArticleName(_("(no text)"), "none", "")


def article_source(article: "Article") -> str:
    """Who published it (Article.outlet: the feed, the page's site name or the link's host), ready for a
    page; "" for a text that came with none of these (pasted or uploaded)."""
    return balanced_bidi(article.outlet.strip())
