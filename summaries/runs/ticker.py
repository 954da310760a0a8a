"""A context manager that calls `tick()` every `interval` seconds from a thread of its own while a block
runs: the lease of a running job and a download's progress both need writes that go on while the main
thread is busy in a model or a network read."""

import threading

from django.db import connection


class Ticker:
    """Subclasses write `tick()`; `final_tick` calls it once more on exit, so the last state is written."""

    final_tick = False

    def __init__(self, *, interval: float, name: str) -> None:
        self.interval = interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def tick(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> "Ticker":
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stopped.set()
        self.thread.join()

    def _run(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                self.tick()
            if self.final_tick:
                self.tick()
        finally:
            connection.close()  # this thread's own connection
