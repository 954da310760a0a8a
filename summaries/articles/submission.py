"""Accepting articles: validate, reuse a duplicate's result or store a new article and its job
atomically, and enqueue only after commit."""

import logging
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TypedDict, Unpack

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction

from summaries.articles import throttle
from summaries.articles.acceptance import text_accept
from summaries.articles.intake import Extracted, extract
from summaries.articles.intake.budget import RequestBudget
from summaries.articles.models import Article
from summaries.common.exceptions import IntakeError
from summaries.common.permissions import User
from summaries.glossary.services import glossary_stamp
from summaries.runs.creation import run_create, run_models
from summaries.runs.selectors import summary_reusable

logger = logging.getLogger(__name__)


class RunOptions(TypedDict, total=False):
    """How to process a submission (None: the settings' default), as the web form and the API send them."""

    language: str | None
    strategy: str | None
    length: str | None
    force_new: bool


class SubmitOptions(RunOptions, total=False):
    """Run options and who submitted, the same for every item of one request."""

    user: User | None


@dataclass(frozen=True)
class Submission:
    """The article the user should be sent to, and whether it is an earlier one reused as a duplicate."""

    article: Article
    reused: bool = False


@dataclass(frozen=True)
class Intake:
    """Everything one request sent to be summarized: a paste, the files it carried, the files the upload
    handler refused for size (name, bytes received) and how many it skipped beyond the file limit."""

    text: str = ""
    files: list[File] = field(default_factory=list)  # read only once the request as a whole is accepted
    oversized: list[tuple[str, int]] = field(default_factory=list)
    excess: int = 0

    @property
    def file_count(self) -> int:
        return len(self.files) + len(self.oversized) + self.excess

    @property
    def items(self) -> int:
        """What the rate limits count: the paste, every file that will be read and every file the upload
        handler already refused for size (it was received, so it costs the sender like any refused file)."""
        return (1 if self.text.strip() else 0) + len(self.oversized) + len(self.files)


@dataclass(frozen=True)
class FileOutcome:
    """One uploaded file's fate: accepted (with its submission) or refused (with the reason)."""

    name: str
    submission: Submission | None = None
    error: IntakeError | None = None


def article_submit(
    *,
    text: str,
    user: User | None = None,
    origin: str = Article.Origin.PASTE,
    language: str | None = None,
    strategy: str | None = None,
    length: str | None = None,
    extracted: Extracted | None = None,
    force_new: bool = False,
    enqueue: bool = True,
) -> Submission:
    """Create an Article with a queued Summary, or return the earlier article holding the same text.

    `language` overrides detection; `strategy` and `length` default to the settings. The worker is
    told only once the rows are committed.
    """
    strategy = strategy or settings.SUMMARIES_STRATEGY
    length = length or settings.SUMMARIES_LENGTH
    accepted = text_accept(text, language=language)
    text, choice, content_hash = accepted.text, accepted.choice, accepted.content_hash
    language = choice.language
    translation_model, summarization_model = run_models(language=language, strategy=strategy)
    if settings.SUMMARIES_REUSE_DUPLICATES and not force_new:
        earlier = summary_reusable(
            user=user,
            content_hash=content_hash,
            language=language,
            translation_model=translation_model,
            summarization_model=summarization_model,
            strategy=strategy,
            length=length,
            glossary_version=glossary_stamp(),
            original=_original_key(extracted),
        )
        if earlier is not None:
            logger.info("article %s reused for a duplicate submission", earlier.article_id)
            return Submission(article=earlier.article, reused=True)
    with transaction.atomic():
        article = Article(
            source_text=text,
            language=language,
            detected_language=choice.detected,
            language_confidence=choice.confidence,
            language_overridden=choice.overridden,
            content_hash=content_hash,
            origin=origin,
            submitted_by=user if user is not None and user.is_authenticated else None,
        )
        if extracted is not None:
            _attach_original(article, extracted)
        article.save()
        summary = run_create(article=article, strategy=strategy, length=length, send=enqueue)
    logger.info("article %s submitted (%s, %d chars, summary %s)", article.pk, language, len(text), summary.pk)
    return Submission(article=article)


def submission_receive(
    *,
    intake: Intake,
    client: throttle.Client,
    max_files: int,
    user: User | None = None,
    language: str | None = None,
    strategy: str | None = None,
    length: str | None = None,
    force_new: bool = False,
) -> list[FileOutcome]:
    """The one way in for the web form and the API: counts the request against the rate limits, checks
    what it holds as a whole, then submits the paste and each file on its own.

    Raises throttle.Throttled when nothing fits the rate limits (nothing is read) or IntakeError for the
    request as a whole (more files than `max_files`, nothing sent); every item's own problem is in its
    outcome. A batch larger than what the limits leave is cut: the paste and the first files are taken,
    each file after them is refused by name with the time to wait. Whatever was read and not accepted
    leaves the article limits and counts against the refusal budget.
    """
    reservation, refusal = throttle.submission_reserve_up_to(client=client, articles=intake.items)
    if refusal is not None and reservation.articles == 0 and intake.items > 0:
        raise throttle.Throttled(refusal)
    accepted = 0
    try:
        if intake.file_count > max_files:
            raise IntakeError("too_many_files", count=intake.file_count, max=max_files)
        if not intake.text.strip() and not intake.file_count:
            raise IntakeError("empty" if intake.text else "no_input")
        # What fits goes in order: the paste, the files already refused for size, then the files to read.
        before_files = (1 if intake.text.strip() else 0) + len(intake.oversized)
        taken = len(intake.files) if refusal is None else max(0, reservation.articles - before_files)
        later = [
            FileOutcome(name=upload.name or "", error=IntakeError("not_sent_limit", reason=refusal.message))
            for upload in intake.files[taken:]
            if refusal is not None
        ]
        outcomes = articles_submit_batch(
            text=intake.text,
            files=[(upload.name or "", upload) for upload in intake.files[:taken]],  # read one at a time
            oversized=intake.oversized,
            user=user,
            language=language,
            strategy=strategy,
            length=length,
            force_new=force_new,
            guard=Guard(reservation, RequestBudget.from_settings()),
        )
        accepted = sum(1 for outcome in outcomes if outcome.submission is not None)
        return outcomes + later
    finally:
        reservation.settle(accepted)


