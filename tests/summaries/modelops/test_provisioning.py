"""Making the configured models ready: fetch, convert, record, and queue again the runs that waited."""

import huggingface_hub.constants
import pytest

from summaries.articles.submission import article_submit
from summaries.engines import conversion, hub
from summaries.modelops.fetcher import models_watch
from summaries.modelops.models import ModelState
from summaries.modelops.provisioning import model_loaded_record, models_provision
from summaries.runs.models import Summary
from summaries.runs.processing import summary_process
from tests.hub_standin import SUMMARIZATION_REPO, TRANSLATION_REPO

pytestmark = pytest.mark.django_db(transaction=True)  # the download progress is written from its own thread


def states() -> dict[str, tuple[str, str, str]]:
    return {row.model_id: (row.state, row.backend, row.problem) for row in ModelState.objects.all()}


class TestProvision:
    def test_fetches_converts_and_records_every_model(self, online, settings) -> None:
        settings.SUMMARIES_INFERENCE_BACKEND = "auto"
        said: list[str] = []
        result = models_provision(say=said.append)
        assert result.all_ready and result.ready == [TRANSLATION_REPO, SUMMARIZATION_REPO]
        assert states() == {
            TRANSLATION_REPO: ("ready", "ctranslate2", ""),
            SUMMARIZATION_REPO: ("ready", "ctranslate2", ""),
        }
        assert all(conversion.is_converted(model_id) for model_id in (TRANSLATION_REPO, SUMMARIZATION_REPO))
        row = ModelState.objects.get(model_id=TRANSLATION_REPO)
        assert row.bytes_total == row.bytes_done > 0
        assert any(line.startswith(f"TRANSLATION_MODEL: downloading {TRANSLATION_REPO} (7 files, ") for line in said)

    def test_a_second_pass_fetches_and_converts_nothing(self, online, settings) -> None:
        settings.SUMMARIES_INFERENCE_BACKEND = "auto"
        models_provision()
        copy = conversion.converted_dir(TRANSLATION_REPO) / "model.bin"
        made = copy.stat().st_mtime_ns
        online.clear_log()
        said: list[str] = []
        assert models_provision(say=said.append).all_ready
        assert online.requests == []
        assert copy.stat().st_mtime_ns == made
        assert said == [
            f"TRANSLATION_MODEL: {TRANSLATION_REPO} is in the Hugging Face cache; nothing to download.",
            f"SUMMARIZATION_MODEL: {SUMMARIZATION_REPO} is in the Hugging Face cache; nothing to download.",
        ]

    def test_with_the_transformers_backend_nothing_is_converted(self, online, settings):
        settings.SUMMARIES_INFERENCE_BACKEND = "transformers"
        assert models_provision().all_ready
        assert states()[TRANSLATION_REPO] == ("ready", "transformers", "")
        assert not conversion.converted_dir(TRANSLATION_REPO).exists()

    def test_an_unreachable_hub_is_asked_once_per_pass(self, online):
        """The first model finds the hub down; the second is not fetched from it in the same pass."""
        online.faults.down = True
        result = models_provision()
        assert set(result.problems) == {TRANSLATION_REPO, SUMMARIZATION_REPO}
        assert {problem.code for problem in result.problems.values()} == {"unreachable"}
        assert len(online.requests) == 1
        assert states()[SUMMARIZATION_REPO] == ("missing", "", "unreachable")

    def test_offline_mode_asks_the_hub_nothing(self, online, monkeypatch):
        monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
        result = models_provision()
        assert {problem.code for problem in result.problems.values()} == {"offline"}
        assert online.requests == []

    def test_local_directories_are_ready_without_the_hub(self, settings, tiny_models):
        settings.SUMMARIES_INFERENCE_BACKEND = "transformers"
        assert models_provision().all_ready
        assert states()[str(tiny_models.translation)] == ("ready", "transformers", "")

    def test_a_worker_records_backend_device_and_memory(self, online):
        model_loaded_record(model_id=TRANSLATION_REPO, backend="ctranslate2", device="cpu", worker="w1@host")
        row = ModelState.objects.get(model_id=TRANSLATION_REPO)
        assert (row.state, row.backend, row.device, row.loaded_by) == ("ready", "ctranslate2", "cpu", "w1@host")
        assert row.resident_mb > 0


class TestWaitingRuns:
    def test_a_run_that_waited_completes_on_ctranslate2_once_the_models_arrive(self, online, settings, arabic_article):
        settings.SUMMARIES_INFERENCE_BACKEND = "auto"
        summary = article_submit(text=arabic_article, enqueue=False).article.latest_summary
        summary_process(summary_id=summary.pk)
        summary.refresh_from_db()
        assert summary.status == Summary.Status.WAITING
        assert summary.waiting_model_ids == [TRANSLATION_REPO, SUMMARIZATION_REPO]

        models_provision()  # the models arrive; the run is queued again (Redis is not running here: it stays queued)
        summary.refresh_from_db()
        assert (summary.status, summary.waiting_for) == (Summary.Status.QUEUED, [])
        summary_process(summary_id=summary.pk)
        summary.refresh_from_db()
        assert summary.status == Summary.Status.DONE and summary.translation and summary.summary_text
        assert states()[TRANSLATION_REPO][:2] == ("ready", "ctranslate2")
        assert ModelState.objects.get(model_id=TRANSLATION_REPO).device == "cpu"


class TestWatch:
    def test_what_to_do_is_said_once_however_many_passes(self, online, settings) -> None:
        settings.SUMMARIES_AUTO_DOWNLOAD_MODELS = True
        online.faults.down = True
        said: list[str] = []
        passes = iter(range(3))
        assert models_watch(interval=0, should_stop=lambda: next(passes, None) is None, say=said.append) is False
        advice = [line for line in said if "cannot be downloaded now" in line]
        assert len(advice) == 1 and len(online.requests) == 3
        assert "TRANSLATION_MODEL (Helsinki-NLP/opus-mt-ar-en) and SUMMARIZATION_MODEL" in advice[0]
        assert "download_models" in advice[0] and "local directory" in advice[0]

    def test_it_ends_when_every_model_is_ready(self, online, settings) -> None:
        settings.SUMMARIES_AUTO_DOWNLOAD_MODELS = True
        settings.SUMMARIES_INFERENCE_BACKEND = "transformers"
        said: list[str] = []
        assert models_watch(interval=0, should_stop=lambda: False, say=said.append) is True
        assert said[-1] == "All models are ready."
        assert hub.local_copy(SUMMARIZATION_REPO) is not None
