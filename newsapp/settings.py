"""Django settings for the news summarization app.

Every value that differs between deployments is read from the environment here, once,
with a default that works on a developer machine (SQLite file, local Redis, hub model ids).
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from huggingface_hub import constants as _hf_constants
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no switch; anything but an explicit false value counts as true."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() not in {"0", "false", "no", "off", ""}


def env_int(name: str, default: int, minimum: int = 0) -> int:
    """Read an integer, failing at start-up (not mid-request) when it is malformed or too small."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
    return number


def env_mapping(name: str, default: str = "") -> dict[str, str]:
    """Read `key=value,key=value` pairs (e.g. language=model), failing at start-up when malformed."""
    mapping: dict[str, str] = {}
    for item in env_list(name, default):
        key, separator, value = item.partition("=")
        if not separator or not key.strip() or not value.strip():
            raise ImproperlyConfigured(f"{name} must look like 'ar=model-id,fr=model-id', got {item!r}")
        mapping[key.strip()] = value.strip()
    return mapping


def env_rate(name: str, default: str) -> tuple[int, int] | None:
    """Read a rate such as `60/hour` as (count, seconds); `off` means no limit."""
    value = os.environ.get(name, default).strip().lower()
    if value in {"off", "0", "none", ""}:
        return None
    periods = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
    count, _sep, unit = value.partition("/")
    unit = unit.strip().rstrip("s")
    if not count.strip().isdigit() or int(count) < 1 or unit not in periods:
        raise ImproperlyConfigured(f"{name} must look like '60/hour' (second, minute, hour, day) or 'off', got {value!r}")
    return int(count), periods[unit]


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated list, ignoring blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "summaries",
]

MIDDLEWARE = [
    "summaries.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "summaries.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before CSRF, which would read a chunked body as empty and refuse it for the wrong reason.
    "summaries.request_checks.ChunkedBodyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsapp.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsapp.wsgi.application"
ASGI_APPLICATION = "newsapp.asgi.application"

# Database: an SQLite file is the embedded default; any DATABASE_URL (PostgreSQL included) overrides it.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the worker write to the same file: wait for locks instead of failing,
    # take the write lock up front, and let readers proceed while a job saves its progress.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests with a real worker process need an on-disk test database that the worker can open too.
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("DATABASE_TEST_NAME", str(BASE_DIR / "test-db.sqlite3"))}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in brute-force protection (django-axes) checks every sign-in, the admin's included, first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in: Django's auth views under /accounts/; editors land on the review queue.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "summaries:after_login"
LOGOUT_REDIRECT_URL = "summaries:submit"

# E-mail (password resets): printed to the console unless configured; "filebased" writes to EMAIL_FILE_PATH.
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "filebased": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}
if os.environ.get("EMAIL_BACKEND", "console") not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(f"EMAIL_BACKEND must be one of {', '.join(_EMAIL_BACKENDS)}")
EMAIL_BACKEND = _EMAIL_BACKENDS[os.environ.get("EMAIL_BACKEND", "console")]
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom-summaries@localhost")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ar", _("Arabic"))]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
# One catalogue for the app and the project templates, shipped inside the app as flatpages does.
LOCALE_PATHS = [BASE_DIR / "summaries" / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# The app serves its own CSS and JS (no CDN): WhiteNoise serves them in every mode. In production
# (`DEBUG=0`, after `manage.py collectstatic`) the files get content-hashed names, compression and
# far-future caching; in development they are read straight from the apps.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

# Uploads. Each file is measured while it streams in and dropped past the limit (summaries.uploads),
# so an oversized upload is never held whole in memory. Non-file form fields are capped separately.
FILE_UPLOAD_HANDLERS = [
    "summaries.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
# Files beyond MAX_FILES_PER_SUBMISSION are skipped while the body streams in (not stored) and the page
# says so, keeping the pasted text; a body with far more (a flood of tiny parts) is refused outright.
SUMMARIES_MAX_FILES_PER_SUBMISSION = env_int("MAX_FILES_PER_SUBMISSION", 20, minimum=1)
DATA_UPLOAD_MAX_NUMBER_FILES = max(100, 5 * SUMMARIES_MAX_FILES_PER_SUBMISSION)

# --- Security -----------------------------------------------------------------------------------
# In production (DEBUG=0) the site is served over HTTPS and every switch below is on by default;
# HTTPS=0 turns them off together (a loopback load test), each one can also be set on its own.
# Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=1 (trust its X-Forwarded-Proto).
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
# Load balancers probe the health endpoint over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sent on every response by summaries.middleware: scripts and styles only from our own static files.
CONTENT_SECURITY_POLICY = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
)

# The client address: REMOTE_ADDR, or with NUM_PROXIES=n the n-th address from the right of
# X-Forwarded-For (what our own n reverse proxies appended; anything further left is client-supplied),
# believed only when the connection comes from TRUSTED_PROXIES (private networks by default).
NUM_PROXIES = env_int("NUM_PROXIES", 0)
# Where those proxies connect from; a request from anywhere else has its X-Forwarded-For ignored.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7")
for _network in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_network!r} is not an address or network") from exc

