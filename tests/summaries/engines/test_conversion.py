"""Converting to CTranslate2: the opus-mt copy carries a map of the entries its decoder can write."""

import json
import re

import pytest
from django.test import override_settings

from summaries.engines import conversion
from summaries.engines.backends import ctranslate2 as ct2_backend
from summaries.engines.segmentation import split_sentences
from tests.model_factory import build_marian

ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


def _pieces(path) -> set[str]:
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor(model_file=str(path))
    return {processor.id_to_piece(index) for index in range(processor.get_piece_size())}


class TestTargetVocabulary:
    def test_keeps_target_pieces_and_specials_and_drops_source_only_pieces(self, tiny_models):
        directory = tiny_models.translation
        kept = conversion.target_vocabulary(directory)
        vocabulary = json.loads((directory / "vocab.json").read_text(encoding="utf-8"))
        source, target = _pieces(directory / "source.spm"), _pieces(directory / "target.spm")
        assert kept is not None and len(kept) < len(vocabulary)
        assert target & set(vocabulary) <= set(kept)
        assert {"</s>", "<unk>", "<pad>"} <= set(kept)
        assert not (set(kept) & (source - target))
        kept_set = set(kept)
        assert kept == [token for token in vocabulary if token in kept_set], "in vocabulary order"

    def test_a_model_with_one_tokenizer_has_no_map(self, tiny_models):
        assert conversion.target_vocabulary(tiny_models.summarization) is None

    def test_copies_carry_the_map_only_when_there_is_one(self, ct2_dir, tiny_models):
        with override_settings(SUMMARIES_CT2_DIR=ct2_dir):
            marian = conversion.converted_dir(str(tiny_models.translation))
            bart = conversion.converted_dir(str(tiny_models.summarization))
        line = (marian / "vmap.txt").read_text(encoding="utf-8")
        assert line.startswith("\t") and line.split() == conversion.target_vocabulary(tiny_models.translation)
        assert not (bart / "vmap.txt").exists()

    def test_a_copy_made_without_the_map_is_converted_again(self, tmp_path, tiny_models):
        with override_settings(SUMMARIES_CT2_DIR=tmp_path):
            output = conversion.convert(str(tiny_models.translation))
            (output / "vmap.txt").unlink()
            assert conversion.convert(str(tiny_models.translation)) == output
        assert (output / "vmap.txt").exists()


class TestDecodingWithTheMap:
    @pytest.fixture
    def converted(self, tmp_path, arabic_article):
        """A tiny opus-mt-like model with large random weights, which happily writes Arabic pieces."""
        root = tmp_path
        model = build_marian(root / "marian", arabic_article.splitlines(), init_std=1.0, writes_source_pieces=True)
        with override_settings(SUMMARIES_CT2_DIR=root / "ct2"):
            return conversion.convert(str(model))

    def test_the_decoder_writes_only_target_entries_and_the_setting_turns_it_off(self, converted, arabic_article):
        sentences = split_sentences(arabic_article)
        options = {"num_beams": 4, "max_new_tokens": 12}
        mapped = ct2_backend.load(str(converted), device="cpu", threads=1)
        whole = ct2_backend.load(str(converted), device="cpu", threads=1, vocabulary_map=False)
        assert (mapped.use_vmap, whole.use_vmap) == (True, False)
        assert any(ARABIC_LETTER.search(output) for output in whole.generate(sentences, **options)), (
            "without the map this model writes source-only (Arabic) pieces"
        )
        outputs = mapped.generate(sentences, **options)
        assert all(output.strip() for output in outputs)
        assert not any(ARABIC_LETTER.search(output) for output in outputs)
