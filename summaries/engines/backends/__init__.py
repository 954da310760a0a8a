"""Inference backends; each loads a model and runs `generate` behind the Seq2SeqBackend shape."""

from collections.abc import Sequence
from typing import Any


def count_tokens(tokenizer: Any, texts: Sequence[str]) -> list[int]:
    """Token counts as a model will see them, special tokens included, never truncated."""
    if not texts:
        return []
    return [len(ids) for ids in tokenizer(list(texts), truncation=False, verbose=False)["input_ids"]]
