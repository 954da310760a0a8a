"""The CTranslate2 backend spreads a translator's batches over single-threaded replicas, in order, and
refuses a model with no converted copy by naming the command that makes one."""

import pytest
from django.test import override_settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from summaries import engines
from summaries.common.exceptions import EngineError
from summaries.engines import conversion
from summaries.engines.backends import ctranslate2 as ct2_backend
from summaries.engines.segmentation import split_sentences
from tests.model_factory import build_marian


class TestEvenChunks:
    @given(count=st.integers(min_value=2, max_value=300), replicas=st.integers(min_value=2, max_value=8))
    @hypothesis_settings(max_examples=200, deadline=None, derandomize=True, database=None)
    def test_chunks_are_small_even_in_order_and_shared_out_evenly(self, count, replicas):
        """Every item once, in order; no empty chunk; sizes at most _CHUNK and within one of each other; a
        multiple of `replicas` chunks, or one item each when there are fewer items than replicas."""
        items = list(range(count))
        chunks = ct2_backend.even_chunks(items, replicas)
        sizes = [len(chunk) for chunk in chunks]
        assert [item for chunk in chunks for item in chunk] == items
        assert min(sizes) >= 1
        assert max(sizes) - min(sizes) <= 1
        assert max(sizes) <= ct2_backend._CHUNK
        assert len(chunks) % replicas == 0 or len(chunks) == count < replicas

    @pytest.mark.parametrize(("count", "sizes"), [(12, [6, 6]), (16, [8, 8]), (17, [5, 4, 4, 4]), (3, [2, 1])])
    def test_sizes_on_two_cores(self, count, sizes):
        assert [len(chunk) for chunk in ct2_backend.even_chunks(list(range(count)), 2)] == sizes

    @pytest.mark.parametrize(("count", "replicas"), [(0, 2), (1, 2), (16, 1)])
    def test_one_replica_or_one_input_is_one_batch(self, count, replicas):
        items = list(range(count))
        assert ct2_backend.even_chunks(items, replicas) == [items]


class TestReplicas:
    @pytest.fixture
    def ctranslate2(self, settings, ct2_dir):
        settings.SUMMARIES_INFERENCE_BACKEND = "ctranslate2"
        settings.SUMMARIES_CT2_DIR = ct2_dir
        settings.SUMMARIES_CPU_THREADS = 2

    def test_translator_gets_a_replica_per_thread_and_the_summarizer_one_with_all_threads(self, ctranslate2):
        translator = engines.get_translator("ar").backend
        summarizer = engines.get_summarizer().backend
        assert (translator.replicas, translator.translator.num_translators) == (2, 2)
        assert (summarizer.replicas, summarizer.translator.num_translators) == (1, 1)

    def test_spread_batch_gives_the_same_translations_in_the_same_order(self, tmp_path, arabic_article):
        """Chunks run concurrently and finish in any order; outputs still line up with their inputs. The
        model has large random weights, so different sentences get different outputs."""
        sentences = split_sentences(arabic_article)
        model = build_marian(tmp_path / "marian", arabic_article.splitlines(), init_std=1.0)
        with override_settings(SUMMARIES_CT2_DIR=tmp_path / "ct2"):
            directory = str(conversion.convert(str(model)))
        backend = ct2_backend.load(directory, device="cpu", threads=2, parallel_inputs=True)
        options = {"num_beams": 2, "max_new_tokens": 12}
        spread = backend.generate(sentences, **options)
        backend = ct2_backend.load(directory, device="cpu", threads=2)
        whole = backend.generate(sentences, **options)
        one_by_one = [backend.generate([sentence], **options)[0] for sentence in sentences]
        assert len(set(one_by_one)) > len(sentences) // 2, "inputs give distinct outputs, so order is tested"
        assert spread == whole == one_by_one


class TestMissingCopy:
    def test_unconverted_model_fails_with_the_command_to_run(self, settings, tmp_path):
        settings.SUMMARIES_CT2_DIR = tmp_path / "empty"
        settings.SUMMARIES_INFERENCE_BACKEND = "ctranslate2"
        with pytest.raises(EngineError, match="convert_models"):
            engines.get_summarizer()
