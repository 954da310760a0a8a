"""Summarize article files and links from the command line: here, one after the other, or through the
workers (--queue); results as JSON Lines or Markdown. An argument starting with http:// or https:// is a
link: its page is fetched and the article taken out of it, as for a link given on the web form.

Standard error carries the command's own lines (skipped and failed files) and its progress bar; the app's
and the libraries' INFO logging and model-loading bars only with --verbose."""

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

from summaries.articles import batch, link_batch
from summaries.articles.intake import ACCEPTED_EXTENSIONS
from summaries.articles.models import Article
from summaries.review.exports import markdown_code, markdown_escape
from summaries.runs.models import Summary
from summaries.runs.status import article_result

FORMATS = ("jsonl", "md")


class Command(BaseCommand):
    help = (
        "Translate (if needed) and summarize article files and links (http:// or https://); folders are "
        "searched recursively. "
        f"Accepted: {', '.join(ACCEPTED_EXTENSIONS)}; text files in UTF-8, UTF-16, Windows-1256 or ISO-8859-6. "
        "Exits with status 1, after writing every result, when any file or link failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="+", metavar="PATH_OR_URL", help="Article files and/or folders, and/or links to articles."
        )
        parser.add_argument("--format", choices=FORMATS, default="jsonl", help="JSON Lines (default) or Markdown.")
        parser.add_argument("--output", "-o", type=Path, help="Write the results to this file, not standard output.")
        parser.add_argument("--queue", action="store_true", help="Send the files to the Celery workers and wait.")
        parser.add_argument("--timeout", type=float, default=3600, help="With --queue: seconds to wait (default 3600).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on standard error.")
        parser.add_argument("--language", help="Source language code, instead of detecting it (ar, en, ...).")
        parser.add_argument("--force-new", action="store_true", help="Process again even if the text was seen before.")
        parser.add_argument(
            "--strategy",
            choices=Summary.Strategy.values,
            help=f"Kind of summary, as on the web form (default: SUMMARY_STRATEGY, now {settings.SUMMARIES_STRATEGY}).",
        )
        parser.add_argument(
            "--length",
            choices=Summary.Length.values,
            help=f"Summary length, as on the web form (default: SUMMARY_LENGTH, now {settings.SUMMARIES_LENGTH}).",
        )
        parser.add_argument(
            "--verbose",
            action="store_true",
            help="Also show the app's and libraries' INFO logging and model-loading bars on standard error (or -v 2).",
        )

    def handle(
        self,
        *args: object,
        paths: list[str],
        queue: bool,
        timeout: float,
        no_progress: bool,
        language: str | None,
        strategy: str | None,
        length: str | None,
        force_new: bool,
        output: Path | None,
        verbose: bool,
        verbosity: int,
        **options: object,
    ) -> None:
        run_options = batch.RunOptions(language=language, strategy=strategy, length=length, force_new=force_new)
        with _library_output(verbose=verbose or verbosity >= 2):  # Django's own -v 2 asks for it too
            self._summarize(
                paths,
                options=run_options,
                queue=queue,
                timeout=timeout,
                no_progress=no_progress,
                output=output,
                markdown=options["format"] == "md",
            )

    def _summarize(
        self,
        inputs: list[str],
        *,
        options: batch.RunOptions,
        queue: bool,
        timeout: float,
        no_progress: bool,
        output: Path | None,
        markdown: bool,
    ) -> None:
        urls = [item for item in inputs if _is_link(item)]
        files, skipped = batch.batch_collect(Path(item) for item in inputs if not _is_link(item))
        for path in skipped:
            self.stderr.write(f"skipped {path}: not one of {', '.join(ACCEPTED_EXTENSIONS)}")
        if not files and not urls:
            raise CommandError("nothing to summarize: no accepted files found")
        with _progress(total=len(files) + len(urls), enabled=not no_progress) as step:
            results = (
                self._run(files, options=options, queue=queue, timeout=timeout, on_finished=lambda r: step(r.path.name))
                if files
                else []
            )
            links = link_batch.links_process(
                urls, options=options, queue=queue, timeout=timeout, on_finished=lambda r: step(r.url)
            )
        outcomes = [_file_outcome(result) for result in results] + [_link_outcome(result) for result in links]
        self._write(_as_markdown(outcomes) if markdown else _as_jsonl(outcomes), output)
        failed = [outcome for outcome in outcomes if outcome.status != batch.DONE]
        for outcome in failed:
            self.stderr.write(f"{outcome.source}: {outcome.reason}")
        if failed:
            noun = "links" if not files else "files" if not urls else "files and links"
            raise CommandError(f"{len(failed)} of {len(outcomes)} {noun} failed")

    def _run(
        self,
        files: list[Path],
        *,
        options: batch.RunOptions,
        queue: bool,
        timeout: float,
        on_finished: Callable[[batch.FileResult], None],
    ) -> list[batch.FileResult]:
        """Here, one file after the other; or (--queue) all submitted first, so the workers run them in
        parallel, then waited for."""
        if not queue:
            return batch.batch_process(files, options=options, on_finished=on_finished)
        results = batch.batch_submit(files, options=options)
        self._warn_unsent(batch.unsent(results))
        return batch.batch_wait(results, timeout=timeout, on_finished=on_finished)

    def _warn_unsent(self, unsent: list[batch.FileResult]) -> None:
        if unsent:
            self.stderr.write(
                f"{len(unsent)} job(s) could not be sent to the workers; {batch.broker_hint()} "
                "Waiting in case the sweeper sends them later."
            )

    def _write(self, content: str, output: Path | None) -> None:
        if output is None:
            self.stdout.write(content, ending="")
        else:
            output.write_text(content, encoding="utf-8")


