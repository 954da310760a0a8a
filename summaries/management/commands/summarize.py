"""Summarize article files from the command line: here, one after the other, or through the workers
(--queue); results as JSON Lines or Markdown.

Standard error carries the command's own lines (skipped and failed files) and its progress bar; the app's
and the libraries' INFO logging and model-loading bars only with --verbose."""

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

from summaries.exports import markdown_code, markdown_escape
from summaries.intake import ACCEPTED_EXTENSIONS
from summaries.models import Summary
from summaries.services import batch
from summaries.status import article_result

FORMATS = ("jsonl", "md")


class Command(BaseCommand):
    help = (
        "Translate (if needed) and summarize article files; folders are searched recursively. "
        f"Accepted: {', '.join(ACCEPTED_EXTENSIONS)}; text files in UTF-8, UTF-16, Windows-1256 or ISO-8859-6. "
        "Exits with status 1, after writing every result, when any file failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="Article files and/or folders.")
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
        paths: list[Path],
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
        paths: list[Path],
        *,
        options: batch.RunOptions,
        queue: bool,
        timeout: float,
        no_progress: bool,
        output: Path | None,
        markdown: bool,
    ) -> None:
        files, skipped = batch.batch_collect(paths)
        for path in skipped:
            self.stderr.write(f"skipped {path}: not one of {', '.join(ACCEPTED_EXTENSIONS)}")
        if not files:
            raise CommandError("nothing to summarize: no accepted files found")
        with _progress(total=len(files), enabled=not no_progress) as step:
            results = self._run(files, options=options, queue=queue, timeout=timeout, on_finished=step)
        self._write(_as_markdown(results) if markdown else _as_jsonl(results), output)
        failed = [result for result in results if not result.ok]
        for result in failed:
            self.stderr.write(f"{result.path}: {result.reason}")
        if failed:
            raise CommandError(f"{len(failed)} of {len(results)} files failed")

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
def _progress(*, total: int, enabled: bool) -> Iterator[Callable[[batch.FileResult], None]]:
    """A bar of files done on standard error, drawn only on a terminal (disable=None), with log lines
    printed above it rather than through it; yields the callback that advances it."""
    with tqdm(total=total, unit="file", disable=None if enabled else True) as bar, logging_redirect_tqdm():

        def step(result: batch.FileResult) -> None:
            bar.set_postfix_str(result.path.name, refresh=False)
            bar.update()

        yield step


def _as_jsonl(results: list[batch.FileResult]) -> str:
    return "".join(json.dumps(_record(result), ensure_ascii=False) + "\n" for result in results)


def _record(result: batch.FileResult) -> dict[str, object]:
    """article_result's fields, with the file, this batch's verdict and the grounding flags."""
    record: dict[str, object] = {"path": str(result.path)}
    if result.summary is not None:
        record |= article_result(result.summary.article, result.summary) | {
            "strategy": result.summary.strategy,
            "length": result.summary.length,
            "grounding": _flags(result.summary),
        }
    return record | {
        "status": result.status,
        "reused": result.reused,
        "code": result.code or None,
        "error": result.reason or None,
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


def _as_markdown(results: list[batch.FileResult]) -> str:
    return "\n\n".join(_section(result) for result in results) + "\n"


def _section(result: batch.FileResult) -> str:
    """One file: its name as the heading, where it came from, then the summary and translation or the reason."""
    facts = markdown_code(str(result.path))
    if result.summary is not None:
        facts += f" · {result.summary.article.language} · article {result.summary.article_id}"
    parts = [f"## {markdown_escape(result.path.name)}", facts]
    if not result.ok or result.summary is None:  # a file that is done always has its run
        parts.append(f"**{_('Failed')}:** {markdown_escape(result.reason)}")
        return "\n\n".join(parts)
    parts += [f"### {_('Summary')}", markdown_escape(result.summary.summary_text)]
    if result.summary.translation:
        parts += [f"### {_('English translation')}", markdown_escape(result.summary.translation)]
    return "\n\n".join(parts)
