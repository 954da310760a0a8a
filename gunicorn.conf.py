"""gunicorn settings for production (`docker/start.sh web`), read from the environment when gunicorn starts,
through the same checked reader as the Django settings (newsapp/environment.py).

The defaults are the load test's best (bench/load.py, README "Load"): 2 processes x 8 threads.
"""

import os
import sys

# gunicorn reads this file before it puts the project on the import path (it does that to load the app).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from newsapp.environment import OneOf, env, integer

bind = f"0.0.0.0:{integer('PORT', 8000, minimum=1)}"
workers = integer("WEB_CONCURRENCY", 2, minimum=1)
threads = integer("WEB_THREADS", 8, minimum=1)
# A request running longer than this is killed; the slow work (the models) runs in the Celery worker.
timeout = integer("WEB_TIMEOUT", 60, minimum=1)
graceful_timeout = integer("WEB_GRACEFUL_TIMEOUT", 30, minimum=1)
# Keep-alive connections from a reverse proxy on the same network.
keepalive = 5
# Each worker process imports the app after the fork, so no database or Redis connection is shared.
preload_app = False

# Logs go to the container's output; the access log never includes request bodies.
accesslog = "-"
errorlog = "-"
loglevel = env.str("LOG_LEVEL", "INFO", validate=OneOf(["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"])).lower()

# Proxies whose X-Forwarded-Proto gunicorn believes (e.g. the TLS terminator's address, or "*" when only
# the proxy can reach this port). Django has its own switch: SECURE_PROXY_SSL_HEADER.
forwarded_allow_ips = env.str("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The heartbeat files live in memory: a container's disk may be slow or an overlay that blocks workers.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# No `gunicornc` control socket in $HOME: containers are managed by signals, and scaling by the orchestrator.
control_socket_disable = True


# The metrics folder this server made for itself (removed when it exits); one given by the environment stays.
_made_metrics_folders: list[str] = []


def on_starting(server) -> None:
    """/metrics must count the requests of every worker process, not only of the one a scrape reaches:
    prometheus_client's multiprocess mode keeps each process's values in files of a folder they share.
    It is this server's own (PROMETHEUS_MULTIPROC_DIR, emptied at start, or a new temporary folder), so a
    restart or a second server never counts other processes."""
    import shutil
    import tempfile

    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
    else:
        folder = tempfile.mkdtemp(prefix="newsapp-metrics-")
        _made_metrics_folders.append(folder)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder


def on_exit(server) -> None:
    import shutil

    for folder in _made_metrics_folders:
        shutil.rmtree(folder, ignore_errors=True)


def child_exit(server, worker) -> None:
    """A worker process that is gone no longer contributes to live gauges."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker) -> None:
    """Each worker process loads the language detector and connects before its first request."""
    from summaries.warmup import warm_up

    warm_up()
