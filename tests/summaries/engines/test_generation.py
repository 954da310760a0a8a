"""The models' own generation settings, read as transformers reads them, with the app's laid over them."""

import shutil

import pytest

from summaries.engines import generation
from tests.model_factory import DISTILBART_CNN, OPUS_MT_AR_EN


@pytest.fixture
def distilbart(tmp_path):
    """distilbart-cnn-12-6's repository has no generation_config.json: the keys are in its config.json."""
    shutil.copy(DISTILBART_CNN / "config.json", tmp_path / "config.json")
    return tmp_path


@pytest.fixture
def opus_mt(tmp_path):
    for name in ("config.json", "generation_config.json"):
        shutil.copy(OPUS_MT_AR_EN / name, tmp_path / name)
    return tmp_path


class TestRead:
    def test_distilbart_cnn_from_its_config(self, distilbart):
        settings = generation.read(distilbart, max_positions=1024)
        assert (settings.num_beams, settings.min_new_tokens, settings.max_new_tokens) == (4, 55, 141)
        assert (settings.length_penalty, settings.no_repeat_ngram_size, settings.early_stopping) == (2.0, 3, True)
        assert (settings.decoder_start_token_id, settings.forced_bos_token_id) == (2, 0)
        assert (settings.eos_token_ids, settings.forced_eos_token_ids, settings.suppressed) == ((2,), (2,), ())

    def test_opus_mt_ar_en_from_its_generation_config(self, opus_mt):
        settings = generation.read(opus_mt, max_positions=512)
        assert (settings.num_beams, settings.min_new_tokens, settings.max_new_tokens) == (4, 0, 511)
        assert (settings.length_penalty, settings.no_repeat_ngram_size, settings.early_stopping) == (1.0, 0, False)
        assert (settings.decoder_start_token_id, settings.forced_bos_token_id) == (62833, None)
        assert settings.eos_token_ids == settings.forced_eos_token_ids == (0,)
        assert settings.suppressed == ((62833,),) and settings.suppressed_tokens == [62833]

    def test_a_model_that_sets_nothing_gets_transformers_defaults(self, tmp_path):
        (tmp_path / "config.json").write_text('{"model_type": "bart"}')
        settings = generation.read(tmp_path)
        assert (settings.num_beams, settings.max_new_tokens, settings.min_new_tokens) == (1, 20, 0)

    def test_kept_beside_a_converted_copy_and_read_back(self, opus_mt, tmp_path):
        settings = generation.read(opus_mt, max_positions=512)
        generation.write(settings, tmp_path)
        assert generation.load(tmp_path) == settings
        assert generation.load(tmp_path / "elsewhere") is None


class TestOverrides:
    @pytest.fixture
    def model(self, distilbart):
        return generation.read(distilbart, max_positions=64)

    def test_unset_keeps_the_models_own(self, model):
        assert model.with_overrides() == model.with_overrides(num_beams=None, max_new_tokens=None)
        assert model.with_overrides().num_beams == 4

    def test_set_values_win_and_the_rest_stay(self, model):
        chosen = model.with_overrides(num_beams=1, max_new_tokens=20, min_new_tokens=5)
        assert (chosen.num_beams, chosen.max_new_tokens, chosen.min_new_tokens) == (1, 20, 5)
        assert (chosen.length_penalty, chosen.no_repeat_ngram_size) == (2.0, 3)

    def test_outputs_fit_the_decoders_positions_and_the_minimum_never_exceeds_the_maximum(self, model):
        assert model.with_overrides().max_new_tokens == 63  # one of the 64 positions is the start token
        assert model.with_overrides(max_new_tokens=500).max_new_tokens == 63
        assert model.with_overrides(max_new_tokens=10).min_new_tokens == 10  # the model's 55, capped
