"""Redis and Celery: time limits, redelivery, the lease, the sweeper, queues and model preloading."""

from newsapp.environment import env, integer

from .base import VAR_DIR
from .feeds import SUMMARIES_FEED_POLL_SECONDS

REDIS_URL = env.str("REDIS_URL", "redis://127.0.0.1:6379/0")

SUMMARIES_TASK_SOFT_TIME_LIMIT = integer("SUMMARIES_TASK_SOFT_TIME_LIMIT", 1800, minimum=1)
SUMMARIES_TASK_TIME_LIMIT = integer(
    "SUMMARIES_TASK_TIME_LIMIT", SUMMARIES_TASK_SOFT_TIME_LIMIT + 120, minimum=SUMMARIES_TASK_SOFT_TIME_LIMIT + 1
)

# A job whose worker dies (e.g. out of memory) is delivered again; after this many deliveries it fails.
SUMMARIES_MAX_ATTEMPTS = integer("MAX_ATTEMPTS", 2, minimum=1)
# A model directory that exists but cannot be loaded (being copied, I/O error, memory) is retried this
# many times, waiting RETRY_BACKOFF seconds, then twice that, and so on, before the job fails.
SUMMARIES_TRANSIENT_RETRIES = integer("TRANSIENT_RETRIES", 4)
SUMMARIES_RETRY_BACKOFF = integer("RETRY_BACKOFF", 10, minimum=1)
# A job that could not be handed to Redis is tried again by the sweeper; after this many sends it fails.
SUMMARIES_SEND_ATTEMPTS = integer("SEND_ATTEMPTS", 30, minimum=1)
# The sweeper (Celery beat, every SWEEP_INTERVAL seconds) sends again a job whose queue message was
# never sent (Redis was down) or was sent longer than QUEUED_RESEND_AFTER seconds ago and never picked
# up (Redis lost it), and brings back a job whose lease lapsed (its worker died).
SUMMARIES_SWEEP_INTERVAL = integer("SWEEP_INTERVAL", 60, minimum=1)
SUMMARIES_QUEUED_RESEND_AFTER = integer("QUEUED_RESEND_AFTER", 3600, minimum=1)
# A running job renews its lease (heartbeat_at) every quarter of this; a job whose worker died (killed,
# out of memory, machine gone) is silent, and the sweeper sends it again once its lease has lapsed.
SUMMARIES_LEASE_SECONDS = integer("LEASE_SECONDS", 120, minimum=2)
# Each sweep also indexes up to this many articles that search has no document for yet (stored before search
# existed), so an upgraded database becomes searchable by itself; 0 leaves that to `rebuild_search_index`.
SUMMARIES_SEARCH_SWEEP_BATCH = integer("SEARCH_SWEEP_BATCH", 500)

CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = SUMMARIES_TASK_SOFT_TIME_LIMIT
CELERY_TASK_TIME_LIMIT = SUMMARIES_TASK_TIME_LIMIT
# A message not acknowledged within this time is handed to another worker: it must outlast the longest job.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": integer("VISIBILITY_TIMEOUT", SUMMARIES_TASK_TIME_LIMIT + 600, minimum=1)
}
# Queues. A job goes whole to one worker (its models stay loaded there), on the queue named after the
# biggest model it needs: translate-summarize jobs on SUMMARIZATION_QUEUE (translator + summarizer),
# extract-translate ("faithful") jobs on TRANSLATION_QUEUE (translator only). The sweeper runs on
# CELERY_QUEUE. A worker started without -Q consumes all three; a machine can take only some
# (`celery -A newsapp worker -Q translation`), and PRELOAD_MODELS loads its models at start.
SUMMARIES_TRANSLATION_QUEUE = env.str("TRANSLATION_QUEUE", "translation")
SUMMARIES_SUMMARIZATION_QUEUE = env.str("SUMMARIZATION_QUEUE", "summarization")
# Reading links' pages and polling feeds: network work bounded by the link deadline, on a queue of its own so
# a hostile or slow site holds a fetching worker at most, never an article's processing.
SUMMARIES_FETCH_QUEUE = env.str("FETCH_QUEUE", "fetching")
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", "summaries")
CELERY_TASK_CREATE_MISSING_QUEUES = True
CELERY_TASK_QUEUES = {
    name: {"exchange": name, "routing_key": name}
    for name in dict.fromkeys(
        [CELERY_TASK_DEFAULT_QUEUE, SUMMARIES_TRANSLATION_QUEUE, SUMMARIES_SUMMARIZATION_QUEUE, SUMMARIES_FETCH_QUEUE]
    )
}
CELERY_TASK_ROUTES = {
    "summaries.tasks.feeds_poll_due": {"queue": SUMMARIES_FETCH_QUEUE},
    # Webhook deliveries wait on other people's servers too: the same queue, never a model worker's.
    "summaries.tasks.webhook_deliver": {"queue": SUMMARIES_FETCH_QUEUE},
}
# The queues a worker that runs the models takes: all but the fetching one (runstack, compose.yaml).
SUMMARIES_MODEL_WORKER_QUEUES = ",".join(
    dict.fromkeys([CELERY_TASK_DEFAULT_QUEUE, SUMMARIES_TRANSLATION_QUEUE, SUMMARIES_SUMMARIZATION_QUEUE])
)
# "translation", "summarization" (comma-separated) or "all": load these models when a worker process
# starts, so the first job does not wait for them; empty loads them at the first job.
SUMMARIES_PRELOAD_MODELS = env.names("PRELOAD_MODELS", "", choices=["translation", "summarization", "all"])
# Celery kills a pool process whose start-up (the preload) takes longer than this.
CELERY_WORKER_PROC_ALIVE_TIMEOUT = integer("WORKER_START_TIMEOUT", 600, minimum=4)

CELERY_BEAT_SCHEDULE = {
    "sweep-stale-jobs": {"task": "summaries.tasks.summaries_sweep", "schedule": float(SUMMARIES_SWEEP_INTERVAL)},
    # Each feed has its own interval; this tick only looks for the feeds that are due (settings/feeds.py).
    "poll-due-feeds": {
        "task": "summaries.tasks.feeds_poll_due",
        "schedule": float(SUMMARIES_FEED_POLL_SECONDS),
        "options": {"queue": SUMMARIES_FETCH_QUEUE},
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = env.str("BEAT_SCHEDULE_FILE", str(VAR_DIR / "celerybeat-schedule"))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing happens inside a web request: give up quickly when Redis is down and keep the article queued.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
