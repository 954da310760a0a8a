"""Health checks for `/healthz`: the database, Redis, at least one worker answering, beat ticking, and
the models.

The checks cost a database query, two Redis round trips and a worker ping that waits up to a second, so
they never run for a request: each web process keeps its last report and refreshes it in a background
thread once it is older than HEALTH_REFRESH_SECONDS, answering meanwhile from the one it has (48 callers
at once used to ping the workers 48 times and slow every page). Only the very first request of a process
waits for a report.
"""

import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

PING_TIMEOUT = 1.0


def check_database() -> dict[str, object]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def check_redis() -> dict[str, object]:
    import redis

    from newsapp.celery import app

    # The broker the app really uses (the same as REDIS_URL unless configured otherwise).
    client = redis.Redis.from_url(app.conf.broker_url, socket_timeout=PING_TIMEOUT, socket_connect_timeout=PING_TIMEOUT)
    try:
        client.ping()
    finally:
        client.close()
    return {"ok": True}


def check_workers() -> dict[str, object]:
    """Workers answer a broadcast ping; only their number is reported (host names stay private)."""
    from newsapp.celery import app

    replies = app.control.ping(timeout=PING_TIMEOUT) or []
    return {"ok": bool(replies), "count": len(replies)}


def check_models() -> dict[str, object]:
    """Each configured model: missing, downloading (percent), converting or ready (backend, device, worker
    memory), with what to do about one that is not here. A missing model degrades the site, it does not
    break it: articles get their key sentences and wait for it."""
    from django.utils import translation

    from summaries.engines import ConfiguredModel
    from summaries.modelops.fetcher import model_advice
    from summaries.modelops.readiness import models_readiness

    models = []
    with translation.override("en"):
        for model in models_readiness():
            entry: dict[str, object] = {"setting": model.setting, "model": model.model_id, "state": model.state}
            if model.percent is not None:
                entry["percent"] = model.percent
            if model.ready:
                entry |= {
                    "backend": model.backend or None,
                    "device": model.device or None,
                    "resident_mb": model.resident_mb,
                }
            else:
                configured = ConfiguredModel(model.setting, model.model_id, model.kind)
                entry["problem"] = model.problem or None
                entry["action"] = model_advice(configured, model.problem, model.detail)
            models.append(entry)
    return {"ok": all(entry["state"] == "ready" for entry in models), "models": models}


def check_beat() -> dict[str, object]:
    """Beat stamps Redis when it starts and at every sweep (runs/beat.py); a stamp older than two sweep
    intervals means no sweep and no feed poll is being sent, and crashed runs are never brought back."""
    from summaries.runs.beat import beat_last_tick, beat_stopped_after

    last = beat_last_tick()
    if last is None:
        return {"ok": False, "error": "beat has not ticked since Redis started"}
    age = max(0.0, time.time() - last)
    return {"ok": age <= beat_stopped_after(), "seconds_since_tick": round(age)}


CHECKS: dict[str, Callable[[], dict[str, object]]] = {
    "database": check_database,
    "redis": check_redis,
    "workers": check_workers,
    "beat": check_beat,
    "models": check_models,
}
# Without these the site cannot work; the others (the models) only degrade it.
ESSENTIAL = ("database", "redis", "workers", "beat")
_NEED_REDIS = ("workers", "beat")


def health_report() -> dict[str, object]:
    """Every check's result and time; a failing check says why in one line and never raises."""
    results: dict[str, object] = {}
    for name, check in CHECKS.items():
        if name in _NEED_REDIS and not results["redis"]["ok"]:  # type: ignore[index]
            results[name] = {"ok": False, "error": "Redis is unreachable, so this cannot be checked"}
            continue
        started = time.perf_counter()
        try:
            result = check()
        except Exception as exc:  # noqa: BLE001 - a health check reports every failure instead of raising it
            logger.warning("health check %s failed: %s", name, exc)
            result = {"ok": False, "error": type(exc).__name__}  # details only in the log: this page is public
        result["seconds"] = round(time.perf_counter() - started, 3)
        results[name] = result
    if not all(results[name]["ok"] for name in ESSENTIAL):  # type: ignore[index]
        status = "unhealthy"
    elif not all(result["ok"] for result in results.values()):  # type: ignore[index]
        status = "degraded"
    else:
        status = "ok"
    return {"status": status, "checks": results}


class _Reports:
    """This process's last report, and at most one refresh running."""

    def __init__(self) -> None:
        self.report: dict[str, object] | None = None
        self.made_at = 0.0
        self.refreshing = False
        self.lock = threading.Lock()


_REPORTS = _Reports()


def current_report() -> dict[str, object]:
    """The last report; one older than HEALTH_REFRESH_SECONDS is answered as it is while a background
    thread makes the next. The first request of a process waits for one (and so do its companions)."""
    with _REPORTS.lock:
        report, age = _REPORTS.report, time.monotonic() - _REPORTS.made_at
        stale = report is not None and age >= settings.SUMMARIES_HEALTH_REFRESH_SECONDS
        if stale and not _REPORTS.refreshing:
            _REPORTS.refreshing = True
            threading.Thread(target=_refresh, name="health-refresh", daemon=True).start()
    if report is not None:
        return report
    with _REPORTS.lock:  # the first: made here, once, for everyone who arrived meanwhile
        if _REPORTS.report is None:
            _store(health_report())
        return _REPORTS.report  # type: ignore[return-value]


def clear_reports() -> None:
    """Forget this process's report (tests, or after settings change)."""
    with _REPORTS.lock:
        _REPORTS.report, _REPORTS.made_at = None, 0.0


def _refresh() -> None:
    """In its own thread: make the next report, and give the thread's database connection back."""
    try:
        report = health_report()
        with _REPORTS.lock:
            _store(report)
    finally:
        connection.close()
        with _REPORTS.lock:
            _REPORTS.refreshing = False


def _store(report: dict[str, object]) -> None:
    _REPORTS.report, _REPORTS.made_at = report, time.monotonic()
