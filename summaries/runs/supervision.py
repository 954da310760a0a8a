"""A helper process kept running beside a worker: started again when it dies, given up on when it keeps dying.

The worker's model fetcher (`download_models --watch`) ran unsupervised: killed, or crashed, it stayed gone
and models stopped arriving while nothing said so. A thread of the worker now waits on it; an exit by
failure (a signal, a crash) starts it again after a short wait that doubles each time, up to RESTARTS
times in WINDOW seconds, and then logs that it gave up. A clean exit (0) is the helper's own decision (the
fetcher stops once every model is ready) and ends the supervision.
"""

import logging
import subprocess
import threading
import time
from collections import deque
from pathlib import Path

from newsapp import devstack

logger = logging.getLogger(__name__)

RESTARTS = 5
WINDOW = 600.0
_FIRST_WAIT = 1.0
_LONGEST_WAIT = 30.0


class Supervised:
    """`command` run from `cwd`, started again when it fails; `stop()` ends it for good."""

    def __init__(
        self,
        name: str,
        command: list[str],
        *,
        cwd: Path,
        restarts: int = RESTARTS,
        window: float = WINDOW,
        first_wait: float = _FIRST_WAIT,
    ) -> None:
        self.name = name
        self.command = command
        self.cwd = cwd
        self.restarts, self.window, self.first_wait = restarts, window, first_wait
        self.started = 0
        self.process: subprocess.Popen | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=f"supervise-{name}", daemon=True)

    def start(self) -> "Supervised":
        self._thread.start()
        return self

    def stop(self, timeout: float = 10) -> None:
        self._stopping.set()
        with self._lock:
            process = self.process
        if process is not None:
            devstack.stop([process], timeout=timeout)
        self._thread.join(timeout=timeout)

    def _run(self) -> None:
        failures: deque[float] = deque()
        wait = self.first_wait
        while not self._stopping.is_set():
            with self._lock:  # started here, by this thread, which lives while it runs (its parent-death signal)
                self.process = devstack.spawn(self.command, cwd=self.cwd, die_with_parent=True)
                self.started += 1
            logger.info("%s started (pid %s)", self.name, self.process.pid)
            status = self.process.wait()
            if self._stopping.is_set() or status == 0:
                return
            now = time.monotonic()
            failures.append(now)
            while failures and failures[0] < now - self.window:
                failures.popleft()
            if len(failures) > self.restarts:
                logger.error(
                    "%s keeps stopping (exit status %s, %d times): not started again", self.name, status, len(failures)
                )
                return
            logger.warning("%s stopped (exit status %s); starting it again in %.0f s", self.name, status, wait)
            if self._stopping.wait(wait):
                return
            wait = min(wait * 2, _LONGEST_WAIT)
