"""Turning what a user submits into clean text: one extractor per format, chosen by file name.

No database and no models here; errors are IntakeError with a code the edge turns into a message.
"""

import hashlib
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings

from summaries.articles.intake import docx, html, pdf, plain, sandbox
from summaries.articles.intake.budget import RequestBudget
from summaries.articles.intake.text import normalise
from summaries.common.exceptions import IntakeError

# Plain text is decoded here (bounded by the upload size); the container formats, whose parsers a small
# hostile file can keep busy for minutes or make allocate gigabytes, are parsed in a limited child.
_EXTRACTORS: dict[str, tuple[str, Callable[..., str]]] = {
    ".txt": ("text", plain.extract),
    ".md": ("text", plain.extract),
    ".docx": ("docx", docx.extract),
    ".pdf": ("pdf", pdf.extract),
    ".html": ("html", html.extract),
    ".htm": ("html", html.extract),
}
ACCEPTED_EXTENSIONS = tuple(_EXTRACTORS)
# Text beyond this many characters is not read further: the article could never be accepted anyway.
_READ_BEYOND_LIMIT = 2


@dataclass(frozen=True)
class SourceFile:
    """The uploaded file as received, kept with the article so an editor can download it."""

    name: str
    data: bytes
    content_type: str

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Extracted:
    """Clean text from a file and the format it came in."""

    text: str
    source_format: str
    source_file: SourceFile


def extract(*, name: str, data: bytes, budget: RequestBudget | None = None) -> Extracted:
    """Pick the extractor by extension; its own checks catch content that does not match the name. With
    the request's `budget`, the file gets what the request has left and is charged what it took."""
    extension = PurePath(name).suffix.lower()
    if extension not in _EXTRACTORS:
        raise IntakeError("unsupported_type", extension=extension or name, accepted=", ".join(ACCEPTED_EXTENSIONS))
    source_format, extractor = _EXTRACTORS[extension]
    if source_format == "text":
        text = normalise(extractor(data))
    else:
        options: dict[str, Any] = {"max_chars": settings.SUMMARIES_MAX_ARTICLE_CHARS * _READ_BEYOND_LIMIT}
        if source_format == "docx":
            options["max_unpacked"] = settings.SUMMARIES_MAX_UNPACKED_BYTES
        one = sandbox.Budget.from_settings() if budget is None else budget.per_file()
        if one is None:
            raise IntakeError("not_read_budget", seconds=settings.SUMMARIES_REQUEST_EXTRACT_SECONDS)
        meter = budget.spend if budget is not None else None
        text = normalise(sandbox.run(extractor, data, one, meter=meter, **options))
    # The type is taken from the name, never from what the client claims.
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Extracted(text=text, source_format=source_format, source_file=SourceFile(name, data, content_type))