# Anonymous submissions per client address and per browser session, e.g. "60/hour"; "off" disables.
# Signed-in people are not limited. Answered with 429 and a message saying when to try again.
SUMMARIES_RATE_LIMIT_PER_IP = env_rate("RATE_LIMIT_PER_IP", "60/hour")
SUMMARIES_RATE_LIMIT_PER_SESSION = env_rate("RATE_LIMIT_PER_SESSION", "20/hour")
# Refused submissions (bad or hostile files, malformed bodies) per address, or per account for API tokens:
# they do not use up the limits above, but cannot be sent for free either.
SUMMARIES_RATE_LIMIT_REFUSED = env_rate("RATE_LIMIT_REFUSED", "30/hour")

# Sign-in: after LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that pair is
# locked out for LOGIN_COOLOFF_MINUTES (429 and a translated page); a success resets the count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "summaries.client_ip.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

# --- REST API (/api/v1/) ----------------------------------------------------------------------------
# JSON only (no browsable HTML API); tokens for programs (`manage.py createtoken USER` or the admin),
# the session for the browser (with CSRF); errors always {"error": {"code", "message", "fields"}}.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "summaries.api.authentication.BrowserSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["summaries.api.parsers.JSONParser", "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "summaries.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "News summaries API",
    "DESCRIPTION": "Submit articles (mostly Arabic), follow their translation and summary, and review them.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# API submissions by signed-in clients (tokens), per user; anonymous ones share the web form's limits.
SUMMARIES_RATE_LIMIT_PER_USER = env_rate("RATE_LIMIT_PER_USER", "600/hour")

# --- Metrics (/metrics, Prometheus) ----------------------------------------------------------------
# Open to these networks (the connection's own address: scrape the app directly, not through the public
# proxy) and to requests with "Authorization: Bearer <METRICS_TOKEN>"; everyone else gets 404.
SUMMARIES_METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
SUMMARIES_METRICS_NETWORKS = []
for _network in env_list("METRICS_NETWORKS", "127.0.0.0/8,::1/128"):
    try:
        SUMMARIES_METRICS_NETWORKS.append(ipaddress.ip_network(_network, strict=False))
    except ValueError as exc:
        raise ImproperlyConfigured(f"METRICS_NETWORKS: {_network!r} is not an address or network") from exc

# --- Redis and Celery -------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

SUMMARIES_TASK_SOFT_TIME_LIMIT = env_int("SUMMARIES_TASK_SOFT_TIME_LIMIT", 1800, minimum=1)
SUMMARIES_TASK_TIME_LIMIT = env_int("SUMMARIES_TASK_TIME_LIMIT", SUMMARIES_TASK_SOFT_TIME_LIMIT + 120)

# A job whose worker dies (e.g. out of memory) is delivered again; after this many deliveries it fails.
SUMMARIES_MAX_ATTEMPTS = env_int("MAX_ATTEMPTS", 2, minimum=1)
# A model directory that exists but cannot be loaded (being copied, I/O error, memory) is retried this
# many times, waiting RETRY_BACKOFF seconds, then twice that, and so on, before the job fails.
SUMMARIES_TRANSIENT_RETRIES = env_int("TRANSIENT_RETRIES", 4)
SUMMARIES_RETRY_BACKOFF = env_int("RETRY_BACKOFF", 10, minimum=1)
# The sweeper (Celery beat, every SWEEP_INTERVAL seconds) sends again a job whose queue message was
# never sent (Redis was down) or was sent longer than QUEUED_RESEND_AFTER seconds ago and never picked
# up (Redis lost it), and brings back a job still `running` after the hard time limit (its worker died).
SUMMARIES_SWEEP_INTERVAL = env_int("SWEEP_INTERVAL", 60, minimum=1)
# A running job renews its lease (heartbeat_at) every quarter of this; a job whose worker died (killed,
# out of memory, machine gone) is silent, and the sweeper sends it again once its lease has lapsed.
SUMMARIES_LEASE_SECONDS = env_int("LEASE_SECONDS", 120, minimum=2)
SUMMARIES_QUEUED_RESEND_AFTER = env_int("QUEUED_RESEND_AFTER", 3600, minimum=1)

CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = SUMMARIES_TASK_SOFT_TIME_LIMIT
CELERY_TASK_TIME_LIMIT = SUMMARIES_TASK_TIME_LIMIT
# A message not acknowledged within this time is handed to another worker: it must outlast the longest job.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("VISIBILITY_TIMEOUT", SUMMARIES_TASK_TIME_LIMIT + 600, minimum=1)
}
# Queues. A job goes whole to one worker (its models stay loaded there), on the queue named after the
# biggest model it needs: translate-summarize jobs on SUMMARIZATION_QUEUE (translator + summarizer),
# extract-translate ("faithful") jobs on TRANSLATION_QUEUE (translator only). The sweeper runs on
# CELERY_QUEUE. A worker started without -Q consumes all three; a machine can take only some
# (`celery -A newsapp worker -Q translation`), and PRELOAD_MODELS loads its models at start.
SUMMARIES_TRANSLATION_QUEUE = os.environ.get("TRANSLATION_QUEUE", "translation")
SUMMARIES_SUMMARIZATION_QUEUE = os.environ.get("SUMMARIZATION_QUEUE", "summarization")
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "summaries")
CELERY_TASK_CREATE_MISSING_QUEUES = True
CELERY_TASK_QUEUES = {
    name: {"exchange": name, "routing_key": name}
    for name in dict.fromkeys([CELERY_TASK_DEFAULT_QUEUE, SUMMARIES_TRANSLATION_QUEUE, SUMMARIES_SUMMARIZATION_QUEUE])
}
# "translation", "summarization" (comma-separated) or "all": load these models when a worker process
# starts, so the first job does not wait for them; empty loads them at the first job.
SUMMARIES_PRELOAD_MODELS = env_list("PRELOAD_MODELS", "")
if set(SUMMARIES_PRELOAD_MODELS) - {"translation", "summarization", "all"}:
    raise ImproperlyConfigured(f"PRELOAD_MODELS must list translation, summarization or all, got {SUMMARIES_PRELOAD_MODELS}")
# Celery kills a pool process whose start-up (the preload) takes longer than this.
CELERY_WORKER_PROC_ALIVE_TIMEOUT = env_int("WORKER_START_TIMEOUT", 600, minimum=4)

CELERY_BEAT_SCHEDULE = {
    "sweep-stale-jobs": {"task": "summaries.tasks.summaries_sweep", "schedule": float(SUMMARIES_SWEEP_INTERVAL)},
}
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get("BEAT_SCHEDULE_FILE", str(BASE_DIR / "var" / "celerybeat-schedule"))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing happens inside a web request: give up quickly when Redis is down and keep the article queued.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Models and the pipeline -------------------------------------------------------------------
# A model setting is a Hugging Face hub id or a local directory written by `save_pretrained`. Hub models
# are fetched into the Hugging Face cache by the worker's background fetcher (AUTO_DOWNLOAD_MODELS) or
# by `manage.py download_models`; the worker itself only ever loads what is on disk.
SUMMARIES_TRANSLATION_MODEL = os.environ.get("TRANSLATION_MODEL", "Helsinki-NLP/opus-mt-ar-en")
# More source languages, e.g. "fr=Helsinki-NLP/opus-mt-fr-en"; TRANSLATION_MODEL is the Arabic default.
SUMMARIES_TRANSLATION_MODELS = env_mapping("TRANSLATION_MODELS")
SUMMARIES_SUMMARIZATION_MODEL = os.environ.get("SUMMARIZATION_MODEL", "sshleifer/distilbart-cnn-12-6")
# "auto": the CTranslate2 int8 copy when one exists or can be made (several times faster), PyTorch
# (transformers) otherwise; "ctranslate2" or "transformers" force one.
SUMMARIES_INFERENCE_BACKEND = os.environ.get("INFERENCE_BACKEND", "auto")
if SUMMARIES_INFERENCE_BACKEND not in {"auto", "ctranslate2", "transformers"}:
    raise ImproperlyConfigured(f"INFERENCE_BACKEND must be auto, ctranslate2 or transformers, got {SUMMARIES_INFERENCE_BACKEND!r}")
