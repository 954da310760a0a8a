"""When Celery beat last showed it is alive, kept in Redis for /healthz.

Beat sends the periodic work: the sweep that brings back runs whose worker died, the feed polls. A beat
that died stops all of that without a sound (killed inside `runstack`'s worker it left a zombie, and
/healthz still said "ok"), so beat stamps the time when it starts and every sweep it sends stamps it
again; /healthz counts a stamp older than two sweep intervals as a beat that stopped.
"""

import logging
import time

from django.conf import settings

logger = logging.getLogger(__name__)

STAMP_KEY = "newsapp:beat:last-tick"
_TIMEOUT = 1.0


def beat_stamp() -> None:
    """Record that beat is alive now; an unreachable Redis is logged (the health check reports it)."""
    import redis

    try:
        with _client() as client:
            client.set(STAMP_KEY, repr(time.time()))
    except (redis.RedisError, OSError) as exc:
        logger.warning("could not record beat's tick: %s", exc)


def beat_last_tick() -> float | None:
    """When beat last stamped (seconds since the epoch), or None if it never did since Redis started."""
    with _client() as client:
        value = client.get(STAMP_KEY)
    return float(value) if value is not None else None


def beat_stopped_after() -> float:
    """Seconds without a stamp after which beat counts as stopped: two sweeps missed, and some slack."""
    return 2 * settings.SUMMARIES_SWEEP_INTERVAL + 30


def _client():
    import redis

    from newsapp.celery import app

    return redis.Redis.from_url(app.conf.broker_url, socket_timeout=_TIMEOUT, socket_connect_timeout=_TIMEOUT)
