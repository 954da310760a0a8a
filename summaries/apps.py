"""App configuration; loads no models (they load lazily in the worker)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummariesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "summaries"
    verbose_name = _("News summaries")

    def ready(self) -> None:
        from summaries import checks  # noqa: F401 - registers the start-up checks
