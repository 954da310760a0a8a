"""Read queries for views and commands."""

import uuid

from .models import Article


def article_get(*, article_id: uuid.UUID) -> Article | None:
    """The article with its summaries prefetched, or None."""
    return Article.objects.prefetch_related("summaries").filter(pk=article_id).first()
