"""The per-process model cache: load once, reuse, clear."""

from summaries.engines import cache


class TestCache:
    def test_model_is_loaded_once_and_reused(self, tiny_models):
        first = cache.get_model(str(tiny_models.translation))
        assert cache.get_model(str(tiny_models.translation)) is first
        assert (str(tiny_models.translation), "transformers", "cpu") in cache.cached_keys()

    def test_clear_cache_forces_a_fresh_load(self, tiny_models):
        first = cache.get_model(str(tiny_models.translation))
        cache.clear_cache()
        assert cache.cached_keys() == []
        assert cache.get_model(str(tiny_models.translation)) is not first
