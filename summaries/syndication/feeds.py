"""Published summaries through Django's syndication framework: one Feed class, three formats.

The feed's own words (title, description) are in the reader's language; every item's summary is English,
its headline in the language it was written in, and its original language is named and coded.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.feedgenerator import SyndicationFeed
from django.utils.translation import gettext as _

from summaries.common.formatting import language_label
from summaries.review.exports import export_headline
from summaries.runs.models import Summary
from summaries.syndication.formats import AtomFeed, JsonFeed, RssFeed, xml_text
from summaries.syndication.scopes import Scope
from summaries.syndication.selectors import syndication_items


class PublishedFeed(Feed):
    """Made once per request (it keeps the request, to write absolute addresses)."""

    request: HttpRequest

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Scope:
        self.request = request
        return kwargs["scope"]

    def title(self, scope: Scope) -> str:
        if scope.kind == "all":
            return _("Published summaries") + " · " + _("News summaries")
        return xml_text(_("Published summaries: %(name)s") % {"name": scope.name})

    def description(self) -> str:
        return _("Summaries an editor has checked and approved.")

    def link(self) -> str:
        return reverse("summaries:published_list")

    def feed_guid(self) -> str:
        """This feed's own address, without a query: one id per scope and format."""
        return self.request.build_absolute_uri(self.request.path)

    def author_name(self) -> str:
        return _("News summaries")

    def items(self, scope: Scope) -> QuerySet[Summary]:
        return syndication_items(scope=scope, limit=settings.SUMMARIES_SYNDICATION_ITEMS)

    def item_title(self, summary: Summary) -> str:
        headline = export_headline(summary)
        return xml_text(headline.text) if headline else _("Summary")

    def item_description(self, summary: Summary) -> str:
        return xml_text(summary.review.text)

    def item_link(self, summary: Summary) -> str:
        return reverse("summaries:published_detail", kwargs={"article_id": summary.article_id})

    def item_guid(self, summary: Summary) -> str:
        """The published page's address: it names the article for good, whichever run is approved."""
        return self.request.build_absolute_uri(self.item_link(summary))

    item_guid_is_permalink = True

    def item_pubdate(self, summary: Summary) -> datetime:
        return summary.review.reviewed_at or summary.created_at

    def item_updateddate(self, summary: Summary) -> datetime:
        """An approved text cannot be edited (it must be withdrawn first), so it changed when approved."""
        return self.item_pubdate(summary)

    def item_extra_kwargs(self, summary: Summary) -> dict[str, Any]:
        article = summary.article
        headline = export_headline(summary)
        source = article.final_url or article.url
        return {
            "original_language": article.language,
            "original_language_name": language_label(article.language),
            "headline_language": headline.language if headline else "",
            "headline_generated": headline.generated if headline else False,
            "source_url": iri_to_uri(source) if source else "",
            "outlet": xml_text(article.outlet),
        }


class RssPublishedFeed(PublishedFeed):
    feed_type: type[SyndicationFeed] = RssFeed


class AtomPublishedFeed(PublishedFeed):
    feed_type: type[SyndicationFeed] = AtomFeed


class JsonPublishedFeed(PublishedFeed):
    feed_type: type[SyndicationFeed] = JsonFeed


FEEDS: dict[str, type[PublishedFeed]] = {"rss": RssPublishedFeed, "atom": AtomPublishedFeed, "json": JsonPublishedFeed}
