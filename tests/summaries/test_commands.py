"""Management commands: summarize on one file (synchronous pipeline, any accepted format) and download_models.

Several files, folders, Markdown and --output are in test_summarize_command.py.
"""

import json

import pytest
from django.core.management import CommandError, call_command

from summaries.models import Article, Summary

from ..documents import docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

ENGLISH = "The presidents of Russia and Egypt signed a comprehensive partnership agreement in Moscow today."


def run_json(capsys, path, *args):
    call_command("summarize", str(path), "--no-progress", *args)
    (line,) = capsys.readouterr().out.splitlines()
    return json.loads(line)


def refused(path, capsys):
    """Run the command on a file it must refuse; the reason it gives on standard error."""
    with pytest.raises(CommandError, match="1 of 1 files failed"):
        call_command("summarize", str(path), "--no-progress")
    return capsys.readouterr().err


class TestSummarize:
    def test_json_output_has_the_result(self, capsys, arabic_article, tmp_path):
        path = tmp_path / "article.txt"
        path.write_text(arabic_article, encoding="utf-8")
        result = run_json(capsys, path)
        assert result["path"] == str(path)
        assert result["status"] == "done"
        assert result["language"] == "ar"
        assert result["translation"].strip()
        assert result["summary"].strip()
        assert result["error"] is None and result["code"] is None
        assert result["reused"] is False
        assert set(result["grounding"]) == {"method", "flagged_summary_sentences", "flagged_translations"}
        assert Article.objects.get().origin == Article.Origin.COMMAND

    @pytest.mark.parametrize("encoding", ["cp1256", "iso8859_6", "utf-16"])
    def test_legacy_encodings(self, capsys, arabic_article, tmp_path, encoding):
        path = tmp_path / "article.txt"
        path.write_bytes(arabic_article.encode(encoding))
        assert run_json(capsys, path)["status"] == "done"
        assert Article.objects.get().source_text == arabic_article.strip()

    def test_docx_and_pdf(self, capsys, arabic_article, tmp_path):
        paragraphs = [line for line in arabic_article.splitlines() if line.strip()]
        (tmp_path / "a.docx").write_bytes(docx_bytes(paragraphs[:3]))
        (tmp_path / "b.pdf").write_bytes(pdf_bytes(paragraphs[3:6]))
        assert run_json(capsys, tmp_path / "a.docx")["language"] == "ar"
        assert run_json(capsys, tmp_path / "b.pdf")["status"] == "done"
        assert {article.source_format for article in Article.objects.all()} == {"docx", "pdf"}

    def test_language_override(self, capsys, tmp_path):
        path = tmp_path / "article.md"
        path.write_text(ENGLISH, encoding="utf-8")
        assert run_json(capsys, path, "--language", "en")["language"] == "en"
        assert Article.objects.get().language_overridden is True

    def test_duplicate_reuses_the_result_without_running_models(self, capsys, tmp_path, settings):
        path = tmp_path / "article.txt"
        path.write_text(ENGLISH, encoding="utf-8")
        first = run_json(capsys, path)
        settings.SUMMARIES_TRANSLATION_MODEL = str(tmp_path / "would-fail-if-loaded")
        again = run_json(capsys, path)
        assert again["reused"] is True
        assert again["article_id"] == first["article_id"]
        assert run_json(capsys, path, "--force-new")["article_id"] != first["article_id"]

    def test_a_missing_model_exits_with_the_reason_and_the_key_sentences(self, capsys, arabic_article, tmp_path, settings):
        """Without the translation model the file fails here, says which model and how to fetch it, and still
        gives the Arabic key sentences; its run waits for a worker to complete it once the model is here."""
        settings.SUMMARIES_TRANSLATION_MODEL = "Helsinki-NLP/opus-mt-ar-en"  # not in this test's cache
        path = tmp_path / "article.txt"
        path.write_text(arabic_article, encoding="utf-8")
        with pytest.raises(CommandError, match="1 of 1 files failed"):
            call_command("summarize", str(path), "--no-progress")
        out, err = capsys.readouterr()
        result = json.loads(out)
        assert result["status"] == "failed" and result["code"] == "models_missing"
        assert len(result["key_sentences"]) == 5 and all(sentence in arabic_article for sentence in result["key_sentences"])
        assert f"{path}: " in err and "Helsinki-NLP/opus-mt-ar-en" in err and "download_models" in err
        assert Summary.objects.get().status == Summary.Status.WAITING

    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            ("a.bin", b"\x00\x01", "Files of type “.bin” are not accepted."),
            ("a.txt", b"MZ\x90\x00\x03" + bytes(range(256)) * 4, "The file does not contain text"),
            ("a.docx", b"MZ\x90\x00", "The file is not a Word document (.docx), although its name says so."),
        ],
    )
    def test_bad_files_are_refused_clearly(self, capsys, tmp_path, name, data, message):
        path = tmp_path / name
        path.write_bytes(data)
        assert f"{path}: {message}" in refused(path, capsys)
        assert Article.objects.count() == 0

    def test_refusal_is_json_too(self, capsys, tmp_path):
        path = tmp_path / "short.txt"
        path.write_text("قصير جدا", encoding="utf-8")
        with pytest.raises(CommandError):
            call_command("summarize", str(path), "--no-progress")
        assert json.loads(capsys.readouterr().out) == {
            "path": str(path), "status": "refused", "reused": False, "code": "too_short",
            "error": "The text is too short to summarize: 8 characters; at least 80 are needed.",
        }

    def test_missing_file(self, capsys, tmp_path):
        path = tmp_path / "nope.txt"
        assert f"{path}: no such file" in refused(path, capsys)


class TestDownloadModels:
    def test_local_directories_need_no_download(self, capsys):
        call_command("download_models")
        assert capsys.readouterr().out.count("is a local directory; nothing to download") == 2

    def test_offline_machine_fails_with_instructions(self, settings, capsys):
        """HF_HUB_OFFLINE is set in tests, as the hub is unreachable here: the command must say how to proceed."""
        settings.SUMMARIES_TRANSLATION_MODEL = "Helsinki-NLP/opus-mt-ar-en"
        with pytest.raises(CommandError) as caught:
            call_command("download_models")
        assert "Helsinki-NLP/opus-mt-ar-en" in str(caught.value) and "HF_HUB_OFFLINE" in str(caught.value)
        advice = capsys.readouterr().err
        assert "download_models` on a machine that reaches the hub" in advice and "TRANSLATION_MODEL" in advice
