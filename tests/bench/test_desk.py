"""The desk's bench script (bench/desk.py) at a tiny size: it builds its rows in a database of its own, times
every selector and the page over both ranges (on the configured database: SQLite, or PostgreSQL under
.ci/postgres.sh)."""

import json
import subprocess
import sys

from tests.conftest import REPO_DIR


def test_tiny_run_times_every_selector_and_the_page() -> None:
    """200 articles, one timing each: every figure is there and the rows built are the ones asked for."""
    result = subprocess.run(
        [sys.executable, "bench/desk.py", "--articles", "200", "--repeat", "1", "--json"],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["database"] in {"sqlite", "postgresql"}
    assert report["articles"] == report["runs"] == 200
    assert 0 < report["approvals"] < 200
    names = {
        "articles_per_day",
        "time_to_summary",
        "time_to_approval",
        "flagged_share_per_day",
        "failures_by_reason",
        "queue_per_day",
        "queue_now",
        "page",
    }
    for label in ("30 days", "90 days"):
        assert set(report["median_ms"][label]) == names
        assert all(value > 0 for value in report["median_ms"][label].values())
