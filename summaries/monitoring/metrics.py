"""Prometheus metrics: what /metrics reports, and the middleware that times requests.

Requests are measured in the web process that served them (gunicorn's processes share them through
PROMETHEUS_MULTIPROC_DIR, set up in gunicorn.conf.py). Everything about jobs and models is read at scrape
time from where it is true for every machine at once: the database (jobs by status and stage, how long
finished jobs took per model and backend, each model's state) and Redis (messages waiting per queue).
"""

import hmac
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from prometheus_client import CollectorRegistry, Histogram
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

REQUEST_SECONDS = Histogram(
    "summaries_http_request_duration_seconds",
    "Time to answer an HTTP request, by method, route and status.",
    ["method", "route", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
JOB_SECONDS_BUCKETS = (1, 2, 5, 10, 30, 60, 120, 300, 600, 1800)
_PRIORITY_SEPARATOR = "\x06\x16"  # kombu's Redis transport keeps each priority level of a queue in its own list


def has_metrics_token(request: HttpRequest) -> bool:
    """Whether the request presents METRICS_TOKEN as a bearer token (for /metrics and /healthz's details)."""
    token = settings.SUMMARIES_METRICS_TOKEN
    sent = request.META.get("HTTP_AUTHORIZATION", "")
    return bool(token) and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())


class RequestMetricsMiddleware:
    """Times every request; the route is the URL pattern's name, so a label never holds an article id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = match.view_name if match is not None and match.view_name else "unmatched"
        REQUEST_SECONDS.labels(request.method, route, str(response.status_code)).observe(time.perf_counter() - started)
        return response


class StateCollector(Collector):
    """Jobs, queues and models, read when Prometheus scrapes."""

    def collect(self) -> Iterator[GaugeMetricFamily | HistogramMetricFamily]:
        yield from _jobs()
        yield from _queues()
        yield from _models()


def registry() -> CollectorRegistry:
    """The request metrics (of every web process when PROMETHEUS_MULTIPROC_DIR is set) and the state."""
    from prometheus_client import REGISTRY, multiprocess

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        collected = CollectorRegistry()
        multiprocess.MultiProcessCollector(collected)
    else:
        collected = CollectorRegistry()
        collected.register(_Forward(REGISTRY))
    collected.register(StateCollector())
    return collected


class _Forward(Collector):
    """This process's default registry, inside the registry a scrape is answered from."""

    def __init__(self, source: CollectorRegistry) -> None:
        self.source = source

    def collect(self) -> Iterator[Metric]:
        yield from self.source.collect()


def _jobs() -> Iterator[GaugeMetricFamily | HistogramMetricFamily]:
    from summaries.runs.models import Summary

    jobs = GaugeMetricFamily("summaries_jobs", "Runs by status.", labels=["status"])
    running = GaugeMetricFamily("summaries_jobs_running", "Running runs by what they are doing.", labels=["stage"])
    by_status: Counter[str] = Counter()
    for row in Summary.objects.values("status", "stage").annotate(count=Count("pk")).order_by("status", "stage"):
        by_status[row["status"]] += row["count"]
        if row["status"] == Summary.Status.RUNNING:
            running.add_metric([row["stage"] or "starting"], row["count"])
    for status, count in by_status.items():
        jobs.add_metric([status], count)
    yield jobs
    yield running
    durations = HistogramMetricFamily(
        "summaries_job_duration_seconds",
        "Time from a worker taking a run to its result, by model and backend.",
        labels=["translation_model", "summarization_model", "backend"],
    )
    buckets = {
        f"le_{index}": Count("pk", filter=Q(duration_seconds__lte=bound))
        for index, bound in enumerate(JOB_SECONDS_BUCKETS)
    }
    rows = (
        Summary.objects.filter(status=Summary.Status.DONE, duration_seconds__isnull=False)
        .values("translation_model", "summarization_model", "backend")
        .annotate(total=Count("pk"), seconds=Sum("duration_seconds"), **buckets)
        .order_by()
    )
    for row in rows:
        counts = [(str(bound), row[f"le_{index}"]) for index, bound in enumerate(JOB_SECONDS_BUCKETS)]
        durations.add_metric(
            [row["translation_model"], row["summarization_model"], row["backend"]],
            buckets=[*counts, ("+Inf", row["total"])],
            sum_value=row["seconds"] or 0.0,
        )
    yield durations


def _queues() -> Iterator[GaugeMetricFamily]:
    """Messages waiting in Redis per queue (a worker's unacknowledged message is not counted: it is taken)."""
    import redis

    from newsapp.celery import app

    up = GaugeMetricFamily("summaries_redis_up", "Whether Redis answered the scrape.")
    depth = GaugeMetricFamily("summaries_queue_messages", "Messages waiting in each queue.", labels=["queue"])
    client = redis.Redis.from_url(app.conf.broker_url, socket_timeout=1, socket_connect_timeout=1)
    try:
        for queue in settings.CELERY_TASK_QUEUES:
            names = [queue, *(f"{queue}{_PRIORITY_SEPARATOR}{level}" for level in (3, 6, 9))]
            depth.add_metric([queue], sum(client.llen(name) for name in names))
        up.add_metric([], 1)
    except redis.RedisError as exc:
        logger.warning("metrics: Redis did not answer (%s)", type(exc).__name__)
        up.add_metric([], 0)
        depth = GaugeMetricFamily("summaries_queue_messages", "Messages waiting in each queue.", labels=["queue"])
    finally:
        client.close()
    yield up
    yield depth


def _models() -> Iterator[GaugeMetricFamily]:
    from summaries.modelops.models import ModelState
    from summaries.modelops.readiness import models_readiness

    state = GaugeMetricFamily(
        "summaries_model_state", "1 for each configured model's current state.", labels=["model", "setting", "state"]
    )
    percent = GaugeMetricFamily(
        "summaries_model_download_percent", "Download progress of a model on its way.", labels=["model"]
    )
    memory = GaugeMetricFamily(
        "summaries_model_worker_resident_bytes",
        "Resident memory of the worker that loaded the model, after loading.",
        labels=["model", "backend", "device"],
    )
    for model in models_readiness():
        for choice in ModelState.State.values:
            state.add_metric([model.model_id, model.setting, choice], 1 if model.state == choice else 0)
        if model.percent is not None:
            percent.add_metric([model.model_id], model.percent)
        if model.resident_mb is not None:
            memory.add_metric([model.model_id, model.backend, model.device], model.resident_mb * 1e6)
    yield from (state, percent, memory)
