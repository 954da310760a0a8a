"""/metrics against a real Redis and a real worker: queue depth while jobs wait, durations once they are done."""

import pytest
from django.urls import reverse

from summaries.runs.models import Summary
from tests.integration.conftest import wait_until_finished
from tests.summaries.monitoring.test_metrics import value

pytestmark = pytest.mark.integration


def test_queue_depth_then_job_durations(client, broker, start_worker, arabic_article, model_settings):
    for number in range(2):
        response = client.post(
            reverse("summaries:submit"), {"text": f"{arabic_article}\n\n{number}", "force_new": "on"}
        )
        assert response.status_code == 302
    text = client.get("/metrics").content.decode()
    assert value(text, "summaries_redis_up") == 1
    assert value(text, "summaries_queue_messages", queue="summarization") == 2
    assert value(text, "summaries_jobs", status="queued") == 2

    start_worker()
    for summary in Summary.objects.all():
        status = wait_until_finished(
            client, reverse("summaries:article_status", kwargs={"article_id": summary.article_id})
        )
        assert status["status"] == "done", status
    text = client.get("/metrics").content.decode()
    assert value(text, "summaries_queue_messages", queue="summarization") == 0
    labels = {
        "translation_model": model_settings.SUMMARIES_TRANSLATION_MODEL,
        "summarization_model": model_settings.SUMMARIES_SUMMARIZATION_MODEL,
        "backend": "transformers",
    }
    assert value(text, "summaries_job_duration_seconds_count", **labels) == 2
    assert value(text, "summaries_jobs", status="done") == 2
