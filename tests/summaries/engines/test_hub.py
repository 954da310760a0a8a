"""Fetching hub models into the Hugging Face cache: what is fetched, resuming, checks, and an unreachable hub.

Every test talks to the stand-in hub (tests/hub_standin.py) through huggingface_hub's own client code.
"""

import hashlib

import huggingface_hub.constants
import pytest
from huggingface_hub import snapshot_download

from summaries.engines import hub
from tests.hub_standin import (
    NEEDED_FILES,
    OTHER_LIBRARY_FILES,
    SUMMARIZATION_REPO,
    TRANSLATION_REPO,
    StandInHub,
    repo_from_directory,
)

MARIAN_FILES = NEEDED_FILES[TRANSLATION_REPO]
BART_FILES = NEEDED_FILES[SUMMARIZATION_REPO]


def fetched(stand_in: StandInHub) -> list[str]:
    """The names of the files the stand-in sent (GETs of resolve URLs and of CDN blobs)."""
    names = []
    for request in stand_in.requests:
        if request.method != "GET" or request.path.startswith("/api/"):
            continue
        if request.path.startswith("/cdn/"):
            blob = stand_in.blob(request.path.removeprefix("/cdn/"))
            assert blob is not None, request.path
            names.append(blob[0])
        else:
            names.append(request.path.rsplit("/", 1)[-1])
    return names


class TestDownload:
    def test_fetches_what_transformers_needs_and_nothing_else(self, online, settings) -> None:
        """From each repository's real file list: the configs, the tokenizer files and the PyTorch weights
        (neither has safetensors); never the model card, TensorFlow, Rust or Flax files; each file once; the
        progress callback ends at the model's size."""
        progress: list[tuple[int, int]] = []
        snapshot = hub.download(TRANSLATION_REPO, on_progress=lambda done, total: progress.append((done, total)))
        assert {path.name for path in snapshot.iterdir()} == MARIAN_FILES
        hub.download(SUMMARIZATION_REPO)
        assert sorted(fetched(online)) == sorted([*MARIAN_FILES, *BART_FILES])
        assert not set(fetched(online)) & set(OTHER_LIBRARY_FILES)
        size = sum(len(online.repos[TRANSLATION_REPO].files[name].data) for name in MARIAN_FILES)
        assert progress[-1] == (size, size)
        assert hub.local_copy(TRANSLATION_REPO) == snapshot

    def test_the_cache_it_writes_is_read_by_transformers_by_hub_id(self, online, settings):
        """The standard cache layout: transformers finds the model by its hub id, offline."""
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        hub.download(TRANSLATION_REPO)
        cache = str(settings.SUMMARIES_HF_CACHE)
        tokenizer = AutoTokenizer.from_pretrained(TRANSLATION_REPO, cache_dir=cache, local_files_only=True)
        model = AutoModelForSeq2SeqLM.from_pretrained(TRANSLATION_REPO, cache_dir=cache, local_files_only=True)
        assert type(tokenizer).__name__ == "MarianTokenizer" and model.config.model_type == "marian"

    def test_a_cache_filled_by_huggingface_hub_itself_is_found(self, online, settings):
        """A cache made elsewhere by the real client (copied to an offline machine) counts as the model."""
        snapshot = snapshot_download(TRANSLATION_REPO, cache_dir=str(settings.SUMMARIES_HF_CACHE), endpoint=online.url)
        assert hub.local_copy(TRANSLATION_REPO) == type(hub.local_copy(TRANSLATION_REPO))(snapshot)

    def test_a_second_download_fetches_no_file(self, online):
        hub.download(TRANSLATION_REPO)
        online.clear_log()
        hub.download(TRANSLATION_REPO)
        assert fetched(online) == []

    def test_safetensors_are_fetched_instead_of_pytorch_weights_when_a_repository_has_both(
        self, online, tiny_models, settings
    ):
        repo = repo_from_directory(tiny_models.translation)
        repo.files["model.safetensors"] = repo.files["pytorch_model.bin"]
        repo.files["pytorch_model.bin"] = type(repo.files["pytorch_model.bin"])(b"not to be fetched", lfs=True)
        online.repos["someone/both-formats"] = repo
        snapshot = hub.download("someone/both-formats")
        names = {path.name for path in snapshot.iterdir()}
        assert "model.safetensors" in names and "pytorch_model.bin" not in names
        assert hub.local_copy("someone/both-formats") == snapshot


