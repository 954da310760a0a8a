"""Inference backends; each loads a model and runs `generate` behind the Seq2SeqBackend shape."""

from collections.abc import Sequence
from typing import Any


def count_tokens(tokenizer: Any, texts: Sequence[str]) -> list[int]:
    """Token counts as a model will see them, special tokens included, never truncated."""
    if not texts:
        return []
    return [len(ids) for ids in tokenizer(list(texts), truncation=False, verbose=False)["input_ids"]]


def input_limit(*limits: int | None) -> int:
    """The smallest declared input limit; tokenizers without one report a huge sentinel, ignored here."""
    return min((limit for limit in limits if limit and limit < 1_000_000), default=512)


def short_reason(exc: Exception) -> str:
    """The first line of a library's message: enough to tell 'not found' from 'offline'."""
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__
