"""Links given to `manage.py summarize`: submitted like the web form's, then run here one after the other
(the page is fetched by this process, which is no web request) or, with --queue, waited for while the
workers run them. The counterpart of batch.py for files; every link ends as a LinkResult.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from summaries.articles.batch import DONE, FAILED, REFUSED, RunOptions, run_here
from summaries.articles.link_submission import link_submit
from summaries.articles.models import Article
from summaries.common.exceptions import IntakeError
from summaries.runs.models import Summary

logger = logging.getLogger(__name__)

# How often the database is asked whether the workers have finished (as batch.py).
_POLL_SECONDS = 0.5


@dataclass(frozen=True)
class LinkResult:
    """How one link stands: done, failed (fetching or processing), refused at once (its form), or while it
    is processed the run's own status; `summary` is None when the link never became an article."""

    url: str
    status: str
    summary: Summary | None = None
    code: str = ""
    reason: str = ""

    @property
    def finished(self) -> bool:
        return self.summary is None or self.summary.is_finished

    @property
    def ok(self) -> bool:
        return self.status == DONE


def links_process(
    urls: list[str], *, options: RunOptions, queue: bool, timeout: float, on_finished: Callable[[LinkResult], None]
) -> list[LinkResult]:
    """Submit every link, then run each here, or (queue) wait up to `timeout` seconds for the workers."""
    results = [_submitted(url, options, enqueue=queue) for url in urls]
    if queue:
        return _wait(results, timeout=timeout, on_finished=on_finished)
    for index, result in enumerate(results):
        if result.summary is not None and not result.finished:
            run_here(result.summary.pk)
            results[index] = _refreshed(result)
        if not results[index].finished:
            results[index] = _unfinished(results[index], waited=None)
        on_finished(results[index])
    return results


def _submitted(url: str, options: RunOptions, *, enqueue: bool) -> LinkResult:
    try:
        submission = link_submit(
            url=url,
            origin=Article.Origin.LINK,
            language=options.language,
            strategy=options.strategy,
            length=options.length,
            enqueue=enqueue,
        )
    except IntakeError as exc:
        return LinkResult(url, REFUSED, code=exc.code, reason=exc.message)
    return LinkResult(url, Summary.Status.QUEUED, summary=submission.summary)


def _wait(results: list[LinkResult], *, timeout: float, on_finished: Callable[[LinkResult], None]) -> list[LinkResult]:
    """Poll until every run has finished or `timeout` has passed; what is unfinished then is reported failed
    (its run goes on, and its article keeps the outcome)."""
    started = time.monotonic()
    pending = set(range(len(results)))
    while True:
        for index in sorted(pending):
            results[index] = _refreshed(results[index])
            if results[index].finished:
                pending.discard(index)
                on_finished(results[index])
        waited = time.monotonic() - started
        if not pending or waited >= timeout:
            break
        time.sleep(min(_POLL_SECONDS, timeout - waited))
    for index in sorted(pending):
        results[index] = _unfinished(results[index], waited=timeout)
        on_finished(results[index])
    return results


def _refreshed(result: LinkResult) -> LinkResult:
    """The result as its run now stands: done, failed with its stored reason, or still queued or running."""
    if result.summary is None:
        return result
    summary = Summary.objects.select_related("article").filter(pk=result.summary.pk).first()
    if summary is None:
        return replace(result, status=FAILED, summary=None, code="missing", reason="the run was deleted")
    if summary.status == Summary.Status.FAILED:
        return replace(result, summary=summary, status=FAILED, code=summary.error_code, reason=summary.error_text)
    return replace(result, summary=summary, status=str(summary.status))


def _unfinished(result: LinkResult, *, waited: float | None) -> LinkResult:
    """The failure reported for a run that has not finished; `waited` is None when it ran in this process
    (and waits for its models, which nothing here will bring)."""
    summary = result.summary
    if summary is None:
        return result
    where = f"(article {summary.article_id}, summary {summary.pk})"
    if summary.status == Summary.Status.WAITING:
        reason = f"waiting for {', '.join(summary.waiting_model_ids)}, not on this machine yet {where}"
        return replace(result, status=FAILED, code="models_missing", reason=reason)
    after = "" if waited is None else f" after {waited:.0f} s"
    reason = f"still {summary.status}{after} {where}: is a worker running?"
    return replace(result, status=FAILED, code="not_finished", reason=reason)
