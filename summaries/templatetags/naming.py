"""Template filters naming an article and its source (summaries/articles/naming.py)."""

from django import template

from summaries.articles import naming

register = template.Library()

register.filter("article_name", naming.article_name)
register.filter("article_source", naming.article_source)
register.filter("link_label", naming.link_label)
