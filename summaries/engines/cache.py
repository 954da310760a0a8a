"""Per-process model cache: each worker process loads a model once and reuses it for every job.

This is the one module-level mutable mapping the project allows; `clear_cache()` empties it.
"""

import logging
import threading

from .base import Seq2SeqBackend

logger = logging.getLogger(__name__)

_MODELS: dict[tuple[str, str, str], Seq2SeqBackend] = {}
_LOCK = threading.Lock()


def get_model(model_id: str, *, backend: str = "transformers", device: str = "cpu") -> Seq2SeqBackend:
    """Return the loaded model for this key, loading it on first use."""
    key = (model_id, backend, device)
    with _LOCK:
        if key not in _MODELS:
            _MODELS[key] = _load(model_id, backend=backend, device=device)
        return _MODELS[key]


def clear_cache() -> None:
    """Forget every loaded model (tests, or after settings change)."""
    with _LOCK:
        _MODELS.clear()


def cached_keys() -> list[tuple[str, str, str]]:
    """Keys currently loaded; lets tests and health checks see what is resident."""
    with _LOCK:
        return list(_MODELS)


def _load(model_id: str, *, backend: str, device: str) -> Seq2SeqBackend:
    if backend == "transformers":
        from .backends import transformers as transformers_backend

        return transformers_backend.load(model_id, device=device)
    raise ValueError(f"unknown engine backend {backend!r}")
