"""Word .docx files: paragraphs (headings and table cells included) in document order.

A .docx is a zip holding `word/document.xml`. Both are read as streams with caps, never whole: the zip's
declared sizes are checked first, the bytes actually unpacked are counted as they come (a zip can lie about
its sizes), and the XML is parsed element by element (lxml iterparse, elements freed as they are read),
counting elements and text. So a small hostile file, such as 48 MB of empty paragraphs packed into 100 KB,
is refused with its reason instead of building a document tree of gigabytes.
"""

import io
import zipfile
from collections.abc import Iterator
from typing import IO

from summaries.common.exceptions import IntakeError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH, _TEXT, _TAB, _BREAK, _CARRIAGE = f"{_W}p", f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
# A news article has hundreds of paragraphs and a few thousand XML elements; far more is a hostile file.
MAX_ELEMENTS = 500_000


def extract(data: bytes, *, max_unpacked: int, max_chars: int) -> str:
    """Paragraph texts in order, one per line; refuses non-zips, zip bombs and documents beyond the caps."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise IntakeError("not_docx") from exc
    with archive:
        _check_declared(archive, max_unpacked)
        try:
            with archive.open("word/document.xml") as member:
                return "\n".join(_paragraphs(_Capped(member, max_unpacked), max_chars))
        except (zipfile.BadZipFile, EOFError, OSError) as exc:  # a damaged member, or one that lied about itself
            raise IntakeError("not_docx") from exc


def _check_declared(archive: zipfile.ZipFile, limit: int) -> None:
    if "word/document.xml" not in archive.namelist():
        raise IntakeError("not_docx")
    declared = sum(info.file_size for info in archive.infolist())
    if declared > limit:
        raise IntakeError("docx_too_large", size=declared, max=limit)


class _Capped(io.RawIOBase):
    """A stream that counts what it hands on and stops past `limit` bytes, however large the zip said it was."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self.stream, self.limit, self.count = stream, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        chunk = self.stream.read(len(buffer))
        self.count += len(chunk)
        if self.count > self.limit:
            raise IntakeError("docx_too_large", size=self.count, max=self.limit)
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _paragraphs(stream: io.RawIOBase, max_chars: int) -> Iterator[str]:
    """Each <w:p>'s text (runs, tabs and line breaks) as its end tag is read; elements are freed behind."""
    from lxml import etree

    elements = chars = 0
    parser = etree.iterparse(
        stream,
        events=("end",),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
    )
    try:
        for _event, element in parser:
            elements += 1
            if elements > MAX_ELEMENTS:
                raise IntakeError("too_complex", limit=f"{MAX_ELEMENTS} XML elements")
            if element.tag != _PARAGRAPH:
                continue
            text = "".join(_run_texts(element))
            chars += len(text)
            if chars > max_chars:
                raise IntakeError("too_long", length=chars, max=max_chars)
            yield text
            element.clear()
            while element.getprevious() is not None:  # what was read before is never needed again
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise IntakeError("not_docx") from exc


def _run_texts(paragraph: object) -> Iterator[str]:
    for node in paragraph.iter(_TEXT, _TAB, _BREAK, _CARRIAGE):  # type: ignore[attr-defined]
        if node.tag == _TEXT:
            yield node.text or ""
        else:
            yield "\t" if node.tag == _TAB else "\n"
