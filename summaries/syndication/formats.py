"""The three feed formats as Django feed generators: RSS 2.0 and Atom 1.0 with the original language and
the source link added to each item, and JSON Feed 1.1, which Django does not ship.

Every item carries, besides Django's fields, the extra fields `summaries.syndication.feeds` adds:
`original_language` (a code), `original_language_name`, `headline_language`, `headline_generated`,
`source_url` and `outlet`.
"""

import json
import re
from typing import Any

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed, rfc3339_date
from django.utils.html import format_html, linebreaks
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator

# Language tags (BCP 47) as a categorization scheme: a URN, as atom:category's scheme and RSS's domain want.
LANGUAGE_SCHEME = "urn:ietf:bcp:47"
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"
SUMMARY_LANGUAGE = "en"
# Characters XML 1.0 cannot carry at all (C0 controls but tab and line ends, unpaired surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text any of the formats can carry: a control character pasted into an article never breaks a feed."""
    return _NOT_XML.sub("", text)


def item_html(item: dict[str, Any]) -> str:
    """The summary as HTML paragraphs, then its original language and a link to its source, for readers that
    show only the description (RSS) or the HTML content (JSON Feed). Every part is escaped."""
    html = linebreaks(item["description"], autoescape=True)
    html += format_html("<p>{}: {}</p>", _("Original language"), item["original_language_name"])
    if item["source_url"]:
        html += format_html('<p><a href="{}">{}</a></p>', item["source_url"], item["outlet"] or _("Source"))
    return html


class RssFeed(Rss201rev2Feed):
    """RSS 2.0: the HTML description, the language as a BCP 47 category, the source as Dublin Core's source."""

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:dc": DUBLIN_CORE}

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, {**item, "description": item_html(item)})
        if item["original_language"]:
            handler.addQuickElement("category", item["original_language"], {"domain": LANGUAGE_SCHEME})
        if item["source_url"]:
            handler.addQuickElement("dc:source", item["source_url"])


class AtomFeed(Atom1Feed):
    """Atom 1.0 (RFC 4287): each part marked with the language it is written in, the published page as the
    one alternate link, the source as a related link in the original language."""

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        original = item["original_language"]
        handler.addQuickElement("title", item["title"], _lang(item["headline_language"]))
        handler.addQuickElement("link", "", {"rel": "alternate", "type": "text/html", "href": item["link"]})
        if item["source_url"]:
            related = {"rel": "related", "type": "text/html", "href": item["source_url"]}
            handler.addQuickElement("link", "", related | ({"hreflang": original} if original else {}))
        handler.addQuickElement("id", item["unique_id"])
        handler.addQuickElement("published", rfc3339_date(item["pubdate"]))
        handler.addQuickElement("updated", rfc3339_date(item["updateddate"]))
        handler.addQuickElement("summary", item["description"], {"type": "text", **_lang(SUMMARY_LANGUAGE)})
        if original:
            category = {"term": original, "scheme": LANGUAGE_SCHEME, "label": item["original_language_name"]}
            handler.addQuickElement("category", "", category)


def _lang(code: str) -> dict[str, str]:
    return {"xml:lang": code} if code else {}


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/); what it has no field for (the original
    language, the outlet) is in each item's `_newsapp` extension object."""

    content_type = "application/feed+json"

    def write(self, outfile: Any, encoding: str) -> None:
        outfile.write(json.dumps(self.as_data(), ensure_ascii=False, indent=1))

    def as_data(self) -> dict[str, Any]:
        feed = self.feed
        data: dict[str, Any] = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "authors": [{"name": feed["author_name"]}],
            "items": [self._item(item) for item in self.items],
        }
        return {key: value for key, value in data.items() if value is not None}

    def _item(self, item: dict[str, Any]) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "content_text": item["description"],
            "content_html": item_html(item),
            "date_published": item["pubdate"].isoformat(),
            "date_modified": item["updateddate"].isoformat(),
            "language": SUMMARY_LANGUAGE,
            "_newsapp": {
                "original_language": item["original_language"],
                "original_language_name": item["original_language_name"],
                "headline_language": item["headline_language"],
                "headline_generated": item["headline_generated"],
                "outlet": item["outlet"],
            },
        }
        if item["source_url"]:
            data["external_url"] = item["source_url"]
        return data
