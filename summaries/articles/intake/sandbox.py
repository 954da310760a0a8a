"""Parsing untrusted files and pages where they cannot exhaust the process that asked (a web server's
thread, a worker): uploaded files, fetched pages and feed documents alike.

Each file is parsed in a child process forked from a single-threaded fork server that has the parsers
loaded (so a child starts in milliseconds), under an address-space limit (EXTRACT_MEMORY_MB on top of what
the child starts with), a CPU-time limit and a wall-clock deadline (EXTRACT_SECONDS). The child sends back
the text or an IntakeError's code; a child that runs out of memory or time, or crashes, is the file's fault
and comes back as `too_complex`, any other parser exception as `unreadable`. The memory is the child's and
goes with it.
"""

import contextlib
import logging
import math
import multiprocessing
import os
import resource
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import AuthenticationString  # type: ignore[attr-defined]
from typing import Any, TypeVar

from summaries.common.exceptions import IntakeError

logger = logging.getLogger(__name__)

# What a fork server child needs loaded, so that a child does not import it again for every file; "__main__"
# (the guarded entry point: manage.py, gunicorn, celery, pytest) once in the server, not once per child.
_PRELOAD = [
    "__main__",
    "summaries.articles.intake.docx",
    "summaries.articles.intake.html",
    "summaries.articles.intake.pdf",
    "summaries.articles.links.extract",
    "summaries.feeds.parsing",
    "lxml.etree",
    "pypdf",
    "trafilatura",
    "feedparser",
]

T = TypeVar("T")

# What a child sends back: ("ok", the result, "", None) or (an IntakeError code, its parameters, why, for the
# log, and the error's own class, so a LinkRefused comes back as one); then the bytes it grew by.
_Outcome = tuple[str, Any, str, type[IntakeError] | None, int]


@dataclass(frozen=True)
class Budget:
    memory_bytes: int
    seconds: float

    @classmethod
    def from_settings(cls) -> "Budget":
        """EXTRACT_MEMORY_MB and EXTRACT_SECONDS: one parse's budget, for files, pages and feeds alike."""
        from django.conf import settings

        return cls(settings.SUMMARIES_EXTRACT_MEMORY_MB * 1024 * 1024, settings.SUMMARIES_EXTRACT_SECONDS)


def start() -> None:
    """Start the fork server now (a web process's warm-up) rather than at the first upload."""
    from multiprocessing import forkserver

    _context()
    forkserver.ensure_running()


Meter = Callable[[float, int], None]


def run(
    extractor: Callable[..., T], data: bytes, budget: Budget, *, meter: Meter | None = None, **options: object
) -> T:
    """`extractor(data, **options)` in a limited child; what it returns, or its IntakeError raised here.

    At most EXTRACT_CONCURRENCY children per process at once: a parse waits for a turn (within its own
    time), so several hostile requests together hold a bounded amount of memory. `meter(seconds, bytes)`
    is told what the parse cost: the time, waiting included, and how much the child grew (all of its
    memory budget when it was stopped for want of memory or time)."""
    started = time.monotonic()
    if not _slots().acquire(timeout=budget.seconds):
        _charge(meter, started, 0)
        raise IntakeError("too_complex")
    try:
        left = max(0.1, budget.seconds - (time.monotonic() - started))
        code, result, reason, error_class, grown = _parse(extractor, data, Budget(budget.memory_bytes, left), options)
    finally:
        _slots().release()
    _charge(meter, started, budget.memory_bytes if code == "too_complex" else grown)
    logger.info("%s: %s in %.2f s (%s)", extractor.__module__, code, time.monotonic() - started, reason or "ok")
    if code == "ok":
        return result
    raise (error_class or IntakeError)(code, **result)


