"""Fetching a model's files into the Hugging Face cache: resumed where a transfer stopped, checked before use.

huggingface_hub's `hf_hub_download` deletes a partial file when a transfer breaks; here
`blobs/<etag>.incomplete` is kept and the next attempt asks only for the rest (an HTTP Range request).
Every file's size, and a large (LFS) file's SHA-256 (its ETag), is checked before the file is used, and
the snapshot's ref is written only once every file is in.
"""

import hashlib
import logging
import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

from summaries.engines.hub.local import offline, storage
from summaries.engines.hub.remote import (
    HubError,
    RemoteFile,
    RemoteModel,
    call_hub,
    endpoint_url,
    hub_headers,
    remote_files,
    timeout_seconds,
)

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]

_SHA256 = re.compile(r"[0-9a-f]{64}")
_CHUNK = 1 << 20
_TRANSFER_RETRIES = 2


def download(
    model_id: str,
    *,
    endpoint: str | None = None,
    cache_dir: Path | None = None,
    timeout: float | None = None,
    on_start: Callable[[RemoteModel], None] | None = None,
    on_progress: ProgressCallback | None = None,
    progress_bars: bool = False,
) -> Path:
    """Fetch what `model_id` needs into the cache and return its snapshot folder. Files already there are
    not fetched again; a file cut off earlier is resumed. `on_start` hears what will be fetched once the
    hub has answered; `on_progress(done, total)` counts bytes."""
    if offline():
        raise HubError("offline", "HF_HUB_OFFLINE is set, so nothing is downloaded.")
    remote = remote_files(model_id, endpoint=endpoint, timeout=timeout)
    if on_start is not None:
        on_start(remote)
    folder = storage(model_id, cache_dir)
    snapshot = folder / "snapshots" / remote.commit
    tally = _Tally(remote.size, on_progress)
    for file in remote.files:
        _fetch(
            model_id,
            file,
            remote.commit,
            folder,
            snapshot,
            tally,
            endpoint=endpoint,
            timeout=timeout,
            progress_bars=progress_bars,
        )
    (folder / "refs").mkdir(parents=True, exist_ok=True)
    (folder / "refs" / "main").write_text(remote.commit)
    logger.info("%s: %d files, %d bytes, in %s", model_id, len(remote.files), remote.size, snapshot)
    return snapshot


class _Tally:
    """Bytes done across a model's files, reported to the callback."""

    def __init__(self, total: int, callback: ProgressCallback | None) -> None:
        self.total, self.done, self.callback = total, 0, callback

    def add(self, count: int) -> None:
        self.done += count
        if self.callback is not None:
            self.callback(self.done, self.total)


def _fetch(
    model_id: str,
    file: RemoteFile,
    commit: str,
    folder: Path,
    snapshot: Path,
    tally: _Tally,
    *,
    endpoint: str | None,
    timeout: float | None,
    progress_bars: bool,
) -> None:
    from filelock import FileLock
    from huggingface_hub import get_hf_file_metadata, hf_hub_url

    pointer = snapshot / file.name
    if pointer.is_file():
        tally.add(file.size)
        return
    url = hf_hub_url(model_id, file.name, revision=commit, endpoint=endpoint_url(endpoint))
    meta = call_hub(
        model_id,
        endpoint,
        lambda: get_hf_file_metadata(url, timeout=timeout_seconds(timeout), endpoint=endpoint_url(endpoint)),
    )
    if not meta.etag:
        raise HubError("corrupt", f"{model_id}: the hub sent no ETag for {file.name}, so it cannot be checked.")
    size = meta.size if meta.size is not None else file.size
    blob = folder / "blobs" / meta.etag
    blob.parent.mkdir(parents=True, exist_ok=True)
    lock = folder.parent / ".locks" / folder.name
    lock.mkdir(parents=True, exist_ok=True)
    with FileLock(str(lock / f"{meta.etag}.lock")):  # another worker fetching the same file waits for it
        if not blob.is_file():
            partial = blob.with_name(f"{meta.etag}.incomplete")
            headers = hub_headers(url, meta.location)
            _transfer(f"{model_id} {file.name}", meta.location, partial, size, headers, tally, timeout, progress_bars)
            _verify(f"{model_id}: {file.name}", partial, size, meta.etag)
            os.replace(partial, blob)
        else:
            tally.add(size)
    pointer.parent.mkdir(parents=True, exist_ok=True)
    try:
        pointer.symlink_to(os.path.relpath(blob, pointer.parent))
    except OSError:  # a file system without symbolic links: a copy, as huggingface_hub does
        shutil.copyfile(blob, pointer)


