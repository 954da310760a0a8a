"""/healthz's model check: each configured model's state, and what to do about one that is not here.

The whole report (ok / degraded / unhealthy with real Redis and workers) is checked in
tests/integration/test_first_run.py and test_faults.py."""

import pytest

from summaries.modelops.models import ModelState
from summaries.modelops.provisioning import model_loaded_record, model_state_set
from summaries.monitoring.health import check_models
from tests.hub_standin import TRANSLATION_REPO

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


class TestTheReport:
    """What /healthz answers, to whom, and how often its checks run (with counting checks in place of the
    real ones: the report's own logic is what is tested here; the real checks run in tests/integration)."""

    @pytest.fixture
    def checks(self, monkeypatch):
        from summaries.monitoring import health

        calls = {"workers": 0}

        def workers() -> dict[str, object]:
            calls["workers"] += 1
            return {"ok": True, "count": 1}

        fake = {name: (lambda: {"ok": True}) for name in health.CHECKS}
        monkeypatch.setattr(health, "CHECKS", {**fake, "workers": workers})
        return calls

    def test_anyone_gets_the_status_word_only(self, checks, client):
        response = client.get("/healthz")
        assert (response.status_code, response.json()) == (200, {"status": "ok"})

    def test_staff_and_the_metrics_token_get_the_details(self, checks, client, settings):
        from tests.factories import make_user

        settings.SUMMARIES_METRICS_TOKEN = "t0ken"
        assert "checks" in client.get("/healthz", HTTP_AUTHORIZATION="Bearer t0ken").json()
        assert "checks" not in client.get("/healthz", HTTP_AUTHORIZATION="Bearer wrong").json()
        client.force_login(make_user("admin", staff=True))
        assert client.get("/healthz").json()["checks"]["workers"] == {"ok": True, "count": 1, "seconds": 0.0}

    def test_a_flood_of_callers_runs_the_checks_once(self, checks, client):
        """Each call used to ping the workers and wait for them: 48 callers made every page slow."""
        for _ in range(50):
            assert client.get("/healthz").status_code == 200
        assert checks["workers"] == 1

    def test_an_old_report_is_answered_while_the_next_is_made_in_the_background(self, checks, client, settings):
        from tests.polling import wait_for

        settings.SUMMARIES_HEALTH_REFRESH_SECONDS = 0  # every report is old at once
        assert client.get("/healthz").status_code == 200 and checks["workers"] == 1
        assert client.get("/healthz").status_code == 200  # answered from the old report, not waiting
        wait_for(lambda: checks["workers"] == 2, timeout=10, message="the background refresh never ran")
