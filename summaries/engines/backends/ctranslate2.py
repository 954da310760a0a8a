"""CTranslate2 backend: the same Seq2SeqBackend shape on int8 models converted by `convert_models`.

Several times faster than transformers on a CPU. The tokenizer is the Hugging Face one saved next to
the converted weights, so text goes through exactly the same tokenization as with transformers.
"""

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base import ModelLoadError
from . import count_tokens, input_limit, short_reason
from ..conversion import converted_dir

logger = logging.getLogger(__name__)


@dataclass
class CTranslate2Seq2Seq:
    model_id: str
    tokenizer: Any
    translator: Any
    max_input_tokens: int

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return count_tokens(self.tokenizer, texts)

    def generate(
        self, texts: Sequence[str], *, num_beams: int, max_new_tokens: int, min_new_tokens: int = 0
    ) -> list[str]:
        ids = self.tokenizer(list(texts), truncation=True, max_length=self.max_input_tokens)["input_ids"]
        tokens = [self.tokenizer.convert_ids_to_tokens(sequence) for sequence in ids]
        results = self.translator.translate_batch(
            # Capped at the model's positions like the transformers backend, so both behave the same.
            tokens, beam_size=num_beams, max_decoding_length=min(max_new_tokens, self.max_input_tokens),
            min_decoding_length=min(min_new_tokens, self.max_input_tokens),
            max_batch_size=0,
        )
        return [
            self.tokenizer.decode(
                self.tokenizer.convert_tokens_to_ids(result.hypotheses[0]), skip_special_tokens=True
            ).strip()
            for result in results
        ]


def load(model_id: str, *, device: str, threads: int = 0) -> CTranslate2Seq2Seq:
    """Load the converted copy of `model_id` (or `model_id` itself if it is a converted directory)."""
    directory = Path(model_id) if (Path(model_id) / "model.bin").exists() else converted_dir(model_id)
    if not (directory / "model.bin").exists():
        raise ModelLoadError(
            model_id, f"no CTranslate2 copy in {directory}; run `python manage.py convert_models` first"
        )
    try:
        import ctranslate2
        from transformers import AutoTokenizer

        resolved = _resolve_device(device, ctranslate2)
        translator = ctranslate2.Translator(
            str(directory), device=resolved, compute_type="int8" if resolved == "cpu" else "int8_float16",
            # 0 would mean CTranslate2's default of 4 threads, which oversubscribes small machines.
            intra_threads=threads or os.cpu_count() or 1,
        )
        tokenizer = AutoTokenizer.from_pretrained(str(directory), local_files_only=True)
    except Exception as exc:  # noqa: BLE001 - the loader is the boundary: any failure means "cannot load"
        raise ModelLoadError(model_id, short_reason(exc)) from exc
    limit = input_limit(tokenizer.model_max_length)
    logger.info("loaded CTranslate2 model %s from %s on %s (input limit %d)", model_id, directory, resolved, limit)
    return CTranslate2Seq2Seq(model_id, tokenizer, translator, limit)


def _resolve_device(device: str, ctranslate2: Any) -> str:
    if device == "auto":
        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    return device
