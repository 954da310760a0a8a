"""The shapes every engine and backend share, with no torch import so the web process stays light."""

from collections.abc import Callable, Sequence
from typing import Protocol

from summaries.engines.generation import GenerationSettings

ProgressCallback = Callable[[int, int], None]
# Told how many inputs of one generate call are finished so far, in order, as they finish.
DoneCallback = Callable[[int], None]


class ModelLoadError(Exception):
    """A backend could not load a model; the engine interface turns this into a user-facing error."""

    def __init__(self, model_id: str, reason: str) -> None:
        super().__init__(f"{model_id}: {reason}")
        self.model_id = model_id
        self.reason = reason


class Seq2SeqBackend(Protocol):
    """A loaded sequence-to-sequence model: count tokens, and turn a batch of inputs into outputs with the
    model's own generation settings (`generation`), the ones given here overriding them."""

    model_id: str
    max_input_tokens: int
    backend: str  # "transformers" or "ctranslate2"
    device: str
    generation: GenerationSettings

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    def generate(
        self,
        texts: Sequence[str],
        *,
        num_beams: int | None = None,
        max_new_tokens: int | None = None,
        min_new_tokens: int | None = None,
        on_done: DoneCallback | None = None,
    ) -> list[str]: ...

    def generate_tokens(
        self,
        texts: Sequence[str],
        *,
        num_beams: int | None = None,
        max_new_tokens: int | None = None,
        min_new_tokens: int | None = None,
    ) -> list[list[int]]:
        """What `generate` writes, as token ids (no start, end or padding tokens): for comparing backends."""
        ...

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[float]:
        """Mean log-probability per token of each target given its source (forced decoding)."""
        ...


class TextEngine(Protocol):
    """What the pipeline calls: a list of texts in, one output per input, in order."""

    model_id: str

    def __call__(self, texts: list[str], *, on_progress: ProgressCallback | None = None) -> list[str]: ...