def _parse(extractor: Callable[..., Any], data: bytes, budget: Budget, options: dict[str, object]) -> _Outcome:
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    with _children_allowed():  # the child copies this process's settings when it is made
        child = context.Process(target=_child, args=(extractor, data, options, budget, sender), daemon=True)
        child.start()
    sender.close()
    try:
        if receiver.poll(budget.seconds):
            return receiver.recv()
        return ("too_complex", {}, "wall-clock time", None, 0)
    except EOFError:  # the child died: killed at its CPU limit, or by the kernel
        return ("too_complex", {}, f"child ended with {child.exitcode}", None, 0)
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receiver.close()


def _charge(meter: Meter | None, started: float, memory: int) -> None:
    if meter is not None:
        meter(time.monotonic() - started, memory)


_slot_lock = threading.Lock()
_slot_semaphore: threading.BoundedSemaphore | None = None


def _slots() -> threading.BoundedSemaphore:
    """This process's parsing turns (EXTRACT_CONCURRENCY), made at the first parse."""
    global _slot_semaphore  # noqa: PLW0603 - one per process, made lazily because settings load after import
    with _slot_lock:
        if _slot_semaphore is None:
            from django.conf import settings

            _slot_semaphore = threading.BoundedSemaphore(settings.SUMMARIES_EXTRACT_CONCURRENCY)
        return _slot_semaphore


def _child(
    extractor: Callable[..., Any], data: bytes, options: dict[str, object], budget: Budget, sender: Connection
) -> None:
    """Runs in the child: limits first, then the parser; every outcome goes back as (code, result, reason)."""
    address_space = _virtual_size() + budget.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    cpu = max(1, math.ceil(budget.seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resident = _resident()
    outcome: tuple[str, Any, str, type[IntakeError] | None]
    try:
        outcome = ("ok", extractor(data, **options), "", None)
    except IntakeError as exc:
        outcome = (exc.code, exc.params, "", type(exc))
    except (MemoryError, RecursionError) as exc:
        outcome = ("too_complex", {}, type(exc).__name__, None)
    except Exception as exc:  # noqa: BLE001 - hostile input can make any parser raise anything: the file is unreadable
        outcome = ("unreadable", {}, f"{type(exc).__name__}: {str(exc)[:200]}", None)
    grown = max(0, _peak_resident() - resident)
    try:
        sender.send((*outcome, grown))
    except MemoryError:  # the text itself does not fit the budget
        sender.send(("too_complex", {}, "result too large", None, grown))
    finally:
        sender.close()


@contextlib.contextmanager
def _children_allowed() -> Iterator[None]:
    """A Celery prefork worker's processes are daemonic, and multiprocessing refuses to start a child from
    one, lest it outlive its parent. This child never does: it is killed or reaped before `run` returns. So
    the flag is lifted for the start only (one task at a time runs in such a process). Pages and feeds are
    parsed there; uploads in the web process."""
    process = multiprocessing.current_process()
    daemonic = process._config.get("daemon")  # type: ignore[attr-defined]
    if daemonic:
        process._config["daemon"] = False  # type: ignore[attr-defined]
    # Celery's pool (billiard) leaves its own kind of authentication key here, which multiprocessing refuses
    # to pass to the fork server: the same key, as multiprocessing's own kind.
    authkey = process._config.get("authkey")  # type: ignore[attr-defined]
    if authkey is not None and not isinstance(authkey, AuthenticationString):
        process._config["authkey"] = AuthenticationString(bytes(authkey))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        if daemonic:
            process._config["daemon"] = daemonic  # type: ignore[attr-defined]


def _context() -> multiprocessing.context.ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


def _resident() -> int:
    """This process's resident memory now (VmRSS), in bytes."""
    return _status_kib("VmRSS:") * 1024


def _peak_resident() -> int:
    """This process's highest resident memory so far (VmHWM), in bytes."""
    return _status_kib("VmHWM:") * 1024


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


def _virtual_size() -> int:
    """This process's address space now, from /proc (Linux), so the budget is on top of what it started with."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
