"""`manage.py convert_models` writes CTranslate2 copies that the ctranslate2 backend then loads."""

import pytest
from django.core.management import CommandError, call_command

from summaries import engines


class TestConvertModels:
    def test_converts_the_configured_models_and_they_load(self, settings, tmp_path, capsys):
        settings.SUMMARIES_CT2_DIR = tmp_path / "ct2"
        call_command("convert_models")
        assert len(list((tmp_path / "ct2").glob("*/model.bin"))) == 2
        assert capsys.readouterr().out.count(" -> ") == 2
        settings.SUMMARIES_INFERENCE_BACKEND = "ctranslate2"
        assert engines.get_translator("ar")(["وقّع الرئيسان الروسي والمصري اليوم على اتفاقية"])[0].strip()

    def test_model_not_available_locally(self, settings, tmp_path):
        settings.SUMMARIES_CT2_DIR = tmp_path / "ct2"
        settings.SUMMARIES_SUMMARIZATION_MODEL = "someone/not-in-the-cache"
        with pytest.raises(CommandError, match="download_models"):
            call_command("convert_models")
