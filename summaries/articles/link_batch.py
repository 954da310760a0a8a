"""Links from the command line (`manage.py summarize --link URL`): each becomes an article with a run, read
and summarized in this process or by the workers; the waiting and the reports are the files' (batch.py)."""

import logging
from collections.abc import Callable

from summaries.articles.batch import REFUSED, LinkResult, RunOptions, batch_wait, finish_here
from summaries.articles.link_submission import link_submit
from summaries.articles.models import Article
from summaries.common.exceptions import IntakeError
from summaries.runs.models import Summary

logger = logging.getLogger(__name__)


def links_process(
    urls: list[str], *, options: RunOptions, queue: bool, timeout: float, on_finished: Callable[[LinkResult], None]
) -> list[LinkResult]:
    """Submit every link, then run each here, or (queue) wait up to `timeout` seconds for the workers."""
    results = [_submitted(url, options, enqueue=queue) for url in urls]
    if queue:
        return batch_wait(results, timeout=timeout, on_finished=on_finished)
    return [finish_here(result, on_finished) for result in results]


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
        logger.info("link %r refused: %s", url, exc.code)
        return LinkResult(url, REFUSED, code=exc.code, reason=exc.message)
    return LinkResult(url, Summary.Status.QUEUED, summary=submission.summary)
