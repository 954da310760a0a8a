"""Converting Hugging Face seq2seq models into CTranslate2 int8 directories (for `convert_models`).

CTranslate2's converter reads a few config attributes that transformers 5 no longer sets
(`normalize_before` for BART/Marian, both post-norm); the converter is given a view of the model
directory whose config carries them, without copying the weights.

opus-mt models join two tokenizers' pieces in one vocabulary (62,834 entries for ar-en: an Arabic and
an English sentencepiece model), yet the decoder is only ever trained to write target-language pieces.
The copy carries a vocabulary map listing the entries the decoder can produce, so CTranslate2 scores
those alone at every step instead of the whole vocabulary, the largest single cost of decoding.

CTranslate2 keeps no generation settings of its own: the model's (as transformers reads them, generation.py)
are kept beside the copy, so the CTranslate2 backend decodes as transformers' generate would.
"""

import importlib.util
import json
import logging
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings

from summaries.engines import generation, hub

logger = logging.getLogger(__name__)


def converted_dir(model_id: str) -> Path:
    """Where the CTranslate2 copy of a model lives: one folder per model id under CT2_MODELS_DIR."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "--", model_id.strip("/"))
    return Path(settings.SUMMARIES_CT2_DIR) / slug


def can_convert() -> bool:
    """Whether this machine has CTranslate2's converter (it ships in the ctranslate2 wheel)."""
    return importlib.util.find_spec("ctranslate2") is not None


def is_converted(model_id: str) -> bool:
    """A usable copy exists: made from the model as it is on disk now (the same hub commit or folder), and
    with a vocabulary map where the model can have one."""
    output, source = converted_dir(model_id), hub.local_copy(model_id)
    if not (output / "model.bin").is_file():
        return False
    if source is None:  # the original is gone: the copy is all there is
        return True
    made_from = _read_origin(output)
    if made_from is not None and made_from != str(source.resolve()):
        return False
    if generation.load(output) is None:  # made before the model's generation settings were kept with it
        return False
    return target_vocabulary(source) is None or (output / "vmap.txt").exists()


def convert(model_id: str, *, quantization: str = "int8", force: bool = False) -> Path:
    """Convert a hub id (from the local cache) or a save_pretrained directory; returns the output folder.

    One conversion at a time per model (a file lock: the background fetcher and a worker may both try),
    written to a temporary folder and moved into place, so a copy is never seen half-written."""
    from filelock import FileLock

    output = converted_dir(model_id)
    output.parent.mkdir(parents=True, exist_ok=True)
    (output.parent / ".locks").mkdir(exist_ok=True)
    with FileLock(str(output.parent / ".locks" / f"{output.name}.lock")):
        if not force and is_converted(model_id):
            logger.info("%s already converted in %s", model_id, output)
            return output
        source = hub.local_copy(model_id)
        if source is None:
            raise FileNotFoundError(f"{model_id} is neither a local directory nor complete in the Hugging Face cache")
        started = time.perf_counter()
        partial = output.with_name(f"{output.name}.partial-{os.getpid()}")
        shutil.rmtree(partial, ignore_errors=True)
        try:
            _convert_into(source, partial, quantization)
            shutil.rmtree(output, ignore_errors=True)
            partial.rename(output)
        finally:
            shutil.rmtree(partial, ignore_errors=True)
    logger.info("converted %s into %s (%s) in %.1f s", model_id, output, quantization, time.perf_counter() - started)
    return output


def _convert_into(source: Path, output: Path, quantization: str) -> None:
    from ctranslate2.converters import TransformersConverter
    from transformers import AutoTokenizer

    vocabulary = target_vocabulary(source)
    with tempfile.TemporaryDirectory() as view:
        _patched_view(source, Path(view))
        vmap = _write_vocabulary_map(vocabulary, Path(view) / "target-vocabulary.vmap")
        TransformersConverter(view).convert(str(output), vmap=vmap, quantization=quantization, force=True)
    AutoTokenizer.from_pretrained(str(source), local_files_only=True).save_pretrained(str(output))
    positions = json.loads((source / "config.json").read_text(encoding="utf-8")).get("max_position_embeddings")
    generation.write(generation.read(source, max_positions=positions), output)
    (output / _ORIGIN).write_text(json.dumps({"source": str(source.resolve())}), encoding="utf-8")


_ORIGIN = "converted-from.json"


def _read_origin(output: Path) -> str | None:
    try:
        return json.loads((output / _ORIGIN).read_text(encoding="utf-8")).get("source")
    except (OSError, ValueError):
        return None


def target_vocabulary(source: Path) -> list[str] | None:
    """The vocabulary entries a model with separate source and target sentencepiece models (opus-mt)
    can write: all but the pieces only the source tokenizer makes. None when there is nothing to leave
    out (one shared tokenizer, as in BART) or an entry could not be written to a vocabulary map."""
    paths = [source / "source.spm", source / "target.spm", source / "vocab.json"]
    if not all(path.is_file() for path in paths):
        return None
    source_pieces, target_pieces = _pieces(paths[0]), _pieces(paths[1])
    vocabulary = json.loads(paths[2].read_text(encoding="utf-8"))
    kept = [token for token in vocabulary if token in target_pieces or token not in source_pieces]
    if len(kept) == len(vocabulary) or any(not token or re.search(r"\s", token) for token in kept):
        return None
    return kept


def _pieces(model: Path) -> set[str]:
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor(model_file=str(model))
    return {processor.id_to_piece(index) for index in range(processor.get_piece_size())}


def _write_vocabulary_map(tokens: list[str] | None, path: Path) -> str | None:
    """A CTranslate2 vocabulary map whose only rule (empty source n-gram) is 'always these tokens'."""
    if tokens is None:
        return None
    path.write_text("\t" + " ".join(tokens) + "\n", encoding="utf-8")
    logger.info("vocabulary map: the decoder writes %d of the vocabulary's entries", len(tokens))
    return str(path)


def _patched_view(source: Path, view: Path) -> None:
    """Symlink every file of the model into `view`, with config.json completed for the converter."""
    for item in source.iterdir():
        if item.name != "config.json":
            (view / item.name).symlink_to(item.resolve())
    config = json.loads((source / "config.json").read_text(encoding="utf-8"))
    config.setdefault("normalize_before", False)
    (view / "config.json").write_text(json.dumps(config), encoding="utf-8")