@contextmanager
def _library_output(*, verbose: bool) -> Iterator[None]:
    """For the command's duration: without `verbose`, INFO logging (the app's, Django's, the libraries') is
    held back and transformers and huggingface_hub draw no bars nor warn below ERROR; with it, INFO is shown
    even where LOG_LEVEL is higher. Everything is put back afterwards (the command may run inside a test or
    a shell)."""
    import huggingface_hub.utils as hub_utils
    from transformers.utils import logging as transformers_logging

    root = logging.getLogger()
    before = (logging.root.manager.disable, root.level, transformers_logging.get_verbosity())
    bars_before = (transformers_logging.is_progress_bar_enabled(), not hub_utils.are_progress_bars_disabled())
    if verbose:
        if root.getEffectiveLevel() > logging.INFO:
            root.setLevel(logging.INFO)
    else:
        logging.disable(logging.INFO)
        transformers_logging.set_verbosity_error()
        transformers_logging.disable_progress_bar()  # huggingface_hub's bars too
    try:
        yield
    finally:
        logging.disable(before[0])
        root.setLevel(before[1])
        transformers_logging.set_verbosity(before[2])
        transformers_bars, hub_bars = bars_before
        (transformers_logging.enable_progress_bar if transformers_bars else transformers_logging.disable_progress_bar)()
        (hub_utils.enable_progress_bars if hub_bars else hub_utils.disable_progress_bars)()


@contextmanager
def _progress(*, total: int, enabled: bool) -> Iterator[Callable[[str], None]]:
    """A bar of files and links done on standard error, drawn only on a terminal (disable=None), with log
    lines printed above it rather than through it; yields the callback that advances it (with a name)."""
    with tqdm(total=total, unit="item", disable=None if enabled else True) as bar, logging_redirect_tqdm():

        def step(name: str) -> None:
            bar.set_postfix_str(name, refresh=False)
            bar.update()

        yield step


def _is_link(argument: str) -> bool:
    return argument.lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class _Outcome:
    """One input's result as written: a file (`path`) or a link (`url`), with this batch's verdict."""

    key: str  # "path" or "url"
    source: str
    status: str
    summary: Summary | None
    reused: bool
    code: str
    reason: str


def _file_outcome(result: batch.FileResult) -> _Outcome:
    return _Outcome("path", str(result.path), result.status, result.summary, result.reused, result.code, result.reason)


def _link_outcome(result: batch.LinkResult) -> _Outcome:
    return _Outcome("url", result.url, result.status, result.summary, False, result.code, result.reason)


def _as_jsonl(outcomes: list[_Outcome]) -> str:
    return "".join(json.dumps(_record(outcome), ensure_ascii=False) + "\n" for outcome in outcomes)


def _record(outcome: _Outcome) -> dict[str, object]:
    """article_result's fields, with the file or link, this batch's verdict and the grounding flags; a link
    also gives the page's details (where it ended, its headline, author and date)."""
    record: dict[str, object] = {outcome.key: outcome.source}
    summary = outcome.summary
    if summary is not None:
        record |= article_result(summary.article, summary) | {
            "strategy": summary.strategy,
            "length": summary.length,
            "grounding": _flags(summary),
        }
        if outcome.key == "url":
            record |= _page(summary.article)
    return record | {
        "status": outcome.status,
        "reused": outcome.reused,
        "code": outcome.code or None,
        "error": outcome.reason or None,
    }


def _page(article: Article) -> dict[str, object]:
    return {
        "final_url": article.final_url or None,
        "headline": article.headline or None,
        "author": article.author or None,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "outlet": article.outlet or None,
        "fetched_at": article.fetched_at.isoformat() if article.fetched_at else None,
    }


def _flags(summary: Summary) -> dict[str, object] | None:
    """Which summary sentences and which translated sentences (0-based) an editor should check."""
    grounding = summary.grounding
    if not grounding:
        return None
    return {
        "method": grounding.get("method"),
        "flagged_summary_sentences": [
            i for i, sentence in enumerate(grounding.get("summary") or []) if sentence.get("flagged")
        ],
        "flagged_translations": [i for i, flagged in enumerate(grounding.get("translation_flags") or []) if flagged],
    }


def _as_markdown(outcomes: list[_Outcome]) -> str:
    return "\n\n".join(_section(outcome) for outcome in outcomes) + "\n"


def _section(outcome: _Outcome) -> str:
    """One file or link: its name (a link: the page's headline) as the heading, where it came from, then
    the summary and translation or the reason."""
    summary = outcome.summary
    heading = Path(outcome.source).name if outcome.key == "path" else outcome.source
    if outcome.key == "url" and summary is not None and summary.article.headline:
        heading = summary.article.headline
    facts = markdown_code(outcome.source)
    if summary is not None:
        facts += f" · {summary.article.language} · article {summary.article_id}"
    parts = [f"## {markdown_escape(heading)}", facts]
    if outcome.status != batch.DONE or summary is None:  # an input that is done always has its run
        parts.append(f"**{_('Failed')}:** {markdown_escape(outcome.reason)}")
        return "\n\n".join(parts)
    parts += [f"### {_('Summary')}", markdown_escape(summary.summary_text)]
    if summary.translation:
        parts += [f"### {_('English translation')}", markdown_escape(summary.translation)]
    return "\n\n".join(parts)
