"""A published summary as a file: Markdown, plain text or JSON, with the original beside it."""

import json
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Summary

FORMATS = ("md", "txt", "json")


@dataclass(frozen=True)
class Export:
    """The file's body, media type and download name."""

    content: str
    content_type: str
    filename: str


def summary_export(*, summary: Summary, fmt: str) -> Export:
    """The approved summary in the chosen format; `fmt` must be one of FORMATS."""
    filename = f"summary-{summary.article_id}.{fmt}"
    if fmt == "json":
        return Export(json.dumps(_as_data(summary), ensure_ascii=False, indent=2) + "\n", "application/json", filename)
    if fmt == "md":
        return Export(_as_markdown(summary), "text/markdown; charset=utf-8", filename)
    if fmt == "txt":
        return Export(_as_text(summary), "text/plain; charset=utf-8", filename)
    raise ValueError(f"unknown export format {fmt!r}")


def _as_data(summary: Summary) -> dict[str, object]:
    article = summary.article
    return {
        "article_id": str(article.pk),
        "title": summary.title,
        "summary": summary.text,
        "summary_language": "en",
        "original": article.source_text,
        "original_language": article.language,
        "strategy": summary.strategy,
        "length": summary.length,
        "revision": summary.revision,
        "approved_at": summary.reviewed_at.isoformat() if summary.reviewed_at else None,
        "translation_model": summary.translation_model,
        "summarization_model": summary.summarization_model,
        "submitted_at": article.created_at.isoformat(),
    }


def _as_markdown(summary: Summary) -> str:
    facts = [f"- {_('Original language')}: {summary.article.language}"]
    if summary.reviewed_at:
        facts.insert(0, f"- {_('Approved')}: {summary.reviewed_at:%Y-%m-%d %H:%M} UTC")
    sections = [
        f"# {summary.title or _('Summary')}",
        "\n".join(facts),
        f"## {_('Summary')}",
        summary.text,
        f"## {_('Original')}",
        summary.article.source_text,
    ]
    return "\n\n".join(sections) + "\n"


def _as_text(summary: Summary) -> str:
    parts = [summary.title, summary.text, f"— {_('Original')} ({summary.article.language}) —", summary.article.source_text]
    return "\n\n".join(part for part in parts if part) + "\n"