class TestInterruptions:
    def test_a_transfer_cut_off_is_resumed_from_where_it_stopped(self, online):
        """The hub goes away mid-file: the part received is kept, the model is not usable, and the next attempt
        asks only for the rest (HTTP Range) and ends with the exact file."""
        weights = online.repos[TRANSLATION_REPO].files["pytorch_model.bin"]
        cut = len(weights.data) // 3
        online.faults.cut_after["pytorch_model.bin"] = cut
        with pytest.raises(hub.HubError) as caught:
            hub.download(TRANSLATION_REPO)
        assert caught.value.code == "interrupted" and f"at {cut} of {len(weights.data)} bytes" in str(caught.value)
        assert hub.local_copy(TRANSLATION_REPO) is None

        online.faults.cut_after.clear()
        online.clear_log()
        online.start()
        snapshot = hub.download(TRANSLATION_REPO)
        assert [request.range for request in online.file_requests("pytorch_model.bin")] == [f"bytes={cut}-"]
        assert hashlib.sha256((snapshot / "pytorch_model.bin").read_bytes()).hexdigest() == weights.sha256
        assert fetched(online) == ["pytorch_model.bin"]  # the files finished before were not fetched again

    def test_a_file_of_the_wrong_size_is_discarded_with_the_reason(self, online):
        online.faults.short.add("pytorch_model.bin")
        size = len(online.repos[TRANSLATION_REPO].files["pytorch_model.bin"].data)
        with pytest.raises(hub.HubError) as caught:
            hub.download(TRANSLATION_REPO)
        assert caught.value.code == "corrupt"
        assert f"pytorch_model.bin arrived with {size // 2} bytes instead of the {size} the hub announced" in str(
            caught.value
        )
        assert hub.local_copy(TRANSLATION_REPO) is None
        blobs = hub.storage(TRANSLATION_REPO) / "blobs"
        assert not [path for path in blobs.iterdir() if path.stat().st_size == size // 2]  # nothing half kept

        online.faults.short.clear()
        assert hub.download(TRANSLATION_REPO) == hub.local_copy(TRANSLATION_REPO)

    def test_a_file_whose_bytes_do_not_match_its_checksum_is_discarded(self, online):
        online.faults.flipped.add("pytorch_model.bin")
        with pytest.raises(hub.HubError) as caught:
            hub.download(TRANSLATION_REPO)
        assert caught.value.code == "corrupt" and "does not match its SHA-256 checksum" in str(caught.value)
        assert hub.local_copy(TRANSLATION_REPO) is None


class TestUnreachable:
    def test_a_hub_in_trouble_is_asked_once_not_in_a_retry_loop(self, online):
        online.faults.down = True
        with pytest.raises(hub.HubError) as caught:
            hub.download(TRANSLATION_REPO)
        assert caught.value.code == "unreachable" and "503" in str(caught.value)
        assert len(online.requests) == 1

    def test_nothing_listening_is_known_at_once(self, online, settings):
        online.stop()
        with pytest.raises(hub.HubError) as caught:
            hub.download(TRANSLATION_REPO)
        # A refused connection (ConnectError), not a timeout (ConnectTimeout, ReadTimeout): no wait for HUB_TIMEOUT.
        assert caught.value.code == "unreachable" and "ConnectError" in str(caught.value)
        assert "Timeout" not in str(caught.value)

    def test_offline_mode_asks_nothing(self, online, monkeypatch):
        monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
        with pytest.raises(hub.HubError) as caught:
            hub.download(TRANSLATION_REPO)
        assert caught.value.code == "offline"
        assert online.requests == []

    def test_an_unknown_repository_is_named(self, online):
        with pytest.raises(hub.HubError) as caught:
            hub.download("nobody/no-such-model")
        assert caught.value.code == "not_found" and "nobody/no-such-model does not exist on the hub" in str(
            caught.value
        )


class TestLocalCopy:
    def test_a_local_directory_is_its_own_copy(self, tiny_models):
        assert hub.local_copy(str(tiny_models.translation)) == tiny_models.translation

    def test_a_path_that_is_not_a_directory_is_no_hub_id(self, tmp_path):
        assert hub.local_copy(str(tmp_path / "gone")) is None
        assert not hub.is_hub_id(str(tmp_path / "gone"))
        assert hub.is_hub_id(TRANSLATION_REPO) and hub.is_hub_id("gpt2")

    def test_a_snapshot_without_its_weights_is_not_a_copy(self, online):
        snapshot = hub.download(TRANSLATION_REPO)
        (snapshot / "pytorch_model.bin").unlink()
        assert hub.local_copy(TRANSLATION_REPO) is None
