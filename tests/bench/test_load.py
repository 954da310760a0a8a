"""The load script (bench/load.py) end to end: a short real run against gunicorn, Redis and a Celery worker."""

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO_DIR


@pytest.mark.integration
def test_short_run_finishes_every_job_without_server_errors() -> None:
    """A few clients for a few seconds: every submitted job completes, no 5xx, and the script exits 0."""
    result = subprocess.run(
        [sys.executable, "bench/load.py", "--clients", "5", "--duration", "5", "--ramp-up", "1", "--json"],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        timeout=240,
    )
    report = json.loads(result.stdout)
    missed = [name for name, met in report["targets"].items() if not met]
    # the submit p95 target depends on the machine's speed: bench/load.py reports it, the test does not hold
    # it (five submissions make the p95 their slowest, often the first on a cold server)
    assert missed in ([], ["submit p95 < 300 ms"]), result.stdout + result.stderr[-3000:]
    assert result.returncode == (1 if missed else 0)
    jobs = report["jobs"]
    assert jobs["submitted"] >= 5  # every client got at least one article in
    assert jobs["completed"] == jobs["submitted"]
    assert jobs["lost"] == jobs["failed"] == 0
    assert not [code for code in report["errors"] if code.startswith("5")]
    assert report["requests"]["status"]["count"] > 0
    assert report["requests"]["submit"]["p95_ms"] is not None
    # The latency target is judged on the documented 50-client, 60-second run (README "Load"): a p95 of
    # five samples is just the slowest one. Here: nothing failed, nothing lost, the figures were measured.
    targets = report["targets"]
    assert targets["no 5xx or connection error"] and targets["no lost job"] and targets["no failed job"]
    assert "submit p95 < 300 ms" in targets
