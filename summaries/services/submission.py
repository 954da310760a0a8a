"""Accepting an article: validate, store the article and its first job atomically, enqueue after commit."""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from ..exceptions import IntakeError
from ..intake.language import detect_language
from ..models import Article, Summary

logger = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = ("ar", "en")


def article_submit(
    *,
    text: str,
    user: AbstractBaseUser | AnonymousUser | None = None,
    origin: str = Article.Origin.PASTE,
    enqueue: bool = True,
) -> Article:
    """Create an Article with a queued Summary; the worker is told only once both rows are committed."""
    text = _normalise(text)
    _check_length(text)
    detection = detect_language(text)
    if detection.language not in SUPPORTED_LANGUAGES:
        raise IntakeError(
            _("The text does not look like Arabic or English. Only Arabic and English articles are supported."),
            code="unsupported_language",
        )
    with transaction.atomic():
        article = Article.objects.create(
            source_text=text,
            language=detection.language,
            content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            origin=origin,
            submitted_by=user if user is not None and user.is_authenticated else None,
        )
        summary = Summary.objects.create(article=article)
        if enqueue:
            transaction.on_commit(lambda: summary_enqueue(summary_id=summary.pk))
    logger.info("article %s submitted (%s, %d chars, summary %s)", article.pk, article.language, len(text), summary.pk)
    return article


def summary_enqueue(*, summary_id: int) -> bool:
    """Hand a job to the workers; when Redis is unreachable the job stays queued rather than failing the request."""
    from .. import tasks

    try:
        tasks.summary_process.delay(summary_id)
    except OperationalError:
        logger.error("could not enqueue summary %s: broker unreachable; it stays queued", summary_id)
        return False
    return True


def _normalise(text: str) -> str:
    """Unify line endings and drop surrounding blank space; the text itself is kept as written."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _check_length(text: str) -> None:
    if len(text) < settings.SUMMARIES_MIN_ARTICLE_CHARS:
        raise IntakeError(
            _("The article is too short: at least %(min)d characters are needed.")
            % {"min": settings.SUMMARIES_MIN_ARTICLE_CHARS},
            code="too_short",
        )
    if len(text) > settings.SUMMARIES_MAX_ARTICLE_CHARS:
        raise IntakeError(
            _("The article is too long: %(length)d characters; the limit is %(max)d.")
            % {"length": len(text), "max": settings.SUMMARIES_MAX_ARTICLE_CHARS},
            code="too_long",
        )
