"""Where every run starts: the first run of a pasted, uploaded or linked article or a feed entry, and an
editor's re-run. One place picks the models a run records and sends it once the rows are committed."""

from django.conf import settings
from django.db import transaction

from summaries import engines
from summaries.articles.models import Article
from summaries.review.records import review_open
from summaries.runs.dispatch import summary_enqueue
from summaries.runs.models import Summary
from summaries.search.services import search_document_update


def run_models(*, language: str, strategy: str) -> tuple[str, str]:
    """The translation and summarization models a run would use, as recorded on it (for reuse and history)."""
    translation_model = "" if language == "en" else engines.translation_models().get(language, "")
    summarization_model = (
        "" if strategy == Summary.Strategy.EXTRACT_TRANSLATE else settings.SUMMARIES_SUMMARIZATION_MODEL
    )
    return translation_model, summarization_model


def run_create(
    *, article: Article, strategy: str | None = None, length: str | None = None, send: bool = True
) -> Summary:
    """A queued run of the article and its editorial record (pending review), with the settings' strategy
    and length unless given, sent to the workers once the caller's transaction commits (`send=False`: the
    command line runs it in its own process).

    Its models are recorded now when the article's text is here; a link's run gets them once its page is
    read and its language known (articles/link_submission.py)."""
    strategy = strategy or settings.SUMMARIES_STRATEGY
    length = length or settings.SUMMARIES_LENGTH
    models = run_models(language=article.language, strategy=strategy) if article.source_text else ("", "")
    with transaction.atomic():
        run = Summary.objects.create(
            article=article,
            strategy=strategy,
            length=length,
            translation_model=models[0],
            summarization_model=models[1],
        )
        review_open(run=run, article=article)
        search_document_update(article_id=article.pk)  # the newest run is the one search shows
        if send:
            transaction.on_commit(lambda: summary_enqueue(summary_id=run.pk), robust=True)
    return run
