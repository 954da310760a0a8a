"""The per-process model cache: load once, reuse, clear."""

import pytest

from summaries.engines import cache


class TestCache:
    def test_model_is_loaded_once_and_reused(self, tiny_models):
        first = cache.get_model(str(tiny_models.translation), backend="transformers")
        assert cache.get_model(str(tiny_models.translation), backend="transformers") is first
        assert (str(tiny_models.translation), "transformers", "cpu") in cache.cached_keys()

    def test_clear_cache_forces_a_fresh_load(self, tiny_models):
        first = cache.get_model(str(tiny_models.translation), backend="transformers")
        cache.clear_cache()
        assert cache.cached_keys() == []
        assert cache.get_model(str(tiny_models.translation), backend="transformers") is not first


def test_a_soft_time_limit_during_loading_arrives_after_the_model_is_loaded(monkeypatch) -> None:
    """Celery's soft limit (SIGUSR1) mid-load would leave torch half-imported; it is held until the load ends,
    then raised, and the loaded model stays cached for the worker's next job."""
    import os
    import signal

    class SoftLimit(Exception):
        pass

    events: list[str] = []

    def handler(signum, frame):
        events.append("signal")
        raise SoftLimit

    def slow_load(model_id: str, **options: object) -> object:
        os.kill(os.getpid(), signal.SIGUSR1)  # the limit passes while loading
        events.append("loaded")
        return object()

    previous = signal.signal(signal.SIGUSR1, handler)
    monkeypatch.setattr(cache, "_load", slow_load)
    cache.clear_cache()
    try:
        with pytest.raises(SoftLimit):
            cache.get_model("some/model", backend="transformers")
        assert events == ["loaded", "signal"]
        assert cache.cached_keys() == [("some/model", "transformers", "cpu")]
    finally:
        signal.signal(signal.SIGUSR1, previous)
        cache.clear_cache()
