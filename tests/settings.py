"""The settings the test suite runs under: the project's own, read as on a developer's machine.

DEBUG=1 at import keeps what import-time settings derive from it as in development: static files come
straight from the apps (no collectstatic before every run) and the HTTPS switches are off, so the test
client and the browser talk plain HTTP. pytest-django still turns DEBUG itself off while tests run, so
pages show the site's own error pages. The production defaults (DEBUG unset, a generated secret key,
collected static files) are tested in processes started without these variables: tests/deploy,
tests/newsapp/test_settings.py and tests/integration/test_runstack.py. The processes the tests start
(workers, the stack) inherit both variables, so every process of a test signs with the same key.
"""

import os
import secrets

os.environ["DEBUG"] = "1"
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

from newsapp.settings import *  # noqa: F403

# The test harness (tests/harness/): faults the tests inject from outside the app, e.g. a worker held at a
# checkpoint until its soft time limit arrives.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.harness.apps.HarnessConfig"]  # noqa: F405
