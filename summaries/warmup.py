"""What a web process does once at start, so its first visitors do not wait for it: load the language
detector, start the fork server that parses uploads, compile the busiest templates, and connect to the
database and the broker.

Called by gunicorn after it forks each worker process (gunicorn.conf.py). Nothing here may stop a
process from serving: a database or Redis that is down now is reported by /healthz, not here.
"""

import logging
import time

logger = logging.getLogger(__name__)

TEMPLATES = ["summaries/submit.html", "summaries/article_detail.html", "summaries/submit_results.html"]


def warm_up() -> float:
    """Prepare this process; returns the seconds it took."""
    started = time.perf_counter()
    from django.db import connection
    from django.template.loader import get_template

    from newsapp.celery import app as celery_app
    from summaries.articles.intake import sandbox
    from summaries.articles.intake.language import detect_language

    detect_language("The presidents signed an agreement. وقّع الرئيسان اتفاقية.")
    sandbox.start()  # the fork server that parses uploaded files, with the parsers loaded
    for name in TEMPLATES:
        get_template(name)
    try:
        connection.ensure_connection()
    except Exception as exc:  # noqa: BLE001 - reported by /healthz; the process must still start
        logger.warning("warm-up: database not reachable yet (%s)", type(exc).__name__)
    finally:
        connection.close()  # this thread's connection; request threads open their own
    try:
        # The producer pool the first submission will use, so its connection is the one opened here.
        with celery_app.producer_or_acquire() as producer:
            producer.connection.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001 - submissions stay queued while Redis is down
        logger.warning("warm-up: broker not reachable yet (%s)", type(exc).__name__)
    elapsed = time.perf_counter() - started
    logger.info("web process warmed up in %.2f s", elapsed)
    return elapsed
