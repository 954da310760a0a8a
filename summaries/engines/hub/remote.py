"""What the hub has: a repository's commit and the files transformers needs, and its failures as HubError.

Requests go through huggingface_hub's own client, once each: no retry loops, so an unreachable hub is
known at once (within HUB_TIMEOUT when nothing answers at all).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse

from django.conf import settings

# Formats other libraries use; transformers needs none of them.
_FOREIGN = re.compile(r"\.(h5|ot|msgpack|onnx|tflite|ckpt|pb|mlmodel|gguf)$|^(README\.md|\.gitattributes)$")


class HubError(Exception):
    """Why a model could not be fetched: a `code` for programs and a sentence for the people running the site."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class RemoteFile:
    name: str
    size: int


@dataclass(frozen=True)
class RemoteModel:
    commit: str
    files: list[RemoteFile]

    @property
    def size(self) -> int:
        return sum(file.size for file in self.files)


def remote_files(model_id: str, *, endpoint: str | None = None, timeout: float | None = None) -> RemoteModel:
    """The commit on `main` and the files transformers needs, smallest first: configs and tokenizer files,
    then safetensors weights (or PyTorch's, for repositories without them); other formats are left out."""
    from huggingface_hub import HfApi

    info = call_hub(
        model_id,
        endpoint,
        lambda: HfApi(endpoint=endpoint_url(endpoint)).model_info(
            model_id, files_metadata=True, timeout=timeout_seconds(timeout)
        ),
    )
    names = {sibling.rfilename: sibling.size or 0 for sibling in info.siblings or []}
    wanted = [name for name in names if "/" not in name and not _FOREIGN.search(name)]
    weights_format = "safetensors" if any(name.endswith(".safetensors") for name in wanted) else "bin"
    files = [
        RemoteFile(name, names[name]) for name in wanted if not _is_weights(name) or _is_weights(name) == weights_format
    ]
    if not any(_is_weights(file.name) for file in files) or not info.sha:
        raise HubError("no_weights", f"{model_id} on the hub has no safetensors or PyTorch weights for transformers.")
    return RemoteModel(info.sha, sorted(files, key=lambda file: (bool(_is_weights(file.name)), file.size)))


def _is_weights(name: str) -> str:
    if name.endswith(".safetensors") or name == "model.safetensors.index.json":
        return "safetensors"
    if name.startswith("pytorch_model") and (name.endswith((".bin", ".bin.index.json"))):
        return "bin"
    return ""


def call_hub(model_id: str, endpoint: str | None, call: Callable):
    """One hub request, its failures as HubError: no retries, so an unreachable hub is known at once."""
    import httpx2
    from huggingface_hub.errors import (
        GatedRepoError,
        HfHubHTTPError,
        OfflineModeIsEnabled,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    try:
        return call()
    except OfflineModeIsEnabled as exc:
        raise HubError("offline", "HF_HUB_OFFLINE is set, so nothing is downloaded.") from exc
    except GatedRepoError as exc:
        raise HubError("gated", f"{model_id} is gated on the hub: accept its terms and set HF_TOKEN.") from exc
    except (RepositoryNotFoundError, RevisionNotFoundError) as exc:
        raise HubError("not_found", f"{model_id} does not exist on the hub (or needs HF_TOKEN).") from exc
    except (httpx2.TransportError, HfHubHTTPError) as exc:
        raise HubError("unreachable", f"the hub at {endpoint_url(endpoint)} did not answer ({_reason(exc)}).") from exc


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__


def hub_headers(url: str, location: str) -> dict[str, str]:
    """The hub's headers (token, user agent); the token never leaves the hub's host (a CDN gets none)."""
    from huggingface_hub.utils import build_hf_headers

    headers = build_hf_headers()
    headers["Accept-Encoding"] = "identity"  # sizes and ranges count the file's own bytes
    if urlparse(url).netloc != urlparse(location).netloc:
        headers.pop("authorization", None)
    return headers


def endpoint_url(endpoint: str | None) -> str:
    return (endpoint or settings.SUMMARIES_HUB_ENDPOINT).rstrip("/")


def timeout_seconds(timeout: float | None) -> float:
    return float(timeout or settings.SUMMARIES_HUB_TIMEOUT)
