"""Hugging Face transformers backend: AutoTokenizer + AutoModelForSeq2SeqLM and `generate`.

transformers 5 dropped the summarization/translation pipeline tasks, so tokenizing, generating
and decoding are done here directly. torch is imported only when a model is loaded. `generate` applies the
model's own generation config (generation.py states it for both backends); only what the app's settings
override is passed.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from summaries.engines import hub
from summaries.engines.backends import count_tokens, input_limit, short_reason
from summaries.engines.base import DoneCallback, ModelLoadError
from summaries.engines.generation import GenerationSettings, from_generation_config

logger = logging.getLogger(__name__)


@dataclass
class TransformersSeq2Seq:
    """A loaded tokenizer/model pair on one device."""

    model_id: str
    tokenizer: Any
    model: Any
    device: str
    max_input_tokens: int
    generation: GenerationSettings
    backend: str = "transformers"

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return count_tokens(self.tokenizer, texts)

    def generate(
        self,
        texts: Sequence[str],
        *,
        num_beams: int | None = None,
        max_new_tokens: int | None = None,
        min_new_tokens: int | None = None,
        on_done: DoneCallback | None = None,
    ) -> list[str]:
        """One batched generate call; inputs are expected to fit `max_input_tokens` already."""
        tokens = self.generate_tokens(
            texts, num_beams=num_beams, max_new_tokens=max_new_tokens, min_new_tokens=min_new_tokens
        )
        decoded = [text.strip() for text in self.tokenizer.batch_decode(tokens, skip_special_tokens=True)]
        if on_done is not None:  # one generate call: the whole batch is ready at once
            on_done(len(decoded))
        return decoded

    def generate_tokens(
        self,
        texts: Sequence[str],
        *,
        num_beams: int | None = None,
        max_new_tokens: int | None = None,
        min_new_tokens: int | None = None,
    ) -> list[list[int]]:
        """The written tokens of each output (no start, end or padding tokens). The lengths go to transformers
        as totals that count the decoder's start token, as its own max_length and min_length do."""
        import torch

        settings = self.generation.with_overrides(
            num_beams=num_beams, max_new_tokens=max_new_tokens, min_new_tokens=min_new_tokens
        )
        batch = self._inputs(list(texts))
        with torch.inference_mode():
            output = self.model.generate(
                **batch,
                num_beams=settings.num_beams,
                max_length=settings.max_new_tokens + 1,
                min_length=settings.min_new_tokens + 1,
            )
        unwritten = {self.tokenizer.pad_token_id, *settings.eos_token_ids}
        return [[token for token in row[1:] if token not in unwritten] for row in output.tolist()]

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[float]:
        """The model's mean log-probability of each target token given the source (forced decoding), over the
        tokens the model may write (suppressed ones left out, as generation leaves them out); a forced
        first token is certain."""
        import torch

        batch = self._inputs(list(sources))
        labels = self.tokenizer(  # as the CTranslate2 backend: one position is the decoder's start token
            text_target=list(targets),
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=self.max_input_tokens - 1,
        )["input_ids"].to(self.device)
        mask = labels != self.tokenizer.pad_token_id
        with torch.inference_mode():
            logits = self.model(**batch, labels=labels.masked_fill(~mask, -100)).logits.float()
            suppressed = [token for token in self.generation.suppressed_tokens if token < logits.shape[-1]]
            logits[..., suppressed] = float("-inf")
            chosen = torch.log_softmax(logits, dim=-1).gather(-1, labels.unsqueeze(-1)).squeeze(-1)
            if self.generation.forced_bos_token_id is not None:
                forced = labels[:, 0] == self.generation.forced_bos_token_id
                chosen[:, 0] = torch.where(forced, torch.zeros_like(chosen[:, 0]), chosen[:, 0])
            chosen = torch.where(
                mask, chosen, torch.zeros_like(chosen)
            )  # padding (a left-out token) counts for nothing
            return (chosen.sum(dim=1) / mask.sum(dim=1).clamp(min=1)).tolist()

    def _inputs(self, texts: list[str]) -> Any:
        """Tokenized and on the device. An id the embedding does not have (distilbart's tokenizer has one
        more entry than its model: <mask>, which an article may contain as text) becomes <unk>, as it does
        in the CTranslate2 copy's vocabulary."""
        batch = self.tokenizer(
            texts, return_tensors="pt", padding=True, truncation=True, max_length=self.max_input_tokens
        )
        size = self.model.get_input_embeddings().num_embeddings
        batch["input_ids"] = batch["input_ids"].masked_fill(batch["input_ids"] >= size, self.tokenizer.unk_token_id)
        return batch.to(self.device)


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
    positions = getattr(model.config, "max_position_embeddings", None)
    max_input_tokens = input_limit(positions, tokenizer.model_max_length)
    generation = from_generation_config(model.generation_config, max_positions=positions)
    logger.info(
        "loaded model %s on %s (input limit %d tokens; generation %s)", model_id, device, max_input_tokens, generation
    )
    return TransformersSeq2Seq(model_id, tokenizer, model, device, max_input_tokens, generation)


def _resolve_device(device: str) -> str:
    if device == "auto":
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"
    return device
