"""Logging (one console handler the web server, the worker and the commands share) and /healthz."""

from newsapp.environment import OneOf, env, integer

# /healthz answers from the report each web process keeps, made again in the background once it is older
# than this: a flood of callers costs one round of checks per process per interval.
SUMMARIES_HEALTH_REFRESH_SECONDS = integer("HEALTH_REFRESH_SECONDS", 5, minimum=1)

_LEVELS = OneOf(["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO", validate=_LEVELS)},
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": env.str("DJANGO_LOG_LEVEL", "INFO", validate=_LEVELS),
            "propagate": False,
        },
        # One line per HTTP request while models download would bury everything else.
        "httpx2": {"level": "WARNING"},
    },
}