@dataclass
class Guard:
    """What one request may still spend on its files as they are read: the parsing budget of the request
    (articles/intake/budget.py) and the sender's refusal budget, each refused file counted at once, so a post of
    40 hostile files stops being read when the budget of 30 is spent rather than after all 40."""

    reservation: throttle.Reservation
    budget: RequestBudget

    def stop(self) -> throttle.Refusal | None:
        """The refusal budget's refusal once it is spent."""
        return self.reservation.refusals_spent()

    def refused(self) -> None:
        self.reservation.refuse_one()


def articles_submit_batch(
    *,
    text: str = "",
    files: Sequence[tuple[str, bytes | File]],
    oversized: Sequence[tuple[str, int]] = (),
    user: User | None = None,
    language: str | None = None,
    strategy: str | None = None,
    length: str | None = None,
    force_new: bool = False,
    guard: "Guard | None" = None,
) -> list[FileOutcome]:
    """A paste and/or several files: each becomes its own article; one item's problem never stops the others.

    `oversized` lists files the upload handler already dropped for size, so they are reported too. An
    uploaded file is read only when its turn comes (one in memory at a time). With a `guard` (a request's),
    each refusal is counted as it happens, and once the refusal budget is spent the files left are not read.
    """
    limit = settings.SUMMARIES_MAX_UPLOAD_BYTES
    outcomes = [
        FileOutcome(name=name, error=IntakeError("file_too_large", size=size, max=limit)) for name, size in oversized
    ]
    options: SubmitOptions = {
        "user": user,
        "language": language,
        "strategy": strategy,
        "length": length,
        "force_new": force_new,
    }
    if guard is not None:
        for _oversized in outcomes:
            guard.refused()
    if text.strip():
        outcomes.insert(0, _outcome("", lambda: article_submit(text=text, origin=Article.Origin.PASTE, **options)))
        if guard is not None and outcomes[0].error is not None:
            guard.refused()
    budget = guard.budget if guard is not None else None
    for name, source in files:
        stop = guard.stop() if guard is not None else None
        if stop is not None:
            outcome = FileOutcome(name=name, error=IntakeError("not_sent_limit", reason=stop.message))
        else:
            data = source if isinstance(source, bytes) else source.read()
            outcome = _outcome(name, partial(article_submit_file, name=name, data=data, budget=budget, **options))
            del data  # the next file is read only now: one in memory at a time
        if guard is not None and outcome.error is not None:
            guard.refused()
        outcomes.append(outcome)
    return outcomes


def article_submit_file(
    *, name: str, data: bytes, budget: RequestBudget | None = None, **options: Unpack[SubmitOptions]
) -> Submission:
    """One uploaded file: size, type and text checked by the intake (within the request's parsing
    `budget`, if any), then submitted like a paste."""
    if len(data) > settings.SUMMARIES_MAX_UPLOAD_BYTES:
        raise IntakeError("file_too_large", size=len(data), max=settings.SUMMARIES_MAX_UPLOAD_BYTES)
    extracted = extract(name=name, data=data, budget=budget)
    return article_submit(text=extracted.text, origin=Article.Origin.UPLOAD, extracted=extracted, **options)


def _outcome(name: str, submit: Callable[[], Submission]) -> FileOutcome:
    try:
        return FileOutcome(name=name, submission=submit())
    except IntakeError as exc:
        logger.info("submission %r refused: %s", name, exc.code)
        # Without its traceback: the frames it holds keep the file's bytes, and they form a cycle that only
        # a full garbage collection frees (three posts of 20 hostile files left a web process 540 MB bigger).
        return FileOutcome(name=name, error=exc.with_traceback(None))


def _attach_original(article: Article, extracted: Extracted) -> None:
    source = extracted.source_file
    article.source_format = extracted.source_format
    article.original_name = _display_name(source.name)
    article.original_size = source.size
    article.original_content_type = source.content_type
    article.original_sha256 = source.sha256
    article.original_file.save(source.name, ContentFile(source.data), save=False)


def _original_key(extracted: Extracted | None) -> tuple[str, str] | None:
    """What identifies an uploaded original for reuse: the name people see and the bytes' hash."""
    if extracted is None or extracted.source_file is None:
        return None
    return _display_name(extracted.source_file.name), extracted.source_file.sha256


def _display_name(name: str) -> str:
    """The file name as sent, for people, without control characters (NUL cannot even be stored in
    PostgreSQL) and within the column; the stored file gets a separately cleaned name (models.py)."""
    return "".join(char for char in name if unicodedata.category(char) != "Cc")[:255]
