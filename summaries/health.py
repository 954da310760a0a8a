"""Health checks for `/healthz`: the database, Redis, at least one worker answering, and the models."""

import logging
import time
from collections.abc import Callable

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

    from .engines import ConfiguredModel
    from .selectors import models_readiness
    from .services.fetcher import model_advice

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


CHECKS: dict[str, Callable[[], dict[str, object]]] = {
    "database": check_database,
    "redis": check_redis,
    "workers": check_workers,
    "models": check_models,
}
# Without these the site cannot work; the others (the models) only degrade it.
ESSENTIAL = ("database", "redis", "workers")


def health_report() -> dict[str, object]:
    """Every check's result and time; a failing check says why in one line and never raises."""
    results: dict[str, object] = {}
    for name, check in CHECKS.items():
        if name == "workers" and not results["redis"]["ok"]:  # type: ignore[index]
            results[name] = {"ok": False, "error": "Redis is unreachable, so no worker can be asked"}
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
