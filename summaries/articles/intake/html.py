"""Web pages: the article body only (no navigation, footers, scripts or styles), as plain text.

trafilatura decodes the bytes itself (honouring <meta charset>) and returns text, never markup, so
nothing from the page can reach the app's own HTML.
"""

from summaries.articles.intake.decoding import looks_binary
from summaries.common.exceptions import IntakeError


def extract(data: bytes, *, max_chars: int) -> str:
    """Main text of the page; IntakeError when the page holds no article."""
    import trafilatura

    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IntakeError("binary")
    text = trafilatura.extract(
        data,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_precision=True,
        output_format="txt",
    )
    if not text or not text.strip():
        raise IntakeError("html_no_article")
    if looks_binary(text):
        raise IntakeError("binary")
    if len(text) > max_chars:
        raise IntakeError("too_long", length=len(text), max=max_chars)
    return text
