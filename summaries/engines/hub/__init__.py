"""Hugging Face hub models on this machine: where a complete copy is (`local`), what the hub has (`remote`),
and fetching it into the standard cache, resumable and checked (`download`).

Workers only load what is on disk; this package is how a model gets there, through huggingface_hub's
own client and cache layout, so transformers and every other Hugging Face tool find the files.
"""

from summaries.engines.hub.download import download
from summaries.engines.hub.local import is_hub_id, local_copy, offline, storage
from summaries.engines.hub.remote import HubError, RemoteFile, RemoteModel, remote_files

__all__ = [
    "HubError",
    "RemoteFile",
    "RemoteModel",
    "download",
    "is_hub_id",
    "local_copy",
    "offline",
    "remote_files",
    "storage",
]
