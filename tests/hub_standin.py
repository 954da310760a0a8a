"""A local stand-in for the Hugging Face hub, for tests that cannot reach the real one.

It answers the requests huggingface_hub makes (`model_info`, the HEAD/GET of `/{repo}/resolve/{rev}/{file}`
with the headers the client checks, and a CDN host for LFS files with HTTP ranges), so the real client and
the app's downloader talk to it through `HF_ENDPOINT` exactly as they would to huggingface.co. Repositories
are built from the tiny test models with the real repositories' names and file layouts; a test can cut a
transfer off, hold one open, or serve a file with the wrong size or bytes, and reads the request log.
"""

import hashlib
import json
import socket
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

from newsapp import devstack
from tests.polling import SHUTDOWN_POLL

TRANSLATION_REPO = "Helsinki-NLP/opus-mt-ar-en"
SUMMARIZATION_REPO = "sshleifer/distilbart-cnn-12-6"
# Each repository's real file list: the hub's API records (GitHub saranscript/huggingface-models@796a1d3,
# models/<id>/infos.json, "siblings") and the later commits ../shared/models/*/SOURCE.md names for
# opus-mt-ar-en (generation_config.json, "Add TF weights"). Neither repository has safetensors weights.
REAL_FILES = {
    TRANSLATION_REPO: {
        ".gitattributes",
        "README.md",
        "config.json",
        "generation_config.json",
        "pytorch_model.bin",
        "rust_model.ot",
        "source.spm",
        "target.spm",
        "tf_model.h5",
        "tokenizer_config.json",
        "vocab.json",
    },
    SUMMARIZATION_REPO: {
        ".gitattributes",
        "README.md",
        "config.json",
        "flax_model.msgpack",
        "merges.txt",
        "pytorch_model.bin",
        "rust_model.ot",
        "tokenizer_config.json",
        "vocab.json",
    },
}
# Files of other libraries (and the model card) that transformers never reads: a client must not fetch them.
OTHER_LIBRARY_FILES = {
    "README.md": b"---\nlicense: apache-2.0\n---\n# model card\n",
    ".gitattributes": b"*.bin filter=lfs diff=lfs merge=lfs -text\n",
    "tf_model.h5": b"\x89HDF\r\n\x1a\n" + b"\0" * 4096,
    "rust_model.ot": b"PK\x03\x04" + b"\0" * 4096,
    "flax_model.msgpack": b"\x82\xa5model" + b"\0" * 4096,
}
# What a download of each repository must bring: transformers' files, nothing else.
NEEDED_FILES = {repo: files - set(OTHER_LIBRARY_FILES) for repo, files in REAL_FILES.items()}
LFS_SUFFIXES = (".safetensors", ".bin", ".h5", ".ot", ".msgpack")


@dataclass
class RepoFile:
    data: bytes
    lfs: bool

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def git_oid(self) -> str:
        return hashlib.sha1(b"blob %d\0" % len(self.data) + self.data).hexdigest()


@dataclass
class Repo:
    commit: str
    files: dict[str, RepoFile]


@dataclass
class Request:
    method: str
    path: str
    range: str | None


@dataclass
class Faults:
    """What goes wrong, per file name: cut after n bytes (and the hub goes away), hold after n bytes until
    released, or serve a wrong size / wrong bytes."""

    cut_after: dict[str, int] = field(default_factory=dict)
    hold_after: dict[str, tuple[int, threading.Event]] = field(default_factory=dict)
    short: set[str] = field(default_factory=set)
    flipped: set[str] = field(default_factory=set)
    down: bool = False  # every request answers 503, as a hub in trouble does


def repo_from_directory(directory: Path, *, extra: dict[str, bytes] | None = None) -> Repo:
    """A repository holding a `save_pretrained` folder's files, plus `extra` ones; the commit id depends on
    the content, as a real one does."""
    files = {path.name: RepoFile(path.read_bytes(), path.name.endswith(LFS_SUFFIXES)) for path in directory.iterdir()}
    for name, data in (extra or {}).items():
        files[name] = RepoFile(data, name.endswith(LFS_SUFFIXES))
    commit = hashlib.sha1(b"".join(name.encode() + f.data for name, f in sorted(files.items()))).hexdigest()
    return Repo(commit, files)


