"""Many article files at once, for `manage.py summarize`: find them, submit them, then run them here or
wait for the workers.

Every input ends as a FileResult; one file's problem never stops the others.
"""

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from kombu.utils.url import maybe_sanitize_url

from newsapp.celery import app as celery_app
from summaries.articles.intake import ACCEPTED_EXTENSIONS, extract
from summaries.articles.models import Article
from summaries.articles.submission import article_submit
from summaries.common.exceptions import IntakeError, ModelUnavailable
from summaries.runs.lifecycle import summary_fail
from summaries.runs.models import Summary
from summaries.runs.processing import summary_fetch, summary_process

logger = logging.getLogger(__name__)

DONE = "done"
FAILED = "failed"
REFUSED = "refused"
# How often the database is asked whether the workers have finished; cheap, and a person is waiting.
_POLL_SECONDS = 0.5


class _Standing:
    """What a file's and a link's results share: whether their run is over, and whether it succeeded."""

    status: str
    summary: Summary | None

    @property
    def finished(self) -> bool:
        return self.summary is None or self.summary.is_finished

    @property
    def ok(self) -> bool:
        return self.status == DONE


@dataclass(frozen=True)
class FileResult(_Standing):
    """How one input file stands: done, failed (reading, processing or waiting), refused by intake, or
    while it is being processed the run's own status (queued, running).

    `summary` is the run the file led to (or the earlier run it duplicated); it is None when the file
    never became an article.
    """

    path: Path
    status: str
    summary: Summary | None = None
    reused: bool = False
    code: str = ""
    reason: str = ""


@dataclass(frozen=True)
class LinkResult(_Standing):
    """How one link stands, as a FileResult does for a file; `summary` is None when the link never became
    an article (refused at once, for its form)."""

    url: str
    status: str
    summary: Summary | None = None
    reused: bool = False
    code: str = ""
    reason: str = ""


Result = TypeVar("Result", FileResult, LinkResult)


