"""The article in a fetched page: its text, title, author, date and language, without the site's menus,
headers, footers, scripts or lists of related links.

trafilatura finds the main text and the metadata and returns text, never markup, so nothing from the page
can reach the app's own HTML (as for uploaded pages, articles/intake/html.py).
"""

import logging
import re
from dataclasses import dataclass, replace

from django.conf import settings

from summaries.articles.intake import sandbox
from summaries.articles.intake.language import detect_language
from summaries.articles.links import LinkRefused
from summaries.common.exceptions import IntakeError

logger = logging.getLogger(__name__)

# <html lang="ar-EG"> (or xml:lang): the primary language subtag.
_DECLARED_LANGUAGE = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([a-z]{2,3})\b", re.IGNORECASE)


@dataclass(frozen=True)
class ExtractedArticle:
    """The article's text and what the page says about it; `date` as trafilatura writes it (YYYY-MM-DD)."""

    text: str
    title: str | None
    author: str | None
    date: str | None
    language: str | None
    site_name: str | None = None


def extract_article(html: str, url: str) -> ExtractedArticle:
    """The page's main article; LinkRefused("link_not_article") when the page holds none (a home page or a
    menu only), "link_too_complex" when reading it needs more than the parsing sandbox allows.

    The page is parsed in the same memory- and time-limited child as uploaded files (articles/intake/sandbox.py):
    9 MB of tags took a worker 100 s and 1.5 GB it kept. The language is told here, from the text."""
    try:
        parsed = sandbox.run(parse_page, html.encode("utf-8"), sandbox.Budget.from_settings(), url=url)
    except LinkRefused:
        raise
    except IntakeError as error:  # the sandbox's own refusals: past its memory or time, or a parser crash
        logger.warning("page from %s not read: %s", url, error.code)
        raise LinkRefused("link_too_complex" if error.code == "too_complex" else "link_not_article") from error
    return replace(parsed, language=_language(parsed.language, parsed.text))


def parse_page(data: bytes, *, url: str) -> ExtractedArticle:
    """In the sandbox: trafilatura's main text and metadata; `language` is what <html lang> declares."""
    import trafilatura
    from trafilatura.settings import Document

    html = data.decode("utf-8")
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_precision=True,
    )
    if not isinstance(document, Document) or not (document.text or "").strip():
        raise LinkRefused("link_not_article")
    declared = _DECLARED_LANGUAGE.search(html[:20_000])
    return ExtractedArticle(
        text=(document.text or "").strip(),
        title=document.title or None,
        author=document.author or None,
        date=document.date or None,
        language=declared.group(1).lower() if declared else None,
        site_name=document.sitename or None,
    )


def _language(declared: str | None, text: str) -> str | None:
    """The detector's answer on the article text when it is sure; else what the page declares in <html
    lang> (a site template's default is wrong more often than a confident detector)."""
    detection = detect_language(text)
    if detection.language and detection.confidence >= settings.SUMMARIES_LANGUAGE_MIN_CONFIDENCE:
        if declared and declared != detection.language:
            logger.info("page declares %s, its article reads as %s", declared, detection.language)
        return detection.language
    return declared
