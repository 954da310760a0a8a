"""A helper process beside the worker is started again when it dies, and given up on when it keeps dying."""

import os
import signal
import sys

from summaries.runs.supervision import Supervised
from tests.conftest import REPO_DIR
from tests.polling import wait_for

SLEEPS = [sys.executable, "-c", "import time; time.sleep(120)"]


def test_a_killed_helper_is_started_again_and_stop_ends_it():
    helper = Supervised("sleeper", SLEEPS, cwd=REPO_DIR, first_wait=0.1).start()
    try:
        first = wait_for(lambda: helper.process, timeout=10)
        os.kill(first.pid, signal.SIGKILL)
        second = wait_for(lambda: helper.process if helper.process is not first else None, timeout=10)
        assert second.poll() is None and helper.started == 2
    finally:
        helper.stop()
    assert second.poll() is not None


def test_a_clean_exit_is_the_helpers_own_decision():
    """The fetcher exits 0 once every model is ready: that is not a failure to restart."""
    helper = Supervised("done", [sys.executable, "-c", "pass"], cwd=REPO_DIR, first_wait=0.1).start()
    helper._thread.join(timeout=20)
    assert not helper._thread.is_alive() and helper.started == 1


def test_a_helper_that_keeps_failing_is_given_up_on():
    failing = [sys.executable, "-c", "raise SystemExit(3)"]
    helper = Supervised("failing", failing, cwd=REPO_DIR, restarts=2, first_wait=0.05).start()
    helper._thread.join(timeout=30)
    assert not helper._thread.is_alive() and helper.started == 3
