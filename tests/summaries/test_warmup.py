"""The web process warm-up: prepares what the first request would pay for, and never stops a start."""

import os
import subprocess
import sys

from tests.conftest import REPO_DIR

SCRIPT = (
    "import django; django.setup();"
    "from summaries.articles.intake import language; from summaries.warmup import warm_up;"
    "elapsed = warm_up(); print('detector loaded:', language._detector.cache_info().currsize == 1, elapsed > 0)"
)


def test_loads_the_detector_and_survives_an_unreachable_broker(tmp_path):
    """A fresh process, as gunicorn forks one, with Redis not there: it warms up, says so, and carries on."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsapp.settings",
        "REDIS_URL": "redis://127.0.0.1:9/0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=REPO_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "detector loaded: True True" in result.stdout
    assert "warm-up: broker not reachable yet (OperationalError)" in result.stderr
    assert "web process warmed up in" in result.stderr
