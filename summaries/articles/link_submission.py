"""Articles that arrive as a link (a person's, or a feed entry's): accepted at once without any network, then
fetched by the worker as the run's first stage ("Fetching the page"), before translation.

The web request only checks the link's form and stores an article without text; the page is read on the
worker (article_fetch), so a slow or hostile site never holds a web process, and every refusal ends the run
failed with its reason, shown on the article's page and in the API like any other failure.
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from summaries.articles import throttle
from summaries.articles.acceptance import language_check, text_accept
from summaries.articles.links.extract import ExtractedArticle, extract_article
from summaries.articles.links.fetch import FetchedPage, fetch_page, link_check
from summaries.articles.models import FETCHED_ORIGINS, Article
from summaries.articles.naming import link_host
from summaries.common import time_limits
from summaries.common.exceptions import IntakeError
from summaries.common.permissions import User
from summaries.feeds.models import Feed
from summaries.runs import lifecycle
from summaries.runs.creation import run_create, run_models
from summaries.runs.models import Summary
from summaries.search.services import search_document_update

logger = logging.getLogger(__name__)

# Origins whose text is fetched by the worker from `Article.url`.


@dataclass(frozen=True)
class LinkSubmission:
    """The stored article (no text yet) and its queued run; a link is always fetched anew, never reused."""

    article: Article
    summary: Summary
    reused: bool = False


def link_receive(
    *,
    url: str,
    client: throttle.Client,
    user: User | None = None,
    language: str | None = None,
    strategy: str | None = None,
    length: str | None = None,
) -> LinkSubmission:
    """A link from the web form or the API: counted against the same rate limits as a paste (Throttled
    when none is left), then submitted; a refused link spends the refusal budget like a refused file."""
    reserved = throttle.submission_reserve(client=client, articles=1)
    if isinstance(reserved, throttle.Refusal):
        raise throttle.Throttled(reserved)
    accepted = 0
    try:
        submission = link_submit(url=url, submitted_by=user, language=language, strategy=strategy, length=length)
        accepted = 1
        return submission
    finally:
        reserved.settle(accepted)


def link_submit(
    *,
    url: str,
    submitted_by: User | None = None,
    origin: str = Article.Origin.LINK,
    feed: Feed | None = None,
    feed_entry_id: str = "",
    language: str | None = "",
    strategy: str | None = "",
    length: str | None = "",
    enqueue: bool = True,
) -> LinkSubmission:
    """Store an article for `url` with a queued run and hand it to the workers after commit; the page itself
    is fetched by the worker. Raises LinkRefused for a link that could never be fetched (its form only:
    nothing is looked up here) and IntakeError for a language that cannot be translated.

    `language` overrides detection of the fetched text; `strategy` and `length` default to the settings.
    """
    url = link_check(url)
    if language:
        language_check(language)
    with transaction.atomic():
        article = Article.objects.create(
            source_text="",
            language=language or "",
            language_overridden=bool(language),
            origin=origin,
            source_format="html",
            url=url,
            host=link_host(url),
            feed=feed,
            feed_entry_id=feed_entry_id,
            submitted_by=submitted_by if submitted_by is not None and submitted_by.is_authenticated else None,
        )
        summary = run_create(article=article, strategy=strategy, length=length, send=enqueue)
    logger.info("article %s submitted as a link (%s, summary %s)", article.pk, origin, summary.pk)
    return LinkSubmission(article=article, summary=summary)


def article_needs_fetch(article: Article) -> bool:
    """A link or feed entry whose page has not been read yet (a redelivered run skips the fetch)."""
    return article.origin in FETCHED_ORIGINS and not article.source_text and bool(article.url)


def article_fetch(*, summary: Summary) -> None:
    """The worker's first stage for a link: fetch the page, take the article out of it, check it like a
    pasted text, and store text and page details in one transaction (all or nothing).

    Raises LinkRefused (the page cannot be read), IntakeError (too short, an unsupported language, or a feed
    entry duplicating an article already processed); the caller fails the run with it.
    """
    article = summary.article
    with time_limits.deferred():  # a time limit mid-query would leave the connection unusable
        lifecycle.progress(summary.pk, Summary.Stage.FETCHING)
    page = fetch_page(article.url)
    extracted = extract_article(page.text, page.final_url)
    accepted = text_accept(
        extracted.text,
        language=article.language if article.language_overridden else None,
        declared=extracted.language,
    )
    text, choice, content_hash = accepted.text, accepted.choice, accepted.content_hash
    if article.origin == Article.Origin.FEED:  # two entries fetched at the same moment can both pass: rare, harmless
        _refuse_duplicate(article, content_hash)
    translation_model, summarization_model = run_models(language=choice.language, strategy=summary.strategy)
    with time_limits.deferred(), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            source_text=text,
            language=choice.language,
            detected_language=choice.detected,
            language_confidence=choice.confidence,
            content_hash=content_hash,
            updated_at=timezone.now(),
            **_page_fields(page, extracted),
        )
        Summary.objects.filter(pk=summary.pk).update(
            translation_model=translation_model, summarization_model=summarization_model
        )
        search_document_update(article_id=article.pk)
    article.refresh_from_db()
    summary.refresh_from_db()
    logger.info("article %s fetched: %d chars, %s", article.pk, len(text), choice.language)


def _refuse_duplicate(article: Article, content_hash: str) -> None:
    """A feed entry holding the same text as an article already processed or in progress is not run twice
    (two outlets' feeds often carry the same agency story); the failed runs do not count."""
    earlier = (
        Summary.objects.filter(article__content_hash=content_hash)
        .exclude(article=article)
        .exclude(status=Summary.Status.FAILED)
        .order_by("created_at")
        .values_list("article_id", flat=True)
        .first()
    )
    if earlier is not None:
        raise IntakeError("duplicate", article=str(earlier))


def _page_fields(page: FetchedPage, extracted: ExtractedArticle) -> dict[str, object]:
    """What the page says about itself, cut to the columns' sizes."""
    final_url = page.final_url[:2000]
    return {
        "final_url": final_url,
        "host": link_host(final_url or page.url),
        "fetched_at": page.fetched_at,
        "headline": " ".join((extracted.title or "").split())[:500],
        "author": " ".join((extracted.author or "").split())[:255],
        "published_on": _page_date(extracted.date),
        "site_name": " ".join((extracted.site_name or "").split())[:200],
    }


def _page_date(value: str | None) -> date | None:
    """trafilatura's YYYY-MM-DD, or None when the page gave none or something else."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
