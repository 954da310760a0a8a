"""Where a model is on this machine: its own directory, or its complete snapshot in the Hugging Face cache."""

import json
import re
from pathlib import Path

from django.conf import settings

_HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]*(/[\w.-]+)?")


def is_hub_id(model_id: str) -> bool:
    """`org/name` or `name` as the hub spells repositories; a path that is not a directory is not one."""
    return bool(_HUB_ID.fullmatch(model_id)) and ".." not in model_id


def offline() -> bool:
    """HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE), read through huggingface_hub as every HF tool reads it."""
    from huggingface_hub import constants

    return bool(constants.HF_HUB_OFFLINE)


def local_copy(model_id: str, cache_dir: Path | None = None) -> Path | None:
    """The folder to load `model_id` from: the directory itself, or its complete snapshot in the cache."""
    path = Path(model_id).expanduser()
    if path.is_dir():
        return path
    if not is_hub_id(model_id):
        return None
    folder = storage(model_id, cache_dir)
    try:
        commit = (folder / "refs" / "main").read_text().strip()
    except OSError:
        return None
    snapshot = folder / "snapshots" / commit
    return snapshot if _complete(snapshot) else None


def _complete(snapshot: Path) -> bool:
    """A config and all weights: files are fetched smallest first and weights last, and the ref is written
    only when every file is in, so a snapshot with its weights has everything else too."""
    if not (snapshot / "config.json").is_file():
        return False
    for name in ("model.safetensors", "pytorch_model.bin"):
        if (snapshot / name).is_file():
            return True
    for index in ("model.safetensors.index.json", "pytorch_model.bin.index.json"):
        if (snapshot / index).is_file():
            shards = set(json.loads((snapshot / index).read_text()).get("weight_map", {}).values())
            return bool(shards) and all((snapshot / shard).is_file() for shard in shards)
    return False


def storage(model_id: str, cache_dir: Path | None = None) -> Path:
    """The model's folder in the cache (`models--org--name`), whether or not anything is in it yet."""
    from huggingface_hub.file_download import repo_folder_name

    return Path(cache_dir or settings.SUMMARIES_HF_CACHE) / repo_folder_name(repo_id=model_id, repo_type="model")
