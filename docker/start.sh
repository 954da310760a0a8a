#!/bin/sh
# The container's entry point: one role per container, configured only by the environment.
#
#   web               migrate (MIGRATE_ON_START=1, the default), then gunicorn with gunicorn.conf.py
#   worker            a Celery worker (WORKER_CONCURRENCY, WORKER_QUEUES, WORKER_NAME, WORKER_MAX_TASKS_PER_CHILD)
#   beat              the Celery beat scheduler that runs the sweeper: run exactly one
#   migrate           apply database migrations and exit
#   download-models   fetch the configured models into HF_HOME and convert them (needs the hub); a worker
#                     does the same by itself in the background unless AUTO_DOWNLOAD_MODELS=0
#   manage ARGS...    any manage.py command, e.g. `manage createeditor alice`
#   healthcheck [web|worker]   Docker's health check for this container (see below)
#
# Further arguments go to gunicorn, `celery worker` or `celery beat` (command-line options win over the
# environment), or to the manage.py command.
# Each role ends in `exec`, so the server is the container's main process and receives its signals:
# SIGTERM makes gunicorn finish its requests and a Celery worker finish its current job.
set -eu

cd "$(dirname "$0")/.."

role="${1:-web}"
if [ "$#" -gt 0 ]; then shift; fi
log_level="${LOG_LEVEL:-INFO}"

case "$role" in
  web)
    if [ "${MIGRATE_ON_START:-1}" = 1 ]; then
      python manage.py migrate --noinput
    fi
    # The image collects static files when it is built; this is for running from a source checkout.
    if [ "${COLLECTSTATIC_ON_START:-0}" = 1 ]; then
      python manage.py collectstatic --noinput -v 0
    fi
    # glibc's malloc keeps freed memory of big requests (uploads of several MB, read in several threads) in
    # its heaps and raises its mmap threshold after each. A fixed threshold gives every block over 128 KB
    # back to the kernel when freed, and two arenas keep the threads from each growing a heap of their own:
    # after three posts of twenty 9 MB files a web process is 108 MB, as before them (117 MB without).
    export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}" MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
    exec gunicorn newsapp.wsgi:application --config gunicorn.conf.py "$@"
    ;;
  worker)
    # Without WORKER_QUEUES the worker consumes every queue the settings define.
    set -- --loglevel "$log_level" --concurrency "${WORKER_CONCURRENCY:-1}" --hostname "${WORKER_NAME:-worker@%h}" "$@"
    if [ -n "${WORKER_QUEUES:-}" ]; then
      set -- "$@" --queues "$WORKER_QUEUES"
    fi
    if [ -n "${WORKER_MAX_TASKS_PER_CHILD:-}" ]; then
      set -- "$@" --max-tasks-per-child "$WORKER_MAX_TASKS_PER_CHILD"
    fi
    exec celery -A newsapp worker "$@"
    ;;
  beat)
    # The schedule file is BEAT_SCHEDULE_FILE (settings). Two beats would run every sweep twice.
    exec celery -A newsapp beat --loglevel "$log_level" "$@"
    ;;
  migrate)
    exec python manage.py migrate --noinput "$@"
    ;;
  download-models)
    exec python manage.py download_models "$@"
    ;;
  manage)
    exec python manage.py "$@"
    ;;
  healthcheck)
    # web: healthy while the server answers /healthz and its database is reachable. A missing worker or
    # Redis makes /healthz say 503 but does not make this container unhealthy: it still serves pages, and
    # the sweeper sends the jobs once Redis is back. worker: this container's worker answers a ping.
    exec python - "${1:-web}" <<'PY'
import http.client
import json
import os
import sys

if sys.argv[1] == "worker":
    from celery.utils.nodenames import host_format

    from newsapp.celery import app

    node = host_format(os.environ.get("WORKER_NAME", "worker@%h"))
    sys.exit(0 if app.control.ping([node], timeout=5) else 1)

# Django answers only to ALLOWED_HOSTS, so ask as the first of them. The checks' details take the metrics
# token; without one, the server answering is checked here and the database directly.
host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".")
headers = {"Host": host if host not in ("", "*") else "localhost"}
if os.environ.get("METRICS_TOKEN"):
    headers["Authorization"] = "Bearer " + os.environ["METRICS_TOKEN"]
connection = http.client.HTTPConnection("127.0.0.1", int(os.environ.get("PORT", "8000")), timeout=5)
connection.request("GET", "/healthz", headers=headers)
report = json.load(connection.getresponse())
if "checks" in report:
    sys.exit(0 if report["checks"]["database"]["ok"] else 1)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")
import django
from django.db import connection as database

django.setup()
database.ensure_connection()
PY
    ;;
  *)
    echo "start.sh: unknown role '$role'; use one of: web, worker, beat, migrate, download-models, manage, healthcheck" >&2
    exit 64
    ;;
esac
