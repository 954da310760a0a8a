"""`manage.py download_models`: local model folders need nothing, and an offline machine is told what to do."""

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


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