def _transfer(
    label: str,
    url: str,
    partial: Path,
    size: int,
    headers: dict[str, str],
    tally: _Tally,
    timeout: float | None,
    progress_bars: bool,
) -> None:
    """Stream `url` into `partial` from where it stopped; a broken connection is resumed a couple of times,
    then reported with the part kept for the next attempt."""
    import httpx2

    for attempt in range(_TRANSFER_RETRIES + 1):
        try:
            _stream(label, url, partial, size, headers, tally, timeout, progress_bars)
            return
        except (httpx2.TransportError, httpx2.StreamError) as exc:
            kept = partial.stat().st_size if partial.exists() else 0
            if attempt == _TRANSFER_RETRIES:
                raise HubError(
                    "interrupted",
                    f"{label}: the transfer broke off at {kept} of {size} bytes ({type(exc).__name__}); "
                    "the part received is kept and the next attempt continues from there.",
                ) from exc
            logger.warning("%s: transfer broke off at %d of %d bytes; resuming", label, kept, size)
            time.sleep(2**attempt)


def _stream(
    label: str,
    url: str,
    partial: Path,
    size: int,
    headers: dict[str, str],
    tally: _Tally,
    timeout: float | None,
    progress_bars: bool,
) -> None:
    import httpx2
    from huggingface_hub import get_session
    from huggingface_hub.utils import hf_raise_for_status
    from tqdm.auto import tqdm

    start = partial.stat().st_size if partial.exists() else 0
    if start > size:
        start = 0
    if start:
        headers = {**headers, "Range": f"bytes={start}-"}
    limit = timeout_seconds(timeout)
    with get_session().stream(
        "GET", url, headers=headers, timeout=httpx2.Timeout(limit, read=limit), follow_redirects=True
    ) as response:
        hf_raise_for_status(response)
        if start and response.status_code != 206:  # the server ignored the range: start over
            start = 0
        tally.add(start)
        bar = tqdm(
            total=size,
            initial=start,
            unit="B",
            unit_scale=True,
            desc=label,
            file=sys.stderr,
            disable=not progress_bars,
            leave=True,
        )
        with bar, partial.open("r+b" if partial.exists() else "wb") as out:
            out.seek(start)
            out.truncate()
            for chunk in response.iter_bytes():  # as they arrive: a cut-off keeps every byte received
                out.write(chunk)
                bar.update(len(chunk))
                tally.add(len(chunk))


def _verify(label: str, partial: Path, size: int, etag: str) -> None:
    """The size the hub announced, and for LFS files the SHA-256 it names as ETag; a file failing either
    is deleted, never used."""
    actual = partial.stat().st_size
    if actual != size:
        partial.unlink()
        raise HubError(
            "corrupt",
            f"{label} arrived with {actual} bytes instead of the {size} the hub announced; "
            "it was discarded and will be downloaded again.",
        )
    if _SHA256.fullmatch(etag):
        digest = hashlib.sha256()
        with partial.open("rb") as data:
            for block in iter(lambda: data.read(_CHUNK), b""):
                digest.update(block)
        if digest.hexdigest() != etag:
            partial.unlink()
            raise HubError(
                "corrupt",
                f"{label} does not match its SHA-256 checksum; it was discarded and will be downloaded again.",
            )
