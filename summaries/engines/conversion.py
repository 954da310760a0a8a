"""Converting Hugging Face seq2seq models into CTranslate2 int8 directories (for `convert_models`).

CTranslate2's converter reads a few config attributes that transformers 5 no longer sets
(`normalize_before` for BART/Marian, both post-norm); the converter is given a view of the model
directory whose config carries them, without copying the weights.
"""

import json
import logging
import re
import tempfile
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def converted_dir(model_id: str) -> Path:
    """Where the CTranslate2 copy of a model lives: one folder per model id under CT2_MODELS_DIR."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "--", model_id.strip("/"))
    return Path(settings.SUMMARIES_CT2_DIR) / slug


def convert(model_id: str, *, quantization: str = "int8", force: bool = False) -> Path:
    """Convert a hub id (from the local cache) or a save_pretrained directory; returns the output folder."""
    from ctranslate2.converters import TransformersConverter
    from transformers import AutoTokenizer

    source = _local_source(model_id)
    output = converted_dir(model_id)
    if (output / "model.bin").exists() and not force:
        logger.info("%s already converted in %s", model_id, output)
        return output
    with tempfile.TemporaryDirectory() as view:
        _patched_view(source, Path(view))
        output.parent.mkdir(parents=True, exist_ok=True)
        TransformersConverter(view).convert(str(output), quantization=quantization, force=True)
    AutoTokenizer.from_pretrained(str(source), local_files_only=True).save_pretrained(str(output))
    logger.info("converted %s into %s (%s)", model_id, output, quantization)
    return output


def _local_source(model_id: str) -> Path:
    if Path(model_id).is_dir():
        return Path(model_id)
    from huggingface_hub import snapshot_download

    return Path(snapshot_download(repo_id=model_id, local_files_only=True))


def _patched_view(source: Path, view: Path) -> None:
    """Symlink every file of the model into `view`, with config.json completed for the converter."""
    for item in source.iterdir():
        if item.name != "config.json":
            (view / item.name).symlink_to(item.resolve())
    config = json.loads((source / "config.json").read_text(encoding="utf-8"))
    config.setdefault("normalize_before", False)
    (view / "config.json").write_text(json.dumps(config), encoding="utf-8")