SUMMARIES_CT2_DIR = Path(os.environ.get("CT2_MODELS_DIR", BASE_DIR / "var" / "ct2"))
# Workers fetch missing hub models in the background when they start (and convert them for CTranslate2);
# 0 for sites that provision the models themselves (`download_models`, a copied cache, local directories).
SUMMARIES_AUTO_DOWNLOAD_MODELS = env_bool("AUTO_DOWNLOAD_MODELS", True)
# Where hub models are kept and fetched from: huggingface_hub's own variables (HF_HOME, HF_HUB_CACHE,
# HF_ENDPOINT, HF_HUB_OFFLINE, HF_TOKEN) decide, as for every other Hugging Face tool on the machine.
SUMMARIES_HF_CACHE = Path(_hf_constants.HF_HUB_CACHE)
SUMMARIES_HUB_ENDPOINT = _hf_constants.ENDPOINT
# Seconds to wait for the hub to connect or answer before counting it unreachable (no retry loops).
SUMMARIES_HUB_TIMEOUT = env_int("HUB_TIMEOUT", 10, minimum=1)
# How often the background fetcher tries again while the hub is unreachable.
SUMMARIES_MODEL_RETRY_INTERVAL = env_int("MODEL_RETRY_INTERVAL", 60, minimum=1)
# auto: a GPU when one is present, else the CPU.
SUMMARIES_DEVICE = os.environ.get("DEVICE", "auto")
SUMMARIES_CPU_THREADS = env_int("CPU_THREADS", 0)
# CTranslate2 copies of opus-mt models decode over target-language entries only (see conversion.py).
SUMMARIES_CT2_VOCABULARY_MAP = env_bool("CT2_VOCABULARY_MAP", True)
SUMMARIES_TRANSLATION_BATCH_SIZE = env_int("TRANSLATION_BATCH_SIZE", 16, minimum=1)
SUMMARIES_TRANSLATION_NUM_BEAMS = env_int("TRANSLATION_NUM_BEAMS", 4, minimum=1)
SUMMARIES_TRANSLATION_MAX_NEW_TOKENS = env_int("TRANSLATION_MAX_NEW_TOKENS", 512, minimum=1)
SUMMARIES_SUMMARY_NUM_BEAMS = env_int("SUMMARY_NUM_BEAMS", 4, minimum=1)
SUMMARIES_SUMMARY_MAX_NEW_TOKENS = env_int("SUMMARY_MAX_NEW_TOKENS", 142, minimum=1)
# distilbart-cnn's own minimum; set here so both backends honour it (CTranslate2 ignores generation_config).
SUMMARIES_SUMMARY_MIN_NEW_TOKENS = env_int("SUMMARY_MIN_NEW_TOKENS", 56)
SUMMARIES_MAX_ARTICLE_CHARS = env_int("MAX_ARTICLE_CHARS", 100_000, minimum=1)
# translate-summarize (abstractive) or extract-translate (faithful: translate only the key sentences).
SUMMARIES_STRATEGY = os.environ.get("SUMMARY_STRATEGY", "translate-summarize")
SUMMARIES_LENGTH = os.environ.get("SUMMARY_LENGTH", "medium")
# Summary sentences and translations whose support score is below this are flagged "check this".
# 0.787 flags 5 % of true NTREX translations on the tuning split (`manage.py evaluate grounding --tune`).
SUMMARIES_SUPPORT_THRESHOLD = float(os.environ.get("SUPPORT_THRESHOLD", "0.787"))
# Multilingual sentence embeddings for ranking and grounding; off means TF-IDF fallbacks.
SUMMARIES_EMBEDDINGS = env_bool("EMBEDDINGS", True)
SUMMARIES_MIN_ARTICLE_CHARS = env_int("MIN_ARTICLE_CHARS", 80, minimum=1)
SUMMARIES_MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024, minimum=1)
# A .docx is a zip: refuse one that declares or actually unpacks to more than this (zip bombs).
SUMMARIES_MAX_UNPACKED_BYTES = env_int("MAX_UNPACKED_BYTES", 50 * 1024 * 1024, minimum=1)
# Word, PDF and HTML files are parsed in a child process with this much memory (on top of what it starts
# with) and this many seconds of CPU and wall-clock time; a file that needs more is refused as too complex.
SUMMARIES_EXTRACT_MEMORY_MB = env_int("EXTRACT_MEMORY_MB", 512, minimum=32)
SUMMARIES_EXTRACT_SECONDS = env_int("EXTRACT_SECONDS", 20, minimum=1)
# Below this detector score the language counts as unrecognised.
SUMMARIES_LANGUAGE_MIN_CONFIDENCE = float(os.environ.get("LANGUAGE_MIN_CONFIDENCE", "0.4"))
# The same text with the same models reuses the earlier result unless this is off (or the form asks).
SUMMARIES_REUSE_DUPLICATES = env_bool("REUSE_DUPLICATES", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"), "propagate": False},
        # One line per HTTP request while models download would bury everything else.
        "httpx2": {"level": "WARNING"},
    },
}
