"""Word .docx files: paragraphs (headings included) in document order, after checking the zip is sane."""

import io
import zipfile

from django.conf import settings

from ..exceptions import IntakeError


def extract(data: bytes) -> str:
    """Body paragraphs and table cells in order; refuses non-zip files and zip bombs before unpacking."""
    _check_archive(data)
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise IntakeError("not_docx") from exc
    return "\n".join(_block_texts(document))


def _check_archive(data: bytes) -> None:
    limit = settings.SUMMARIES_MAX_UNPACKED_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise IntakeError("not_docx") from exc
    if "word/document.xml" not in names:
        raise IntakeError("not_docx")
    if unpacked > limit:
        raise IntakeError("docx_too_large", size=unpacked, max=limit)


def _block_texts(document: object) -> list[str]:
    """Paragraphs and tables in the order they appear in the body."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    texts: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            texts.append(block.text)
        elif isinstance(block, Table):
            texts.extend(cell.text for row in block.rows for cell in row.cells)
    return texts
