"""Plain text and Markdown files."""

from summaries.articles.intake.decoding import decode


def extract(data: bytes) -> str:
    """The file's text, decoded from whatever encoding it was saved in."""
    return decode(data)