def batch_collect(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """The files to process, in the order given, and the ones skipped.

    A folder contributes its accepted files, recursively and sorted; its other files are skipped and
    hidden entries (.git, .DS_Store) ignored. A file named explicitly is always kept, so that a wrong
    type or a missing file is reported as that file's failure.
    """
    files: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for child in sorted(child for child in path.rglob("*") if child.is_file()):
            if any(part.startswith(".") for part in child.relative_to(path).parts):
                continue
            (files if child.suffix.lower() in ACCEPTED_EXTENSIONS else skipped).append(child)
    return list(dict.fromkeys(files)), skipped


@dataclass(frozen=True)
class RunOptions:
    """What the command asks of every run: the source language (None: detected), the kind and length of
    summary (None: the SUMMARIES_STRATEGY and SUMMARIES_LENGTH settings, as for the web form), and whether
    to process again a text seen before."""

    language: str | None = None
    strategy: str | None = None
    length: str | None = None
    force_new: bool = False


def file_submit(*, path: Path, options: RunOptions, enqueue: bool) -> FileResult:
    """Read, extract and submit one file as a command-line article; refusals come back as the result."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return FileResult(path, FAILED, code="not_found", reason="no such file")
    except OSError as exc:
        return FileResult(path, FAILED, code="unreadable", reason=f"cannot read: {exc.strerror}")
    try:
        extracted = extract(name=path.name, data=data)
        submission = article_submit(
            text=extracted.text,
            origin=Article.Origin.COMMAND,
            language=options.language,
            strategy=options.strategy,
            length=options.length,
            extracted=extracted,
            force_new=options.force_new,
            enqueue=enqueue,
        )
    except IntakeError as exc:
        return FileResult(path, REFUSED, code=exc.code, reason=exc.message)
    summary = submission.article.latest_summary
    if summary is None:  # the run was deleted since it was submitted
        return FileResult(path, FAILED, code="missing", reason="the run was deleted")
    result = FileResult(path, Summary.Status.QUEUED, reused=submission.reused)
    return _with_summary(result, summary)


def batch_process(
    paths: list[Path],
    *,
    options: RunOptions,
    on_finished: Callable[[FileResult], None],
) -> list[FileResult]:
    """Run each file through the pipeline in this process, one after the other; models stay loaded between files."""
    return [finish_here(file_submit(path=path, options=options, enqueue=False), on_finished) for path in paths]


def finish_here(result: Result, on_finished: Callable[[Result], None]) -> Result:
    """Run one submitted file's or link's run in this process, then report it."""
    if result.summary is not None and not result.summary.is_finished:
        run_here(result.summary.pk)
        summary = Summary.objects.select_related("article").filter(pk=result.summary.pk).first()
        result = _deleted(result) if summary is None else _with_summary(result, summary)
    if not result.finished:  # here, a run waiting for its models has nothing more to wait for
        result = _not_finished(result, waited=None)
    on_finished(result)
    return result


def batch_submit(paths: list[Path], *, options: RunOptions) -> list[FileResult]:
    """Submit every file for the workers; each job is sent to Redis as its article is saved."""
    return [file_submit(path=path, options=options, enqueue=True) for path in paths]


def batch_wait(results: list[Result], *, timeout: float, on_finished: Callable[[Result], None]) -> list[Result]:
    """The command line's one wait, for files and links alike: poll the database until every run has finished
    or `timeout` seconds have passed; what is still unfinished then is reported as failed (the job itself
    goes on, and its article keeps the outcome)."""
    results = list(results)
    started = time.monotonic()
    pending = set(range(len(results)))
    while True:
        for index in _newly_finished(results, pending):
            pending.discard(index)
            on_finished(results[index])
        waited = time.monotonic() - started
        if not pending or waited >= timeout:
            break
        time.sleep(min(_POLL_SECONDS, timeout - waited))
    for index in sorted(pending):
        results[index] = _not_finished(results[index], waited=timeout)
        on_finished(results[index])
    return results


def unsent(results: list[FileResult]) -> list[FileResult]:
    """Results whose job is queued but was never handed to the broker (Redis unreachable when submitted)."""
    return [
        result
        for result in results
        if result.summary is not None
        and result.summary.status == Summary.Status.QUEUED
        and result.summary.enqueued_at is None
    ]


def broker_hint() -> str:
    """Where the jobs should have gone, password hidden, for messages about jobs that never got there."""
    return f"is Redis running at {maybe_sanitize_url(celery_app.conf.broker_url)} (REDIS_URL)?"


def run_here(summary_id: int) -> None:
    """The workers' services, called in this process: a link's page is read first, then the run goes on here
    (not to a queue); a model that fails to load fails the file or link, as there is no later retry here."""
    summary_fetch(summary_id=summary_id, then=_stays_here)
    try:
        summary_process(summary_id=summary_id)
    except ModelUnavailable as exc:
        summary_fail(summary_id=summary_id, error=exc)


def _stays_here(*, summary_id: int) -> bool:
    return True


def _newly_finished(results: list[Result], pending: set[int]) -> list[int]:
    """Refresh the pending results from the database; the indexes of those that have finished now."""
    ids = {summary.pk for index in pending if (summary := results[index].summary) is not None}
    summaries = Summary.objects.select_related("article").in_bulk(ids)
    finished = []
    for index in sorted(pending):
        result = results[index]
        if result.summary is not None and result.summary.pk not in summaries:
            results[index] = _deleted(result)
        elif result.summary is not None:
            results[index] = _with_summary(result, summaries[result.summary.pk])
        if results[index].finished:
            finished.append(index)
    return finished


def _deleted(result: Result) -> Result:
    return replace(result, status=FAILED, summary=None, code="missing", reason="the run was deleted")


def _with_summary(result: Result, summary: Summary) -> Result:
    """The result as the run now stands: done, failed with its stored reason, or still queued or running."""
    if summary.status == Summary.Status.FAILED:
        return replace(result, summary=summary, status=FAILED, code=summary.error_code, reason=summary.error_text)
    return replace(result, summary=summary, status=str(summary.status), code="", reason="")


def _not_finished(result: Result, *, waited: float | None) -> Result:
    """The failure reported for a run that has not finished; `waited` is None when this process did not
    wait for it (a duplicate of a run still in a worker's hands)."""
    summary = result.summary
    if summary is None:  # no run, nothing unfinished: callers pass only unfinished results
        return result
    still = f"still {summary.status}" + ("" if waited is None else f" after {waited:.0f} s")
    where = f"(article {summary.article_id}, summary {summary.pk})"
    if summary.status == Summary.Status.WAITING:
        reason = (
            f"{still} {where}: waiting for {', '.join(summary.waiting_model_ids)}, not on this machine yet. Its key sentences "
            "are in the output; a worker completes it once the models are here (`python manage.py download_models` "
            "fetches them)"
        )
        logger.warning("summary %s waits for models %s", summary.pk, summary.waiting_model_ids)
        return replace(result, status=FAILED, code="models_missing", reason=reason)
    if summary.status == Summary.Status.RUNNING:
        reason = f"{still} {where}"
    elif summary.enqueued_at is None:
        reason = f"{still} {where}: it never reached the workers; {broker_hint()}"
    else:
        reason = f"{still} {where}: is a worker running?"
    logger.warning("summary %s not finished (%s, waited %s s)", summary.pk, summary.status, waited)
    return replace(result, status=FAILED, code="not_finished", reason=reason)
