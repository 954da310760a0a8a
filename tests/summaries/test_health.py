"""/healthz's model check: each configured model's state, and what to do about one that is not here.

The whole report (ok / degraded / unhealthy with real Redis and workers) is checked in
tests/integration/test_first_run.py and test_faults.py."""

import pytest

from summaries.health import check_models
from summaries.models import ModelState
from summaries.services.provisioning import model_loaded_record, model_state_set

from ..hub_standin import TRANSLATION_REPO

pytestmark = pytest.mark.django_db


def entries() -> dict[str, dict]:
    models = check_models()["models"]
    assert isinstance(models, list)
    return {entry["setting"]: entry for entry in models}


def test_models_on_this_machine_are_ready():
    assert check_models()["ok"] is True
    assert {entry["state"] for entry in entries().values()} == {"ready"}


def test_a_missing_model_says_what_to_do(settings):
    settings.SUMMARIES_TRANSLATION_MODEL = TRANSLATION_REPO
    report = check_models()
    assert report["ok"] is False
    missing = entries()["TRANSLATION_MODEL"]
    assert (missing["model"], missing["state"]) == (TRANSLATION_REPO, "missing")
    assert "python manage.py download_models" in missing["action"] and "TRANSLATION_MODEL" in missing["action"]
    assert entries()["SUMMARIZATION_MODEL"]["state"] == "ready"


def test_a_download_reports_its_percentage(settings):
    settings.SUMMARIES_TRANSLATION_MODEL = TRANSLATION_REPO
    model_state_set(TRANSLATION_REPO, ModelState.State.DOWNLOADING, bytes_done=30, bytes_total=120)
    assert entries()["TRANSLATION_MODEL"] | {"action": ""} == {
        "setting": "TRANSLATION_MODEL",
        "model": TRANSLATION_REPO,
        "state": "downloading",
        "percent": 25,
        "problem": None,
        "action": "",
    }


def test_a_download_whose_fetcher_stopped_is_missing_again(settings):
    settings.SUMMARIES_TRANSLATION_MODEL = TRANSLATION_REPO
    model_state_set(TRANSLATION_REPO, ModelState.State.DOWNLOADING, bytes_done=30, bytes_total=120)
    ModelState.objects.filter(model_id=TRANSLATION_REPO).update(updated_at="2026-01-01T00:00:00Z")
    entry = entries()["TRANSLATION_MODEL"]
    assert (entry["state"], entry["problem"]) == ("missing", "interrupted")


def test_a_loaded_model_shows_where_it_runs(settings, tiny_models):
    model_loaded_record(model_id=str(tiny_models.translation), backend="ctranslate2", device="cpu", worker="w@h")
    entry = entries()["TRANSLATION_MODEL"]
    assert (entry["state"], entry["backend"], entry["device"]) == ("ready", "ctranslate2", "cpu")
    assert entry["resident_mb"] > 0
