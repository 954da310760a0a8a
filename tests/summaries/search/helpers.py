"""Articles written to the search index the way the services write them."""

from summaries.articles.models import Article
from summaries.runs.models import Summary
from summaries.search.services import search_document_update
from tests.factories import finish, latest_run, make_article


def indexed_article(
    text: str, *, language: str = "ar", summary: str = "", translation: str = "", **fields: object
) -> Article:
    """An article (finished when `summary` is given) with its search document written."""
    article = make_article(source_text=text, language=language, **fields)
    if summary:
        finish(latest_run(article), text=summary, translation=translation)
    search_document_update(article_id=article.pk)
    return article


def flag_first_sentence(run: Summary) -> None:
    """Mark the run's first translated sentence flagged, as the grounding check stores it."""
    Summary.objects.filter(pk=run.pk).update(
        source_sentences=["جملة"], translated_sentences=["A sentence."], grounding={"translation_flags": [True]}
    )
