"""CTranslate2 backend: the same Seq2SeqBackend shape on int8 models converted by `convert_models`.

Several times faster than transformers on a CPU. The tokenizer is the Hugging Face one saved next to
the converted weights, so text goes through exactly the same tokenization as with transformers.

A model called with many short inputs (translation: one call per batch of sentences) runs as one
single-threaded replica per core, the replicas sharing the weights, and each batch is spread over them
in even chunks. Beam search on a few dozen hypotheses is too small a job for two threads to share, so
on two cores this is ~1.7x faster than one two-threaded model. A model called with one long input at a
time (summarization) keeps one replica with all the threads, since one input cannot be spread.
"""

import json
import logging
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summaries.engines import generation
from summaries.engines.backends import count_tokens, ct2_decoding, input_limit, short_reason
from summaries.engines.base import DoneCallback, ModelLoadError
from summaries.engines.conversion import converted_dir
from summaries.engines.generation import GenerationSettings

logger = logging.getLogger(__name__)


@dataclass
class CTranslate2Seq2Seq:
    model_id: str
    tokenizer: Any
    translator: Any
    max_input_tokens: int
    generation: GenerationSettings
    vocabulary: frozenset[str]
    device: str = "cpu"
    use_vmap: bool = False
    backend: str = "ctranslate2"

    @property
    def replicas(self) -> int:
        return self.translator.num_translators

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
        """Inputs are queued in chunks (spread over the replicas) and collected in order, so `on_done` hears
        of each one as it is ready: a page shows translation moving sentence by sentence."""
        tokens = self.generate_tokens(
            texts, num_beams=num_beams, max_new_tokens=max_new_tokens, min_new_tokens=min_new_tokens, on_done=on_done
        )
        return [self.tokenizer.decode(ids, skip_special_tokens=True).strip() for ids in tokens]

    def generate_tokens(
        self,
        texts: Sequence[str],
        *,
        num_beams: int | None = None,
        max_new_tokens: int | None = None,
        min_new_tokens: int | None = None,
        on_done: DoneCallback | None = None,
    ) -> list[list[int]]:
        """The written tokens of each output, decoded with the model's own generation settings (the app's
        where it overrides them) as transformers' generate would (ct2_decoding.py)."""
        settings = self.generation.with_overrides(
            num_beams=num_beams, max_new_tokens=max_new_tokens, min_new_tokens=min_new_tokens
        )
        plan = ct2_decoding.decoding(
            settings, token=self.tokenizer.convert_ids_to_tokens, vocabulary=self.vocabulary, use_vmap=self.use_vmap
        )
        ids = self.tokenizer(list(texts), truncation=True, max_length=self.max_input_tokens)["input_ids"]
        tokens = [self.tokenizer.convert_ids_to_tokens(sequence) for sequence in ids]
        chunks = even_chunks(tokens, self.replicas)
        if len(chunks) == 1 and on_done is None:
            results = self.translator.translate_batch(
                tokens, target_prefix=plan.target_prefix(len(tokens)), **plan.options
            )
        else:  # queued at once; each replica takes the next chunk when it is free
            pending = [
                self.translator.translate_batch(
                    chunk, target_prefix=plan.target_prefix(len(chunk)), asynchronous=True, **plan.options
                )
                for chunk in chunks
            ]
            results = []
            for result in (result for chunk in pending for result in chunk):
                results.append(result.result())
                if on_done is not None:
                    on_done(len(results))
        return [self.tokenizer.convert_tokens_to_ids(plan.best(result)) for result in results]

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[float]:
        """CTranslate2's forced decoding: the model's mean log-probability of each target token (the copy's
        vocabulary holds only what the model may write); a forced first token is certain."""
        source_ids = self.tokenizer(list(sources), truncation=True, max_length=self.max_input_tokens)["input_ids"]
        target_ids = self.tokenizer(  # as the transformers backend: one position is the decoder's start token
            text_target=list(targets), truncation=True, max_length=self.max_input_tokens - 1
        )["input_ids"]
        eos = self.tokenizer.eos_token_id
        results = self.translator.score_batch(  # score_batch adds the start and end tokens to the target itself
            [self.tokenizer.convert_ids_to_tokens(ids) for ids in source_ids],
            [self.tokenizer.convert_ids_to_tokens([i for i in ids if i != eos]) for ids in target_ids],
        )
        forced = self.generation.forced_bos_token_id
        scores = []
        for ids, result in zip(target_ids, results, strict=True):
            log_probs = list(result.log_probs)
            if forced is not None and ids and ids[0] == forced and log_probs:
                log_probs[0] = 0.0
            scores.append(sum(log_probs) / max(1, len(log_probs)))
        return scores


