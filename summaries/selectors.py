"""Read queries for views, services and commands."""

import uuid

from .models import Article, Summary


def article_get(*, article_id: uuid.UUID) -> Article | None:
    """The article, or None."""
    return Article.objects.filter(pk=article_id).first()


def summary_reusable(
    *, content_hash: str, language: str, translation_model: str, summarization_model: str, strategy: str, length: str
) -> Summary | None:
    """The newest run over the same text with the same models and options that has not failed."""
    return (
        Summary.objects.select_related("article")
        .filter(
            article__content_hash=content_hash,
            article__language=language,
            translation_model=translation_model,
            summarization_model=summarization_model,
            strategy=strategy,
            length=length,
        )
        .exclude(status=Summary.Status.FAILED)
        .order_by("-created_at")
        .first()
    )
