"""A summary as a file: Markdown, plain text or JSON, with its English translation and the original.

Used for a finished run on the article page and for an approved summary on the published page.
"""

import json
import re
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.translation import gettext as _

from summaries.articles.headline import Headline, headline_for
from summaries.articles.models import Article
from summaries.common.bidi import balanced_bidi
from summaries.common.formatting import language_label
from summaries.review.models import Review
from summaries.runs.models import Summary

FORMATS = ("md", "txt", "json")


@dataclass(frozen=True)
class Export:
    """The file's body, media type and download name."""

    content: str
    content_type: str
    filename: str


def summary_export(*, summary: Summary, fmt: str) -> Export:
    """The summary as it reads now (edits included) in the chosen format; `fmt` must be one of FORMATS."""
    filename = f"summary-{summary.article_id}.{fmt}"
    if fmt == "json":
        return Export(json.dumps(_as_data(summary), ensure_ascii=False, indent=2) + "\n", "application/json", filename)
    if fmt == "md":
        return Export(_as_markdown(summary), "text/markdown; charset=utf-8", filename)
    if fmt == "txt":
        return Export(_as_text(summary), "text/plain; charset=utf-8", filename)
    raise ValueError(f"unknown export format {fmt!r}")


def export_response(export: Export) -> HttpResponse:
    """A download, never rendered by the browser."""
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _as_data(summary: Summary) -> dict[str, object]:
    article = summary.article
    return {
        "article_id": str(article.pk),
        "title": summary.review.title,
        "headline": _headline_data(export_headline(summary)),
        "summary": summary.review.text,
        "summary_language": "en",
        "translation": summary.translation,
        "original": article.source_text,
        "original_language": article.language,
        "strategy": summary.strategy,
        "length": summary.length,
        "revision": summary.review.revision,
        "review_state": summary.review.state,
        "approved_at": summary.review.reviewed_at.isoformat()
        if summary.review.reviewed_at and summary.review.state == Review.State.APPROVED
        else None,
        "translation_model": summary.translation_model,
        "summarization_model": summary.summarization_model,
        "submitted_at": article.created_at.isoformat(),
        "source": _source(article) if article.url else None,
    }


def _source(article: Article) -> dict[str, object]:
    """Where a link's or feed entry's text was read: the page, who published it and when it was read."""
    return {
        "url": article.url,
        "final_url": article.final_url or article.url,
        "headline": article.headline,
        "outlet": article.outlet,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "fetched_at": article.fetched_at.isoformat() if article.fetched_at else None,
    }


def export_headline(summary: Summary) -> Headline | None:
    """What a file is headed with: the editors' English headline, else the article's (articles/headline.py)."""
    if summary.review.title.strip():
        return Headline(balanced_bidi(" ".join(summary.review.title.split())), "en", source="editor")
    return headline_for(summary.article, summary)


def _headline_data(headline: Headline | None) -> dict[str, object] | None:
    if headline is None:
        return None
    return {"text": headline.text, "language": headline.language, "generated": headline.generated}


def _headline_line(headline: Headline | None) -> str:
    if headline is None:
        return _("Summary")
    return headline.text + (f" ({_('generated headline')})" if headline.generated else "")


def _as_markdown(summary: Summary) -> str:
    """Submitted and edited text is escaped: in a Markdown viewer it reads as the words it is, never as
    live markup (HTML, links, images, headings)."""
    article = summary.article
    facts = [f"- {_('Original language')}: {markdown_escape(language_label(article.language))}"]
    if article.url:  # the address as a code span: shown exactly, never a live link the page could choose
        facts.append(f"- {_('Source')}: {markdown_code(article.final_url or article.url)}")
        if article.outlet:
            facts.append(f"- {_('Outlet')}: {markdown_escape(article.outlet)}")
        if article.published_on:
            facts.append(f"- {_('Date on the page')}: {article.published_on:%Y-%m-%d}")
    review = summary.review
    if review.state == Review.State.APPROVED and review.reviewed_at:
        facts.insert(0, f"- {_('Approved')}: {review.reviewed_at:%Y-%m-%d %H:%M} UTC")
    title = markdown_escape(_headline_line(export_headline(summary)))
    sections = [f"# {title}", "\n".join(facts), f"## {_('Summary')}", markdown_escape(review.text)]
    if summary.translation:
        sections += [f"## {_('English translation')}", markdown_escape(summary.translation)]
    sections += [f"## {_('Original')}", markdown_escape(summary.article.source_text)]
    return "\n\n".join(sections) + "\n"


def _as_text(summary: Summary) -> str:
    article = summary.article
    parts = [_headline_line(export_headline(summary)), summary.review.text]
    if article.url:
        published = f", {article.published_on:%Y-%m-%d}" if article.published_on else ""
        outlet = f"{article.outlet}{published}: " if article.outlet else ""
        parts.append(f"{_('Source')}: {outlet}{article.final_url or article.url}")
    if summary.translation:
        parts.append(f"— {_('English translation')} —\n\n{summary.translation}")
    parts.append(f"— {_('Original')} ({language_label(article.language)}) —\n\n{article.source_text}")
    return "\n\n".join(part for part in parts if part) + "\n"


# What can start markup anywhere in a line (emphasis, code, links, images, tables, strikethrough), and
# what can only at a line's start (headings, lists, block quotes, setext underlines, ordered lists).
_INLINE = re.compile(r"([\\`*_\[\]()!|~])")
_LINE_START = re.compile(r"^(\s*|\s*\d+)([#+\-=]|(?<=\d)[.)])", re.MULTILINE)
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def markdown_escape(text: str) -> str:
    """Text that CommonMark and GitHub-flavoured Markdown render literally: no emphasis, link, image,
    heading, list, table or raw HTML can come out of it, and no autolink but a plain web address. HTML's
    own characters become entities (a backslash cannot escape a tag)."""
    escaped = _INLINE.sub(r"\\\1", text.translate(_HTML))
    return _LINE_START.sub(lambda match: match.group(1) + "\\" + match.group(2), escaped)


def markdown_code(text: str) -> str:
    """Text as a code span, shown exactly as it is (a file path): fenced by more backticks than it holds."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text.replace(chr(10), ' ')}{padding}{fence}"
