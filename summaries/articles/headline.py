"""What an article is called at the top of its pages and in its exports.

A newsroom reads the headline first. The page's or feed's own headline is the article's; without one, the
first line of the text when it reads as a headline (short, on a line of its own, not ending a sentence);
else the editors' English headline; else one made from the summary's first sentence (or, before there is a
summary, the text's), which the page marks as generated so that nobody quotes it as the outlet's.
"""

import re
from dataclasses import dataclass
from textwrap import shorten
from typing import TYPE_CHECKING

from summaries.articles.models import Article
from summaries.common.bidi import balanced_bidi

if TYPE_CHECKING:
    from summaries.runs.models import Summary

# A first line longer than this, or ending like a sentence, is the article's first sentence, not a headline.
_MAX_HEADLINE_CHARACTERS = 150
_MAX_HEADLINE_WORDS = 20
_SENTENCE_END = (".", "!", "?", "؟", "…", ":", "،", ",", ";", "؛")
_GENERATED_CHARACTERS = 90


@dataclass(frozen=True)
class Headline:
    text: str
    language: str  # the language it is written in: the article's, or "en" for an editor's or a generated one
    generated: bool = False
    source: str = "page"  # "page", "first_line", "editor" or "generated": where it came from


def article_headline(article: Article, *, title: str = "", summary_text: str = "") -> Headline | None:
    """The headline to show; `title` is the editors' headline, `summary_text` the summary. None when there
    is nothing to make one from (a link not read yet)."""
    if article.headline.strip():
        return Headline(_clean(article.headline), article.language, source="page")
    first = first_line_headline(article.source_text)
    if first:
        return Headline(first, article.language, source="first_line")
    if title.strip():
        return Headline(_clean(title), "en", source="editor")
    basis, language = (summary_text, "en") if summary_text.strip() else (article.source_text, article.language)
    sentence = _first_sentence(basis)
    if not sentence:
        return None
    return Headline(shorten(sentence, _GENERATED_CHARACTERS, placeholder=" …"), language, True, "generated")


def headline_for(article: Article, summary: "Summary | None") -> Headline | None:
    """The headline of an article with its latest run: a finished run's review gives the editors' headline
    and the summary to make one from."""
    review = getattr(summary, "review", None) if summary is not None and summary.status == "done" else None
    return article_headline(article, title=review.title if review else "", summary_text=review.text if review else "")


def first_line_headline(text: str) -> str:
    """The text's first line when it stands alone above the rest and reads as a headline, else ""."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if len(lines) < 2:
        return ""
    first = _clean(lines[0])
    words = first.split()
    if len(first) > _MAX_HEADLINE_CHARACTERS or not 2 <= len(words) <= _MAX_HEADLINE_WORDS:
        return ""
    return "" if first.rstrip("\"'»”)] ").endswith(_SENTENCE_END) else first


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    match = re.match(r"(.+?[.!?؟])(?:\s|$)", flat)
    return match.group(1) if match else flat


def _clean(text: str) -> str:
    return balanced_bidi(" ".join(text.split()))
