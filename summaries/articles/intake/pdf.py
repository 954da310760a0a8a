"""PDF files with a text layer: text in logical reading order, one paragraph per line.

Many PDF writers store Arabic in visual order (characters reversed, as drawn right to left). When the
extracted text reads backwards, each line is turned back into logical order.
"""

import io
import re
from typing import TYPE_CHECKING

from summaries.articles.intake.text import visible_length
from summaries.common.exceptions import IntakeError

if TYPE_CHECKING:
    from pypdf import PdfReader

# Frequent Arabic function words; in visually ordered text they come out reversed (في -> يف).
_COMMON_WORDS = {"في", "من", "على", "أن", "إلى", "التي", "الذي", "عن", "مع", "هذا", "كما", "بين"}
_REVERSED_WORDS = {word[::-1] for word in _COMMON_WORDS}
_LTR_RUN = re.compile(r"[0-9A-Za-z\u0660-\u0669](?:[0-9A-Za-z\u0660-\u0669.,:%/\-]*[0-9A-Za-z\u0660-\u0669])?")
_MIRRORED = str.maketrans("()[]{}«»<>", ")(][}{»«><")
_SENTENCE_END = re.compile(r"[.!?؟:]$")
# Fewer visible characters than this per page means the "text layer" is page numbers or nothing.
_MIN_CHARS_PER_PAGE = 20


def extract(data: bytes, *, max_chars: int) -> str:
    """Text of every page; separate messages for non-PDFs, encrypted PDFs, scans and files beyond pypdf's
    own safety limits (a stream that would inflate to hundreds of megabytes)."""
    if b"%PDF-" not in data[:1024]:
        raise IntakeError("not_pdf")
    lines = _read_lines(data, max_chars)
    if _reads_backwards(lines):
        lines = [_to_logical(line) for line in lines]
    return _join_lines(lines)


def _read_lines(data: bytes, max_chars: int) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, LimitReachedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise IntakeError("pdf_encrypted")
        pages, chars = [], 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            chars += len(pages[-1])
            if chars > max_chars:
                raise IntakeError("too_long", length=chars, max=max_chars)
    except FileNotDecryptedError as exc:
        raise IntakeError("pdf_encrypted") from exc
    except LimitReachedError as exc:
        raise IntakeError("too_complex") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise IntakeError("pdf_damaged") from exc
    text = "\n".join(pages)
    if visible_length(text) < _MIN_CHARS_PER_PAGE * max(1, len(pages)) / 2:
        raise IntakeError("pdf_no_text")
    return text.split("\n")


def _opens_without_password(reader: "PdfReader") -> bool:
    """Some PDFs are encrypted with an empty user password (only printing is restricted)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # noqa: BLE001 - pypdf raises several types for unsupported ciphers; all mean "locked"
        return False


def _reads_backwards(lines: list[str]) -> bool:
    words = " ".join(lines).split()
    forwards = sum(1 for word in words if word in _COMMON_WORDS)
    backwards = sum(1 for word in words if word in _REVERSED_WORDS)
    return backwards > forwards


def _to_logical(line: str) -> str:
    """Reverse a visually ordered line, keeping numbers and Latin words the right way round."""
    reversed_line = line[::-1].translate(_MIRRORED)
    return _LTR_RUN.sub(lambda match: match.group(0)[::-1], reversed_line)


def _join_lines(lines: list[str]) -> str:
    """Wrapped lines join into paragraphs; a paragraph ends at a blank line or a line ending a sentence."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in (line.strip() for line in lines):
        if line:
            current.append(line)
        if current and (not line or _SENTENCE_END.search(line)):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs)
