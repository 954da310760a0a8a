"""bytes -> str for text files: BOMs, UTF-8, UTF-16, Windows-1256 and ISO-8859-6, refusing binary data.

UTF-8 is tried strictly first because valid UTF-8 is almost never anything else; the Arabic single-byte
code pages are then told apart by charset-normalizer, which scores the decoded text's plausibility.
"""

import codecs

from charset_normalizer import from_bytes

from summaries.common.exceptions import IntakeError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Single-byte encodings a newsroom file realistically arrives in, Arabic ones first.
_CANDIDATES = ["cp1256", "iso8859_6", "cp1252", "iso8859_1", "utf_16"]
# Share of control characters (other than line breaks and tabs) above which decoded "text" is binary.
_MAX_CONTROL_SHARE = 0.02


def decode(data: bytes) -> str:
    """Decode a text file's bytes; raise IntakeError('binary') or IntakeError('unknown_encoding')."""
    text = _decode_with_bom(data)
    if text is None:
        if b"\x00" in data:
            raise IntakeError("binary")
        text = _decode_utf8(data)
    if text is None:
        text = _decode_guessed(data)
    if looks_binary(text):
        raise IntakeError("binary")
    return text


def looks_binary(text: str) -> bool:
    """Whether decoded text is mostly control characters, as bytes of a program or image would be."""
    if not text:
        return False
    controls = sum(1 for char in text if (ord(char) < 32 and char not in "\n\r\t\f") or char == "\ufffd")
    return controls / len(text) > _MAX_CONTROL_SHARE


def _decode_with_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise IntakeError("unknown_encoding") from exc
    return None


def _decode_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decode_guessed(data: bytes) -> str:
    match = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if match is None:
        raise IntakeError("unknown_encoding")
    return str(match)
