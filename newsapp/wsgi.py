"""WSGI entry point for production servers: Django, with a deadline for reading request bodies."""

import os

from django.core.wsgi import get_wsgi_application

from newsapp.body_deadline import BodyDeadline

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")

application = BodyDeadline(get_wsgi_application())
