"""A deadline for reading a request's body: the second line behind the buffering proxy (docker/nginx).

A client that sends its headers and then its body a byte every few seconds holds a gunicorn thread for
as long as it likes: about 20 such connections stopped a 2 × 8-thread server from answering anyone. The
proxy in front buffers whole bodies before they reach gunicorn; if gunicorn is reached without it, this
ends the read after BODY_READ_SECONDS in all (on the socket itself, so a read that is waiting is cut too),
answers 400 and closes the connection.
"""

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NoReturn

from django.core.exceptions import BadRequest

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class BodyTimeout(BadRequest):
    """The body did not arrive within its deadline: Django answers 400 (JSON under /api/)."""


class DeadlineInput:
    """wsgi.input whose reads all end by `deadline` (time.monotonic()). With the server's socket (gunicorn
    gives it), a timer armed at the first read shuts the socket's reading side at the deadline, so a read
    that is waiting for a trickle (gunicorn loops over many small receives in one read) is cut then too."""

    def __init__(self, stream: Any, sock: socket.socket | None, deadline: float) -> None:
        self._stream = stream
        self._sock = sock
        self._deadline = deadline
        self._timer: threading.Timer | None = None
        self.expired = False

    def read(self, *args: Any) -> bytes:
        return self._call(self._stream.read, *args)

    def readline(self, *args: Any) -> bytes:
        return self._call(self._stream.readline, *args)

    def readlines(self, *args: Any) -> list[bytes]:
        return self._call(self._stream.readlines, *args)

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line

    def disarm(self) -> None:
        """The request is answered: no read is waiting any more."""
        if self._timer is not None:
            self._timer.cancel()

    def _call(self, method: Callable[..., Any], *args: Any) -> Any:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            self._expire()
        if self._sock is not None and self._timer is None:
            self._timer = threading.Timer(remaining, self._expire_socket)
            self._timer.daemon = True
            self._timer.start()
        try:
            result = method(*args)
        except Exception:
            if self.expired:
                self._expire()
            raise
        if self.expired:
            self._expire()
        return result

    def _expire_socket(self) -> None:
        """The timer: stop the client's side of the exchange; the read under way returns (or fails) now."""
        self.expired = True
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RD)

    def _expire(self) -> NoReturn:
        """Give up on this body. The reading side is shut as well, since gunicorn would otherwise wait for
        the rest of the body before the next request on the connection: it ends after the answer."""
        self._expire_socket()
        raise BodyTimeout("The request body did not arrive in time.")


class BodyDeadline:
    """WSGI middleware: every request's body is read within BODY_READ_SECONDS of the request's start."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        from django.conf import settings

        body = DeadlineInput(
            environ["wsgi.input"], environ.get("gunicorn.socket"), time.monotonic() + settings.BODY_READ_SECONDS
        )
        environ["wsgi.input"] = body
        try:
            return self.app(environ, start_response)
        finally:
            body.disarm()
