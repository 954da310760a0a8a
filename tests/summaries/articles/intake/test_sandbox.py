"""Hostile files cannot exhaust the process that asked: parsers run in a limited child process."""

import io
import os
import resource
import zipfile

import pytest

from summaries.articles.intake import extract, sandbox
from summaries.common.exceptions import IntakeError

BUDGET = sandbox.Budget(memory_bytes=128 * 1024 * 1024, seconds=3)


def hog_memory(data: bytes) -> str:
    """Allocates far more than the budget, the way a parser building a huge tree does."""
    return str(len([bytes(1024 * 1024) for _ in range(4096)]))


def spin(data: bytes) -> str:
    while True:
        pass


def crash(data: bytes) -> str:
    os.abort()


def parser_error(data: bytes) -> str:
    raise KeyError("a parser's own bug, reached by hostile input")


def echo(data: bytes, *, suffix: str) -> str:
    return data.decode() + suffix


class TestRun:
    def test_the_text_comes_back(self):
        assert sandbox.run(echo, b"hello", BUDGET, suffix="!") == "hello!"

    def test_an_intake_error_comes_back_as_itself(self):
        with pytest.raises(IntakeError) as caught:
            sandbox.run(extract_docx_refusal, b"not a zip", BUDGET)
        assert caught.value.code == "not_docx"

    @pytest.mark.parametrize("hostile", [hog_memory, spin, crash], ids=["memory", "time", "crash"])
    def test_a_child_beyond_its_budget_is_refused_as_too_complex(self, hostile):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with pytest.raises(IntakeError) as caught:
            sandbox.run(hostile, b"", BUDGET)
        assert caught.value.code == "too_complex"
        grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        assert grown_mb < 64  # the child's memory was never this process's

    def test_any_other_parser_exception_is_unreadable(self):
        with pytest.raises(IntakeError) as caught:
            sandbox.run(parser_error, b"", BUDGET)
        assert caught.value.code == "unreadable"
        assert caught.value.message == "The file could not be read: it is damaged, or not what its name says."


def extract_docx_refusal(data: bytes) -> str:
    from summaries.articles.intake import docx

    return docx.extract(data, max_unpacked=1024, max_chars=1000)


def empty_paragraphs_docx(count: int) -> bytes:
    """A small .docx whose document.xml holds `count` empty paragraphs (6 bytes each before compression)."""
    body = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", body + b"<w:p/>" * count + b"</w:body></w:document>")
    return buffer.getvalue()


def test_a_small_docx_of_millions_of_empty_paragraphs_is_refused_without_growing_this_process():
    """The attack: ~48 MB of empty paragraphs in about 100 KB. python-docx built a tree of gigabytes for two
    minutes inside the request; now the elements are counted as they stream and the file is refused."""
    data = empty_paragraphs_docx(8_000_000)
    assert len(data) < 150_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(IntakeError) as caught:
        extract(name="flood.docx", data=data)
    assert caught.value.code == "too_complex"
    assert caught.value.message.startswith("The file is too complex to read within this site's limits")
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024 < 64


def pdf_with(objects: list[bytes], *, declared_entries: int | None = None) -> bytes:
    """A PDF of these objects with a correct xref table, unless `declared_entries` overstates its size."""
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (declared_entries or len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def one_page(contents: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>",
        contents,
    ]


def test_a_pdf_beyond_pypdfs_own_limits_is_refused_not_a_500():
    """pypdf raises LimitReachedError (here for an xref table declaring a billion entries); it was not
    caught, and the request ended in a 500."""
    data = pdf_with(one_page(b"<< /Length 0 >>\nstream\n\nendstream"), declared_entries=999_999_999)
    with pytest.raises(IntakeError) as caught:
        extract(name="limits.pdf", data=data)
    assert caught.value.code == "too_complex"


def test_a_pdf_whose_stream_inflates_to_hundreds_of_megabytes_is_refused_without_growing_this_process():
    import zlib

    stream = zlib.compress(b" " * (400 * 1024 * 1024), 9)
    data = pdf_with(
        one_page(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
    )
    assert len(data) < 1_000_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(IntakeError) as caught:
        extract(name="inflating.pdf", data=data)
    assert caught.value.code in {"too_complex", "pdf_no_text"}  # pypdf stops inflating at its limit: no text
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024 < 64


class TestMeter:
    """What a parse cost, told to the request's budget (articles/intake/budget.py)."""

    def test_a_parse_reports_its_time_and_how_much_the_child_grew(self):
        costs = []
        sandbox.run(grow, b"", BUDGET, meter=lambda seconds, memory: costs.append((seconds, memory)))
        [(seconds, memory)] = costs
        assert seconds > 0 and 40 * 1024 * 1024 <= memory < BUDGET.memory_bytes

    def test_a_child_stopped_for_memory_is_charged_its_whole_budget(self):
        costs = []
        with pytest.raises(IntakeError):
            sandbox.run(hog_memory, b"", BUDGET, meter=lambda seconds, memory: costs.append(memory))
        assert costs == [BUDGET.memory_bytes]


def grow(data: bytes) -> str:
    """Holds 48 MB at once (written, so resident), then lets it go."""
    held = [b"\x01" * (1024 * 1024) for _ in range(48)]
    return str(len(held))


def test_parses_beyond_the_process_concurrency_wait_for_a_turn_within_their_time(settings, monkeypatch):
    """EXTRACT_CONCURRENCY children at once per process: a parse that cannot get a turn within its budget is
    refused as too complex (its time went on waiting), and never starts a child."""
    import threading

    monkeypatch.setattr(sandbox, "_slot_semaphore", threading.BoundedSemaphore(1))
    sandbox._slots().acquire()  # another request's parse holds the only turn
    try:
        costs = []
        with pytest.raises(IntakeError) as caught:
            sandbox.run(
                echo, b"x", sandbox.Budget(BUDGET.memory_bytes, 0.3), suffix="", meter=lambda s, m: costs.append(s)
            )
        assert caught.value.code == "too_complex" and costs[0] >= 0.3
    finally:
        sandbox._slots().release()
    assert sandbox.run(echo, b"x", BUDGET, suffix="!") == "x!"
