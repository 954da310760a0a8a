"""Build test documents in every accepted format from the real Arabic fixture text.

DejaVu Sans (Debian's fonts-dejavu-core) draws the Arabic in PDFs; harfbuzz shaping gives the
PDFs real word processors write, and the unshaped variant gives text stored in visual order.
"""

import io
import zipfile
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def docx_bytes(paragraphs: list[str], *, heading: str | None = None) -> bytes:
    from docx import Document

    document = Document()
    if heading:
        document.add_heading(heading, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(paragraphs: list[str], *, shaped: bool = True) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=11)
    if shaped:
        pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="ar")
    for paragraph in paragraphs:
        pdf.multi_cell(0, 7, paragraph)
        pdf.ln(4)
    return bytes(pdf.output())


def scanned_pdf_bytes() -> bytes:
    """A page with only drawn shapes, as a scanner's image-only PDF has no text layer."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    for row in range(30):
        pdf.rect(20, 20 + row * 8, 170, 4, style="F")
    return bytes(pdf.output())


def encrypted_pdf_bytes(paragraphs: list[str]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(paragraphs))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def html_page_bytes(paragraphs: list[str], *, encoding: str = "utf-8") -> bytes:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    page = (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="{encoding}"><title>خبر</title>'
        "<style>body { color: red }</style><script>document.write('SCRIPT-TEXT')</script></head><body>"
        "<nav><a href='/'>الرئيسية</a> <a href='/sport'>رياضة NAV-TEXT</a></nav>"
        f"<article><h1>بوتين والسيسي يوقعان اتفاقية الشراكة</h1>{body}</article>"
        "<footer>جميع الحقوق محفوظة FOOTER-TEXT</footer><script>var tracking = 'SCRIPT-TEXT';</script></body></html>"
    )
    return page.encode(encoding)


def zip_bomb_docx_bytes(unpacked_bytes: int) -> bytes:
    """A .docx-shaped zip with a member that declares a huge uncompressed size."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * unpacked_bytes)
    return buffer.getvalue()
