"""Run the pipeline synchronously on one file (.txt, .md, .docx, .pdf, .html), without a worker."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from summaries.exceptions import IntakeError
from summaries.intake import ACCEPTED_EXTENSIONS, extract
from summaries.models import Article
from summaries.services.processing import summary_process
from summaries.services.submission import article_submit
from summaries.status import article_result


class Command(BaseCommand):
    help = (
        "Translate (if needed) and summarize one article file in this process and print the result. "
        f"Accepted: {', '.join(ACCEPTED_EXTENSIONS)}; text files in UTF-8, UTF-16, Windows-1256 or ISO-8859-6."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The article file.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object instead of text.")
        parser.add_argument("--language", help="Source language code, instead of detecting it (ar, en, ...).")
        parser.add_argument("--force-new", action="store_true", help="Process again even if the text was seen before.")

    def handle(self, *args: object, path: Path, json: bool, language: str | None, force_new: bool, **options: object) -> None:
        try:
            extracted = extract(name=path.name, data=_read_bytes(path))
            submission = article_submit(
                text=extracted.text, origin=Article.Origin.COMMAND, language=language, extracted=extracted,
                force_new=force_new, enqueue=False,
            )
        except IntakeError as exc:
            if json:
                self.stdout.write(_as_json({"status": "refused", "error": exc.message, "code": exc.code}))
            raise CommandError(f"{path}: {exc.message}") from exc
        article = submission.article
        summary = article.latest_summary
        if not submission.reused:
            summary_process(summary_id=summary.pk)
            summary.refresh_from_db()
        result = {**article_result(article, summary), "reused": submission.reused}
        self.stdout.write(_as_json(result) if json else _as_text(result))
        if summary.status == summary.Status.FAILED:
            raise CommandError(f"{path}: {summary.error_text}")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise CommandError(f"{path}: no such file") from exc
    except OSError as exc:
        raise CommandError(f"{path}: cannot read: {exc.strerror}") from exc


def _as_json(result: dict[str, object]) -> str:
    return json.dumps(result, ensure_ascii=False)


def _as_text(result: dict[str, object]) -> str:
    lines = [f"status: {result['status']}", f"language: {result['language']}"]
    if result["reused"]:
        lines.append("(the same text was summarized before; showing that result)")
    if result["error"]:
        lines.append(f"error: {result['error']}")
    if result["translation"]:
        lines += ["", "translation:", str(result["translation"])]
    if result["summary"]:
        lines += ["", "summary:", str(result["summary"])]
    return "\n".join(lines)