# Most inputs per chunk when a batch is spread over replicas: enough for the replicas to share a batch
# evenly, few enough that each chunk is one efficient batch. With the vocabulary map every chunk
# gathers its own output rows, so fewer, larger chunks win: on the benchmark's opus-mt-size model,
# 12 sentences in two chunks of 6 translated ~15% faster than four chunks of 3.
_CHUNK = 8


def even_chunks(items: list[Any], replicas: int) -> list[list[Any]]:
    """`items` in order, cut into consecutive chunks of at most _CHUNK whose sizes differ by at most one,
    as many as a multiple of `replicas`, so the replicas finish together."""
    if replicas <= 1 or len(items) <= 1:
        return [items]
    parts = min(len(items), replicas * math.ceil(len(items) / (replicas * _CHUNK)))
    size, extra = divmod(len(items), parts)
    chunks, start = [], 0
    for index in range(parts):
        end = start + size + (index < extra)
        chunks.append(items[start:end])
        start = end
    return chunks


def load(
    model_id: str,
    *,
    device: str,
    threads: int = 0,
    parallel_inputs: bool = False,
    vocabulary_map: bool = True,
    compute_type: str = "auto",
) -> CTranslate2Seq2Seq:
    """Load the converted copy of `model_id` (or `model_id` itself if it is a converted directory).
    `threads` is the CPU threads to use (0: every core); `parallel_inputs` spreads them over replicas;
    `vocabulary_map` decodes over the target-language entries listed by `convert_models`, if any;
    `compute_type` "auto" is int8 on a CPU and int8_float16 on a GPU (float32 reproduces transformers)."""
    directory = Path(model_id) if (Path(model_id) / "model.bin").exists() else converted_dir(model_id)
    if not (directory / "model.bin").exists():
        raise ModelLoadError(
            model_id, f"no CTranslate2 copy in {directory}; run `python manage.py convert_models` first"
        )
    try:
        import ctranslate2
        from transformers import AutoTokenizer

        resolved = _resolve_device(device, ctranslate2)
        # 0 would mean CTranslate2's default of 4 threads, which oversubscribes small machines.
        threads = threads or os.cpu_count() or 1
        replicas = threads if parallel_inputs and resolved == "cpu" else 1
        intra_threads = max(1, threads // replicas)
        if compute_type == "auto":
            compute_type = "int8" if resolved == "cpu" else "int8_float16"
        translator = ctranslate2.Translator(
            str(directory),
            device=resolved,
            compute_type=compute_type,
            inter_threads=replicas,
            intra_threads=intra_threads,
        )
        tokenizer = AutoTokenizer.from_pretrained(str(directory), local_files_only=True)
    except Exception as exc:
        raise ModelLoadError(model_id, short_reason(exc)) from exc
    settings = generation.load(directory)
    if settings is None:
        raise ModelLoadError(
            model_id,
            f"{directory} holds no generation settings; convert it again with `python manage.py convert_models`",
        )
    limit = input_limit(tokenizer.model_max_length, settings.max_positions)
    use_vmap = vocabulary_map and (directory / "vmap.txt").is_file()
    logger.info(
        "loaded CTranslate2 model %s from %s on %s (%s, input limit %d, %d replica(s) x %d thread(s), %s)",
        model_id,
        directory,
        resolved,
        compute_type,
        limit,
        replicas,
        intra_threads,
        "target vocabulary only" if use_vmap else "whole vocabulary",
    )
    return CTranslate2Seq2Seq(
        model_id, tokenizer, translator, limit, settings, _vocabulary(directory), resolved, use_vmap
    )


def _vocabulary(directory: Path) -> frozenset[str]:
    """The tokens the copy can write (its target vocabulary, as the converter saved it)."""
    for name in ("target_vocabulary.json", "shared_vocabulary.json"):
        path = directory / name
        if path.is_file():
            return frozenset(json.loads(path.read_text(encoding="utf-8")))
    for name in ("target_vocabulary.txt", "shared_vocabulary.txt"):
        path = directory / name
        if path.is_file():
            return frozenset(path.read_text(encoding="utf-8").split("\n"))
    return frozenset()


def _resolve_device(device: str, ctranslate2: Any) -> str:
    if device == "auto":
        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    return device
