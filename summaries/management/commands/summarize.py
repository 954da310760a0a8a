"""Run the pipeline synchronously on a UTF-8 text file, without a worker, and print the result."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from summaries.exceptions import IntakeError
from summaries.models import Article
from summaries.services.processing import summary_process
from summaries.services.submission import article_submit
from summaries.status import article_result


class Command(BaseCommand):
    help = "Translate (if Arabic) and summarize a UTF-8 text file in this process, and print the result."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="A UTF-8 text file holding one article.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object instead of text.")

    def handle(self, *args: object, path: Path, json: bool, **options: object) -> None:
        text = _read_text(path)
        try:
            article = article_submit(text=text, origin=Article.Origin.COMMAND, enqueue=False)
        except IntakeError as exc:
            raise CommandError(f"{path}: {exc.message}") from exc
        summary = article.latest_summary
        summary_process(summary_id=summary.pk)
        summary.refresh_from_db()
        result = article_result(article, summary)
        self.stdout.write(_as_json(result) if json else _as_text(result))
        if summary.status != summary.Status.DONE:
            raise CommandError(f"{path}: {summary.error_message}")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise CommandError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: not valid UTF-8 text (byte {exc.start}); save it as UTF-8 and try again") from exc
    except OSError as exc:
        raise CommandError(f"{path}: cannot read: {exc.strerror}") from exc


def _as_json(result: dict[str, object]) -> str:
    return json.dumps(result, ensure_ascii=False)


def _as_text(result: dict[str, object]) -> str:
    lines = [f"status: {result['status']}", f"language: {result['language']}"]
    if result["error"]:
        lines.append(f"error: {result['error']}")
    if result["translation"]:
        lines += ["", "translation:", str(result["translation"])]
    if result["summary"]:
        lines += ["", "summary:", str(result["summary"])]
    return "\n".join(lines)
