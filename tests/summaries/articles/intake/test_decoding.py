"""Text files in every encoding a newsroom meets give back exactly the original Arabic."""

import codecs

import pytest

from summaries.articles.intake.decoding import decode
from summaries.common.exceptions import IntakeError


class TestDecode:
    @pytest.mark.parametrize("encoding", ["cp1256", "iso8859_6"])
    def test_arabic_code_pages_round_trip_exactly(self, arabic_article, encoding):
        assert decode(arabic_article.encode(encoding)) == arabic_article

    @pytest.mark.parametrize("encoding", ["cp1256", "iso8859_6"])
    def test_a_short_arabic_paragraph_is_not_confused(self, arabic_article, encoding):
        paragraph = arabic_article.splitlines()[1]
        assert decode(paragraph.encode(encoding)) == paragraph

    def test_utf8_with_and_without_bom(self, arabic_article):
        assert decode(arabic_article.encode("utf-8")) == arabic_article
        assert decode(codecs.BOM_UTF8 + arabic_article.encode("utf-8")) == arabic_article

    @pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
    def test_utf16_with_bom(self, arabic_article, encoding):
        bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
        assert decode(bom + arabic_article.encode(encoding)) == arabic_article

    def test_binary_data_is_refused(self):
        with pytest.raises(IntakeError) as caught:
            decode(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" * 50)
        assert caught.value.code == "binary"

    def test_control_characters_without_nul_are_binary_too(self):
        with pytest.raises(IntakeError) as caught:
            decode(bytes(range(1, 32)) * 20 + "نص".encode())
        assert caught.value.code == "binary"