class StandInHub:
    """The stand-in server on a loopback port; `start()`/`stop()` may be called again (same port)."""

    def __init__(self, repos: dict[str, Repo], port: int | None = None) -> None:
        self.repos = repos
        self.port = port or devstack.free_port()
        self.faults = Faults()
        self.requests: list[Request] = []
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "StandInHub":
        handler = type("Handler", (_Handler,), {"hub": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()

    def log(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def file_requests(self, name: str, method: str = "GET") -> list[Request]:
        """Requests that transferred `name` (GETs of its resolve URL or of its CDN blob)."""
        blobs = {f"/cdn/{f.sha256}" for repo in self.repos.values() for n, f in repo.files.items() if n == name}
        return [
            request
            for request in self.requests
            if request.method == method and (request.path.endswith(f"/{name}") or request.path in blobs)
        ]

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()

    def blob(self, sha256: str) -> tuple[str, RepoFile] | None:
        for repo in self.repos.values():
            for name, repo_file in repo.files.items():
                if repo_file.sha256 == sha256:
                    return name, repo_file
        return None


class _Handler(BaseHTTPRequestHandler):
    hub: StandInHub
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, *, body: bool) -> None:
        path = unquote(urlparse(self.path).path)
        self.hub.log(Request(self.command, path, self.headers.get("Range")))
        if self.hub.faults.down:
            return self._error(503, "ServiceUnavailable")
        if path.startswith("/api/models/"):
            return self._model_info(path.removeprefix("/api/models/"))
        if path.startswith("/cdn/"):
            found = self.hub.blob(path.removeprefix("/cdn/"))
            if found is None:
                return self._error(404, "EntryNotFound")
            return self._send_file(*found, body=body)
        repo_id, separator, rest = path.lstrip("/").partition("/resolve/")
        if not separator:
            return self._error(404, "RepoNotFound")
        revision, _, name = rest.partition("/")
        repo = self.hub.repos.get(repo_id)
        if repo is None:
            return self._error(404, "RepoNotFound")
        if revision not in {"main", repo.commit}:
            return self._error(404, "RevisionNotFound", commit=None)
        repo_file = repo.files.get(name)
        if repo_file is None:
            return self._error(404, "EntryNotFound", commit=repo.commit)
        if repo_file.lfs:  # the real hub sends large files from a CDN on another host
            host = "localhost" if self.headers.get("Host", "").startswith("127.0.0.1") else "127.0.0.1"
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", f"http://{host}:{self.hub.port}/cdn/{repo_file.sha256}")
            self.send_header("X-Repo-Commit", repo.commit)
            self.send_header("X-Linked-Etag", f'"{repo_file.sha256}"')
            self.send_header("X-Linked-Size", str(len(repo_file.data)))
            self.send_header("ETag", f'"{repo_file.git_oid}"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        self._send_file(name, repo_file, body=body, commit=repo.commit)
        return None

    def _model_info(self, rest: str) -> None:
        if "/tree/" in rest:
            return self._tree(*rest.split("/tree/"))
        repo_id = rest.split("/revision/")[0]
        repo = self.hub.repos.get(repo_id)
        if repo is None:
            return self._error(404, "RepoNotFound")
        siblings = [
            {
                "rfilename": name,
                "size": len(f.data),
                "blobId": f.git_oid,
                **({"lfs": {"size": len(f.data), "sha256": f.sha256, "pointerSize": 134}} if f.lfs else {}),
            }
            for name, f in sorted(repo.files.items())
        ]
        document = {
            "_id": repo.commit[:24],
            "id": repo_id,
            "modelId": repo_id,
            "sha": repo.commit,
            "private": False,
            "disabled": False,
            "gated": False,
            "library_name": "transformers",
            "tags": ["transformers"],
            "lastModified": "2026-11-01T00:00:00.000Z",
            "siblings": siblings,
        }
        self._json(document)
        return None

    def _tree(self, repo_id: str, revision: str) -> None:
        """The file listing `snapshot_download` reads (`list_repo_tree`), one page."""
        repo = self.hub.repos.get(repo_id)
        if repo is None:
            return self._error(404, "RepoNotFound")
        if revision not in {"main", repo.commit}:
            return self._error(404, "RevisionNotFound")
        self._json(
            [
                {
                    "type": "file",
                    "oid": f.git_oid,
                    "size": len(f.data),
                    "path": name,
                    **({"lfs": {"oid": f.sha256, "size": len(f.data), "pointerSize": 134}} if f.lfs else {}),
                }
                for name, f in sorted(repo.files.items())
            ]
        )
        return None

    def _json(self, document: object) -> None:
        data = json.dumps(document).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _send_file(self, name: str, repo_file: RepoFile, *, body: bool, commit: str | None = None) -> None:
        data = repo_file.data
        faults = self.hub.faults
        if name in faults.flipped:
            data = bytes([data[0] ^ 0xFF]) + data[1:]
        if name in faults.short and body:
            data = data[: len(data) // 2]
        start = _range_start(self.headers.get("Range"))
        status = HTTPStatus.PARTIAL_CONTENT if start else HTTPStatus.OK
        self.send_response(status)
        if commit:
            self.send_header("X-Repo-Commit", commit)
            self.send_header("ETag", f'"{repo_file.git_oid}"')
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(len(data) - start))
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.end_headers()
        if body:
            self._write_body(name, data, start)

    def _write_body(self, name: str, data: bytes, start: int) -> None:
        faults = self.hub.faults
        if name in faults.cut_after and start < faults.cut_after[name]:
            self.wfile.write(data[start : faults.cut_after[name]])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)  # the connection breaks off, and the hub goes away
            threading.Thread(target=self.hub.stop, daemon=True).start()
            return
        if name in faults.hold_after and start < faults.hold_after[name][0]:
            cut, release = faults.hold_after[name]
            self.wfile.write(data[start:cut])
            self.wfile.flush()
            release.wait(timeout=600)
            start = cut
        self.wfile.write(data[start:])

    def _error(self, status: int, code: str, commit: str | None = None) -> None:
        data = json.dumps({"error": code}).encode()
        self.send_response(status)
        self.send_header("X-Error-Code", code)
        self.send_header("Content-Type", "application/json")
        if commit:
            self.send_header("X-Repo-Commit", commit)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def _range_start(header: str | None) -> int:
    if not header or not header.startswith("bytes="):
        return 0
    return int(header.removeprefix("bytes=").split("-")[0] or 0)


def standard_repos(translation: Path, summarization: Path) -> dict[str, Repo]:
    """The two default models' repositories, with their real names and file lists, built from the stand-in
    models (tests/model_factory.py writes each repository's own files) plus the other libraries' files."""
    repos = {}
    for name, directory in ((TRANSLATION_REPO, translation), (SUMMARIZATION_REPO, summarization)):
        others = {file: data for file, data in OTHER_LIBRARY_FILES.items() if file in REAL_FILES[name]}
        repos[name] = repo_from_directory(directory, extra=others)
        assert set(repos[name].files) == REAL_FILES[name], sorted(set(repos[name].files) ^ REAL_FILES[name])
    return repos
