"""Health checks for `/healthz`: the database, Redis, and at least one worker answering."""

import logging
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


CHECKS: dict[str, Callable[[], dict[str, object]]] = {
    "database": check_database,
    "redis": check_redis,
    "workers": check_workers,
}


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
    healthy = all(result["ok"] for result in results.values())  # type: ignore[index]
    return {"status": "ok" if healthy else "unhealthy", "checks": results}
