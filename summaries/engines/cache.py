"""Per-process model cache: each worker process loads a model once and reuses it for every job.

The loaded models are per-process state by nature (`clear_cache()` empties them), like the embedder
(engines/embeddings.py) and the request histogram (metrics.py); nothing else is kept between requests or
jobs in module globals. How to load (backend, device, threads) comes in as arguments from the engines'
factory (engines/__init__.py), which is where the engines read settings.
"""

import logging
import os
import resource
import threading
import time

from summaries.common import checkpoints, time_limits
from summaries.engines import conversion
from summaries.engines.base import Seq2SeqBackend

logger = logging.getLogger(__name__)

_MODELS: dict[tuple[str, str, str], Seq2SeqBackend] = {}
_LOCK = threading.Lock()


def get_model(
    model_id: str,
    *,
    backend: str = "auto",
    device: str = "cpu",
    parallel_inputs: bool = False,
    threads: int = 0,
    vocabulary_map: bool = True,
    compute_type: str = "auto",
) -> Seq2SeqBackend:
    """Return the loaded model for this key, loading it on first use. `parallel_inputs` says the model
    is called with many short inputs (a translator), which the CTranslate2 backend spreads over cores;
    a model id is one kind of model, so it is not part of the key."""
    key = (model_id, backend, device)
    with _LOCK:
        if key not in _MODELS:
            with time_limits.deferred() as deferral:  # a soft limit mid-load would break torch for later jobs
                checkpoints.reached("model_load", deferral)
                _MODELS[key] = _load(
                    model_id,
                    backend=backend,
                    device=device,
                    parallel_inputs=parallel_inputs,
                    threads=threads,
                    vocabulary_map=vocabulary_map,
                    compute_type=compute_type,
                )
        return _MODELS[key]


def clear_cache() -> None:
    """Forget every loaded model (tests, or after settings change)."""
    with _LOCK:
        _MODELS.clear()


def cached_keys() -> list[tuple[str, str, str]]:
    """Keys currently loaded; lets tests and health checks see what is resident."""
    with _LOCK:
        return list(_MODELS)


def loaded_models() -> list[Seq2SeqBackend]:
    with _LOCK:
        return list(_MODELS.values())


def is_loaded(model_id: str) -> bool:
    """Whether this process already holds the model (on any backend)."""
    with _LOCK:
        return any(key[0] == model_id for key in _MODELS)


def resolve_backend(model_id: str, backend: str) -> str:
    """`auto` becomes CTranslate2 when a converted copy exists or can be made now (converted on first use),
    transformers otherwise; a forced backend stays as it is."""
    if backend != "auto":
        return backend
    if conversion.is_converted(model_id):
        return "ctranslate2"
    if not conversion.can_convert():
        return "transformers"
    try:
        conversion.convert(model_id)
    except (OSError, ValueError, RuntimeError, KeyError, NotImplementedError) as exc:
        logger.warning("could not convert %s for CTranslate2 (%s); using transformers", model_id, exc)
        return "transformers"
    return "ctranslate2"


def _load(
    model_id: str,
    *,
    backend: str,
    device: str,
    parallel_inputs: bool,
    threads: int,
    vocabulary_map: bool,
    compute_type: str,
) -> Seq2SeqBackend:
    started = time.perf_counter()
    backend = resolve_backend(model_id, backend)
    if backend == "transformers":
        from summaries.engines.backends import transformers as transformers_backend

        model: Seq2SeqBackend = transformers_backend.load(model_id, device=device)
    elif backend == "ctranslate2":
        from summaries.engines.backends import ctranslate2 as ctranslate2_backend

        model = ctranslate2_backend.load(
            model_id,
            device=device,
            threads=threads,
            parallel_inputs=parallel_inputs,
            vocabulary_map=vocabulary_map,
            compute_type=compute_type,
        )
    else:
        raise ValueError(f"unknown INFERENCE_BACKEND {backend!r}: use auto, transformers or ctranslate2")
    logger.info(
        "model %s runs on %s (%s), ready in %.1f s; worker resident memory now %.0f MB",
        model_id,
        model.backend,
        model.device,
        time.perf_counter() - started,
        resident_mb(),
    )
    return model


def resident_mb() -> float:
    """Current resident set size of this process, from /proc (Linux) or the peak as a fallback."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
