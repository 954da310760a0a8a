"""`{% feed_alternates %}` in a page's <head> and `{% feed_links %}` in its body: the outgoing feeds, for feed
readers to discover and for people to follow (summaries/syndication/links.py says which)."""

from django import template

from summaries.articles.models import Article
from summaries.syndication.links import syndication_links

register = template.Library()


@register.inclusion_tag("summaries/includes/feed_alternates.html")
def feed_alternates(article: Article | None = None) -> dict[str, object]:
    return {"groups": syndication_links(article)}


@register.inclusion_tag("summaries/includes/feed_links.html")
def feed_links(article: Article | None = None) -> dict[str, object]:
    return {"groups": syndication_links(article)}
