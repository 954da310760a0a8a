"""Small row builders for tests."""

import hashlib

from summaries.models import Article, Summary


def make_article(**overrides) -> Article:
    """An Arabic article with one queued summary, unless overridden."""
    text = overrides.pop("source_text", "وقّع الرئيسان الروسي والمصري اليوم على اتفاقية تجديد الشراكة الشاملة.")
    fields = {
        "source_text": text,
        "language": "ar",
        "content_hash": hashlib.sha256(text.encode()).hexdigest(),
        **overrides,
    }
    article = Article.objects.create(**fields)
    Summary.objects.create(article=article)
    return article
