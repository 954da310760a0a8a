"""Django itself: apps, middleware, the database, templates, languages, static and uploaded files, mail."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from newsapp import secret_key
from newsapp.environment import OneOf, env, integer

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Off unless asked for (DEBUG=1): debug pages show the site's routes, settings and code to whoever opens a
# mistyped address, so even `make run` on a laptop serves the site's own error pages.
DEBUG = env.bool("DEBUG", False)
# What the app makes at run time on this machine (the generated key, `make run`'s Redis data and beat
# schedule, the CTranslate2 copies, mail files) lives here unless a variable below moves one of them.
VAR_DIR = env.path("VAR_DIR", BASE_DIR / "var")
# Without SECRET_KEY a random key is made once and kept in SECRET_KEY_FILE, readable by its owner only.
SECRET_KEY = env.str("SECRET_KEY", "") or secret_key.load_or_create(env.path("SECRET_KEY_FILE", VAR_DIR / "secret_key"))
ALLOWED_HOSTS = env.names("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "csp",
    "summaries",
]

MIDDLEWARE = [
    "summaries.monitoring.metrics.RequestMetricsMiddleware",
    # Compresses every response for a client that accepts gzip (pages are about 5 times smaller), before
    # the middleware below writes bodies. BREACH needs a secret repeated in many responses beside
    # attacker-chosen text: the only secrets in our bodies are CSRF tokens, masked anew in each response, and an
    # admin's new API token, shown once in a one-shot message; Django also pads each gzip stream with random
    # bytes ("Heal the Breach"). Session and API credentials travel in headers, which are never compressed.
    "django.middleware.gzip.GZipMiddleware",
    # Before everything that may answer with an error page: under /api/ every error is JSON, DEBUG or not.
    "summaries.api.middleware.JsonErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before CSRF, which would read a chunked body as empty and refuse it for the wrong reason.
    "summaries.common.request_checks.ChunkedBodyMiddleware",
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
        env.str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=integer("DATABASE_CONN_MAX_AGE", 0),
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
    DATABASES["default"]["TEST"] = {"NAME": env.str("DATABASE_TEST_NAME", str(BASE_DIR / "test-db.sqlite3"))}

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
EMAIL_BACKEND = _EMAIL_BACKENDS[env.str("EMAIL_BACKEND", "console", validate=OneOf(list(_EMAIL_BACKENDS)))]
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env.str("EMAIL_HOST", "localhost")
EMAIL_PORT = integer("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "newsroom-summaries@localhost")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ar", _("Arabic"))]
TIME_ZONE = env.str("TIME_ZONE", "UTC")
USE_I18N = True
# One catalogue for the app and the project templates, shipped inside the app as flatpages does.
LOCALE_PATHS = [BASE_DIR / "summaries" / "locale"]
USE_TZ = True
# Our own date and number formats per language (newsapp/formats/): Django's Arabic ones lack date-times.
FORMAT_MODULE_PATH = ["newsapp.formats"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", BASE_DIR / "staticfiles")
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
MEDIA_ROOT = env.path("MEDIA_ROOT", BASE_DIR / "media")
MEDIA_URL = "media/"

# Uploads. Each file is measured while it streams in and dropped past the limit (summaries.articles.uploads),
# so an oversized upload is never held whole in memory. Non-file form fields are capped separately.
FILE_UPLOAD_HANDLERS = [
    "summaries.articles.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    # Django's TemporaryFileUploadHandler, with a file that has no name: nothing is left behind in /tmp
    # when the server dies mid-upload.
    "summaries.articles.uploads.UnnamedTemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = integer("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440, minimum=1024)
# Files beyond MAX_FILES_PER_SUBMISSION are skipped while the body streams in (not stored) and the page
# says so, keeping the pasted text; a body with far more (a flood of tiny parts) is refused outright.
SUMMARIES_MAX_FILES_PER_SUBMISSION = integer("MAX_FILES_PER_SUBMISSION", 20, minimum=1)
DATA_UPLOAD_MAX_NUMBER_FILES = max(100, 5 * SUMMARIES_MAX_FILES_PER_SUBMISSION)
