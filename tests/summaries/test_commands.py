"""Management commands: summarize (synchronous pipeline) and download_models (offline behaviour)."""

import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


class TestSummarize:
    def test_json_output_has_the_result(self, capsys, arabic_article, tmp_path):
        path = tmp_path / "article.txt"
        path.write_text(arabic_article, encoding="utf-8")
        call_command("summarize", str(path), "--json")
        result = json.loads(capsys.readouterr().out)
        assert result["status"] == "done"
        assert result["language"] == "ar"
        assert result["translation"].strip()
        assert result["summary"].strip()
        assert result["error"] is None

    def test_text_output(self, capsys, tmp_path):
        path = tmp_path / "article.txt"
        path.write_text("The presidents of Russia and Egypt signed an agreement today.", encoding="utf-8")
        call_command("summarize", str(path))
        out = capsys.readouterr().out
        assert "status: done" in out
        assert "summary:" in out

    def test_failure_exits_with_the_reason(self, capsys, arabic_article, tmp_path, settings):
        settings.SUMMARIES_TRANSLATION_MODEL = str(tmp_path / "missing")
        path = tmp_path / "article.txt"
        path.write_text(arabic_article, encoding="utf-8")
        with pytest.raises(CommandError, match="TRANSLATION_MODEL"):
            call_command("summarize", str(path), "--json")
        assert json.loads(capsys.readouterr().out)["status"] == "failed"

    def test_non_utf8_file_is_refused_clearly(self, tmp_path):
        path = tmp_path / "article.txt"
        path.write_bytes("نص عربي".encode("cp1256"))
        with pytest.raises(CommandError, match="not valid UTF-8"):
            call_command("summarize", str(path))

    def test_missing_file(self, tmp_path):
        with pytest.raises(CommandError, match="no such file"):
            call_command("summarize", str(tmp_path / "nope.txt"))


class TestDownloadModels:
    def test_local_directories_need_no_download(self, capsys):
        call_command("download_models")
        assert capsys.readouterr().out.count("is a local directory; nothing to download") == 2

    def test_offline_machine_fails_with_instructions(self, settings, monkeypatch):
        """HF_HUB_OFFLINE is set in tests, as the hub is unreachable here: the command must say how to proceed."""
        settings.SUMMARIES_TRANSLATION_MODEL = "Helsinki-NLP/opus-mt-ar-en"
        with pytest.raises(CommandError) as caught:
            call_command("download_models")
        assert "Helsinki-NLP/opus-mt-ar-en" in str(caught.value)
        assert "internet access" in str(caught.value)
