"""One test per accepted format, through the public `extract`, on the real Arabic fixture text."""

import pytest

from summaries.articles.intake import extract
from summaries.common.exceptions import IntakeError
from tests.documents import (
    docx_bytes,
    encrypted_pdf_bytes,
    html_page_bytes,
    pdf_bytes,
    scanned_pdf_bytes,
    zip_bomb_docx_bytes,
)


@pytest.fixture
def paragraphs(arabic_article):
    return [line for line in arabic_article.splitlines() if line.strip()]


def words(text: str) -> list[str]:
    return text.split()


class TestPlainText:
    @pytest.mark.parametrize("name", ["article.txt", "ARTICLE.MD"])
    def test_text_and_markdown(self, arabic_article, name):
        extracted = extract(name=name, data=arabic_article.encode("cp1256"))
        assert extracted.text == arabic_article.strip()
        assert extracted.source_format == "text"
        assert extracted.source_file.sha256 and extracted.source_file.size == len(arabic_article.encode("cp1256"))

    @pytest.mark.parametrize("newline", ["\r\n", "\r"])
    def test_line_endings_are_normalised(self, paragraphs, newline):
        extracted = extract(name="a.txt", data=newline.join(paragraphs).encode("utf-8"))
        assert extracted.text == "\n".join(paragraphs)


class TestDocx:
    def test_paragraphs_in_order_with_heading(self, paragraphs):
        extracted = extract(name="a.docx", data=docx_bytes(paragraphs, heading="بوتين والسيسي"))
        assert extracted.text == "\n".join(["بوتين والسيسي", *paragraphs])
        assert extracted.source_format == "docx"

    def test_executable_named_docx(self):
        with pytest.raises(IntakeError) as caught:
            extract(name="a.docx", data=b"MZ\x90\x00" + b"\x00" * 200)
        assert caught.value.code == "not_docx"

    def test_zip_bomb_is_refused_before_unpacking(self):
        with pytest.raises(IntakeError) as caught:
            extract(name="bomb.docx", data=zip_bomb_docx_bytes(60 * 1024 * 1024))
        assert caught.value.code == "docx_too_large"
        assert caught.value.message == (
            "The Word document would unpack to 60 MiB, more than the 50 MiB allowed; it may be damaged or hostile."
        )


class TestPdf:
    def test_shaped_arabic_pdf_in_logical_order(self, paragraphs):
        extracted = extract(name="a.pdf", data=pdf_bytes(paragraphs[:3]))
        assert words(extracted.text) == words(" ".join(paragraphs[:3]))
        assert extracted.source_format == "pdf"

    def test_visually_ordered_pdf_is_turned_back(self, paragraphs):
        """Writers that store Arabic right-to-left as drawn give reversed text; it is put back in order."""
        extracted = extract(name="a.pdf", data=pdf_bytes(paragraphs[:3], shaped=False))
        assert words(extracted.text) == words(" ".join(paragraphs[:3]))

    def test_scan_without_text_layer(self):
        with pytest.raises(IntakeError) as caught:
            extract(name="scan.pdf", data=scanned_pdf_bytes())
        assert caught.value.code == "pdf_no_text"

    def test_password_protected(self, paragraphs):
        with pytest.raises(IntakeError) as caught:
            extract(name="locked.pdf", data=encrypted_pdf_bytes(paragraphs[:2]))
        assert caught.value.code == "pdf_encrypted"

    def test_random_bytes_named_pdf(self):
        with pytest.raises(IntakeError) as caught:
            extract(name="a.pdf", data=bytes(range(256)) * 8)
        assert caught.value.code == "not_pdf"


class TestHtml:
    @pytest.mark.parametrize("encoding", ["utf-8", "windows-1256"])
    def test_article_body_only(self, paragraphs, encoding):
        extracted = extract(name="page.html", data=html_page_bytes(paragraphs[:4], encoding=encoding))
        for paragraph in paragraphs[:4]:
            assert paragraph in extracted.text
        for noise in ("SCRIPT-TEXT", "NAV-TEXT", "FOOTER-TEXT", "color: red", "<p>"):
            assert noise not in extracted.text
        assert extracted.source_format == "html"

    def test_page_without_article(self):
        with pytest.raises(IntakeError) as caught:
            extract(name="empty.htm", data=b"<html><head><script>var a = 1;</script></head><body></body></html>")
        assert caught.value.code == "html_no_article"


class TestUnsupported:
    def test_unknown_extension_lists_the_accepted_ones(self):
        with pytest.raises(IntakeError) as caught:
            extract(name="photo.jpg", data=b"\xff\xd8\xff")
        assert caught.value.message == (
            "Files of type “.jpg” are not accepted. Accepted types: .txt, .md, .docx, .pdf, .html, .htm."
        )
