"""/metrics: who may scrape it, and what it reports about requests, jobs and models.

Queue depths from a real Redis are checked in tests/integration/test_metrics.py."""

import re

import pytest
from django.test import Client

from summaries.articles.submission import article_submit
from summaries.runs.models import Summary
from summaries.runs.processing import summary_process
from tests.factories import make_article

pytestmark = pytest.mark.django_db

OUTSIDE = {"REMOTE_ADDR": "203.0.113.9"}


def value(text: str, name: str, **labels: str) -> float | None:
    """The sample's value, or None: `name{labels}` matched whatever the label order."""
    for line in text.splitlines():
        if line.startswith((name + "{", name + " ")):
            found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0]))
            if all(found.get(key) == wanted for key, wanted in labels.items()):
                return float(line.rsplit(" ", 1)[1])
    return None


class TestAccess:
    def test_loopback_may_scrape(self, client):
        response = client.get("/metrics")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/plain; version=")

    @pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
    def test_anyone_else_finds_nothing_there(self, method):
        """Exactly what an unknown address answers, CSRF checks on as for a browser: the CSRF check used to
        answer a POST with 403 before the view could say 404, telling outsiders the endpoint exists."""
        client = Client(enforce_csrf_checks=True)
        unknown = getattr(client, method)("/no-such-endpoint", **OUTSIDE)
        refused = getattr(client, method)("/metrics", **OUTSIDE)
        assert refused.status_code == unknown.status_code == 404

    def test_the_token_opens_it_from_anywhere(self, settings):
        settings.SUMMARIES_METRICS_TOKEN = "s3cret-token"
        assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token", **OUTSIDE).status_code == 200
        assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong", **OUTSIDE).status_code == 404

    def test_the_networks_are_a_setting(self, settings):
        import ipaddress

        settings.SUMMARIES_METRICS_NETWORKS = [ipaddress.ip_network("203.0.113.0/24")]
        assert Client().get("/metrics", **OUTSIDE).status_code == 200
        assert Client().get("/metrics").status_code == 404  # loopback is no longer listed


class TestContent:
    def test_requests_are_counted_by_route_and_status(self, client):
        before = (
            value(
                client.get("/metrics").content.decode(),
                "summaries_http_request_duration_seconds_count",
                method="GET",
                route="summaries:submit",
                status="200",
            )
            or 0
        )
        client.get("/")
        text = client.get("/metrics").content.decode()
        assert (
            value(
                text,
                "summaries_http_request_duration_seconds_count",
                method="GET",
                route="summaries:submit",
                status="200",
            )
            == before + 1
        )

    def test_jobs_by_status_and_stage_and_how_long_finished_ones_took(self, client, arabic_article, settings):
        make_article()  # one queued
        done = article_submit(text=arabic_article, enqueue=False).article.latest_summary
        summary_process(summary_id=done.pk)
        done.refresh_from_db()
        assert done.status == "done" and done.backend == "transformers" and done.duration_seconds > 0
        text = client.get("/metrics").content.decode()
        assert value(text, "summaries_jobs", status="queued") == 1
        assert value(text, "summaries_jobs", status="done") == 1
        labels = {
            "translation_model": settings.SUMMARIES_TRANSLATION_MODEL,
            "summarization_model": settings.SUMMARIES_SUMMARIZATION_MODEL,
            "backend": "transformers",
        }
        assert value(text, "summaries_job_duration_seconds_count", **labels) == 1
        assert value(text, "summaries_job_duration_seconds_sum", **labels) == pytest.approx(done.duration_seconds)
        assert value(text, "summaries_job_duration_seconds_bucket", le="+Inf", **labels) == 1
        Summary.objects.filter(pk=done.pk).update(status="running", stage="translating")
        text = client.get("/metrics").content.decode()
        assert value(text, "summaries_jobs_running", stage="translating") == 1
        assert value(text, "summaries_jobs", status="running") == 1

    def test_model_states(self, client, settings):
        settings.SUMMARIES_TRANSLATION_MODEL = "Helsinki-NLP/opus-mt-ar-en"  # not on this machine
        text = client.get("/metrics").content.decode()
        assert value(text, "summaries_model_state", model="Helsinki-NLP/opus-mt-ar-en", state="missing") == 1
        assert value(text, "summaries_model_state", model="Helsinki-NLP/opus-mt-ar-en", state="ready") == 0
        assert value(text, "summaries_model_state", setting="SUMMARIZATION_MODEL", state="ready") == 1

    def test_an_unreachable_redis_is_reported_not_an_error(self, client, settings):
        from newsapp.celery import app

        previous = app.conf.broker_url
        app.conf.broker_url = "redis://127.0.0.1:1/0"
        try:
            text = client.get("/metrics").content.decode()
        finally:
            app.conf.broker_url = previous
        assert value(text, "summaries_redis_up") == 0
        assert Summary.objects.count() == 0
