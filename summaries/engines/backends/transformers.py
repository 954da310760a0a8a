"""Hugging Face transformers backend: AutoTokenizer + AutoModelForSeq2SeqLM and `generate`.

transformers 5 dropped the summarization/translation pipeline tasks, so tokenizing, generating
and decoding are done here directly. torch is imported only when a model is loaded.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import hub
from ..base import DoneCallback, ModelLoadError
from . import count_tokens, input_limit, short_reason

logger = logging.getLogger(__name__)


@dataclass
class TransformersSeq2Seq:
    """A loaded tokenizer/model pair on one device."""

    model_id: str
    tokenizer: Any
    model: Any
    device: str
    max_input_tokens: int
    backend: str = "transformers"

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return count_tokens(self.tokenizer, texts)

    def generate(
        self,
        texts: Sequence[str],
        *,
        num_beams: int,
        max_new_tokens: int,
        min_new_tokens: int = 0,
        on_done: DoneCallback | None = None,
    ) -> list[str]:
        """One batched generate call; inputs are expected to fit `max_input_tokens` already. Outputs are
        capped at the model's positions too: asking for more would crash generation instead of stopping it."""
        import torch

        batch = self.tokenizer(
            list(texts), return_tensors="pt", padding=True, truncation=True, max_length=self.max_input_tokens
        ).to(self.device)
        with torch.inference_mode():
            output = self.model.generate(
                **batch,
                num_beams=num_beams,
                max_new_tokens=min(max_new_tokens, self.max_input_tokens),
                min_new_tokens=min(min_new_tokens, self.max_input_tokens) or None,
            )
        decoded = [text.strip() for text in self.tokenizer.batch_decode(output, skip_special_tokens=True)]
        if on_done is not None:  # one generate call: the whole batch is ready at once
            on_done(len(decoded))
        return decoded

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[float]:
        """The model's mean log-probability of each target token given the source (the loss, per sentence)."""
        import torch

        batch = self.tokenizer(
            list(sources), return_tensors="pt", padding=True, truncation=True, max_length=self.max_input_tokens
        ).to(self.device)
        labels = self.tokenizer(  # as the CTranslate2 backend: one position is the decoder's start token
            text_target=list(targets),
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=self.max_input_tokens - 1,
        )["input_ids"].to(self.device)
        mask = labels != self.tokenizer.pad_token_id
        with torch.inference_mode():
            logits = self.model(**batch, labels=labels.masked_fill(~mask, -100)).logits
        chosen = torch.log_softmax(logits.float(), dim=-1).gather(-1, labels.unsqueeze(-1)).squeeze(-1)
        return ((chosen * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1)).tolist()


def load(model_id: str, *, device: str) -> TransformersSeq2Seq:
    """Load from a hub id already in the Hugging Face cache, or from a `save_pretrained` directory."""
    source = hub.local_copy(model_id)
    if source is None:
        raise ModelLoadError(model_id, "not on this machine (neither a local directory nor in the Hugging Face cache)")
    try:
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        # Never download in a worker: the background fetcher or `manage.py download_models` fills the
        # cache, so loading never waits on the network.
        tokenizer = AutoTokenizer.from_pretrained(str(source), local_files_only=True)
        model = AutoModelForSeq2SeqLM.from_pretrained(str(source), local_files_only=True)
        device = _resolve_device(device)
        model.to(device)
        model.eval()
    except Exception as exc:
        logger.warning("could not load model %s on %s: %s", model_id, device, exc)
        raise ModelLoadError(model_id, short_reason(exc)) from exc
    max_input_tokens = input_limit(getattr(model.config, "max_position_embeddings", None), tokenizer.model_max_length)
    logger.info("loaded model %s on %s (input limit %d tokens)", model_id, device, max_input_tokens)
    return TransformersSeq2Seq(model_id, tokenizer, model, device, max_input_tokens)


def _resolve_device(device: str) -> str:
    if device == "auto":
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"
    return device
