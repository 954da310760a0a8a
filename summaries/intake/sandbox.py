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
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import AuthenticationString  # type: ignore[attr-defined]
from typing import Any, TypeVar

from ..exceptions import IntakeError

logger = logging.getLogger(__name__)

# What a fork server child needs loaded, so that a child does not import it again for every file; "__main__"
# (the guarded entry point: manage.py, gunicorn, celery, pytest) once in the server, not once per child.
_PRELOAD = [
    "__main__",
    "summaries.intake.docx",
    "summaries.intake.html",
    "summaries.intake.pdf",
    "summaries.links.extract",
    "summaries.links.feed_parsing",
    "lxml.etree",
    "pypdf",
    "trafilatura",
    "feedparser",
]

T = TypeVar("T")

# What a child sends back: ("ok", the result, "", None) or (an IntakeError code, its parameters, why, for the
# log, and the error's own class, so a LinkRefused comes back as one).
_Outcome = tuple[str, Any, str, type[IntakeError] | None]


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


def run(extractor: Callable[..., T], data: bytes, budget: Budget, **options: object) -> T:
    """`extractor(data, **options)` in a limited child; what it returns, or its IntakeError raised here."""
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    started = time.monotonic()
    with _children_allowed():  # the child copies this process's settings when it is made
        child = context.Process(target=_child, args=(extractor, data, options, budget, sender), daemon=True)
        child.start()
    sender.close()
    try:
        outcome = receiver.recv() if receiver.poll(budget.seconds) else ("too_complex", {}, "wall-clock time", None)
    except EOFError:  # the child died: killed at its CPU limit, or by the kernel
        outcome = ("too_complex", {}, f"child ended with {child.exitcode}", None)
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receiver.close()
    code, result, reason, error_class = outcome
    logger.info("%s: %s in %.2f s (%s)", extractor.__module__, code, time.monotonic() - started, reason or "ok")
    if code == "ok":
        return result
    raise (error_class or IntakeError)(code, **result)


def _child(
    extractor: Callable[..., Any], data: bytes, options: dict[str, object], budget: Budget, sender: Connection
) -> None:
    """Runs in the child: limits first, then the parser; every outcome goes back as (code, result, reason)."""
    address_space = _virtual_size() + budget.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    cpu = max(1, math.ceil(budget.seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    outcome: _Outcome
    try:
        outcome = ("ok", extractor(data, **options), "", None)
    except IntakeError as exc:
        outcome = (exc.code, exc.params, "", type(exc))
    except (MemoryError, RecursionError) as exc:
        outcome = ("too_complex", {}, type(exc).__name__, None)
    except Exception as exc:  # noqa: BLE001 - hostile input can make any parser raise anything: the file is unreadable
        outcome = ("unreadable", {}, f"{type(exc).__name__}: {str(exc)[:200]}", None)
    try:
        sender.send(outcome)
    except MemoryError:  # the text itself does not fit the budget
        sender.send(("too_complex", {}, "result too large", None))
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


def _virtual_size() -> int:
    """This process's address space now, from /proc (Linux), so the budget is on top of what it started with."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
