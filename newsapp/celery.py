"""The Celery application: configured from Django settings (CELERY_* names), tasks found in installed apps."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")

app = Celery("newsapp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
