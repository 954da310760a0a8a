"""One deadline for a whole exchange with a site: connecting (TLS handshake included), the headers, the
body, every redirect.

A timeout set on a socket bounds each wait, not the exchange: a server that sends one byte a second keeps
every wait short and the exchange going for ever (a status line, then a header byte a second, held a
worker for the task's 30-minute limit). So the exchange's connections are registered here as they are
made, and a timer shuts their sockets down when the deadline passes, whatever they wait for; the read in
progress then fails at once and the fetch reports the timeout.

While a connection is being made, the TLS layer takes the socket's file descriptor over from the plain
socket (which is then detached), so for that moment the descriptor itself is watched; once the
connection is made (or has failed and been closed) the connection's own socket object is watched instead,
so a descriptor the exchange has let go of is never touched.
"""

import contextlib
import socket
import threading
import time
from types import TracebackType


class SocketDeadline:
    """Shuts down every socket it watches once `deadline` (time.monotonic) has passed."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._connecting: dict[int, int] = {}  # id of the plain socket -> its descriptor, while connecting
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._expire)
        self._timer.daemon = True

    def __enter__(self) -> "SocketDeadline":
        self._timer.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._timer.cancel()

    def connecting(self, sock: socket.socket) -> None:
        """A new connection's plain socket, before any TLS handshake: its descriptor is watched."""
        with self._lock:
            self._connecting[id(sock)] = sock.fileno()
            if self.expired:
                _shut_descriptor(sock.fileno())

    def connected(self, plain: socket.socket, established: socket.socket | None) -> None:
        """The connection is made (`established` is its socket, TLS or not) or failed (None, closed)."""
        with self._lock:
            self._connecting.pop(id(plain), None)
            if established is not None:
                self._sockets.append(established)
                if self.expired:
                    _shut(established)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for descriptor in self._connecting.values():
                _shut_descriptor(descriptor)
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by the exchange itself
        sock.shutdown(socket.SHUT_RDWR)


def _shut_descriptor(descriptor: int) -> None:
    """Shut down the connection behind a descriptor without taking it over (it is not closed here)."""
    if descriptor < 0:
        return
    try:
        borrowed = socket.socket(fileno=descriptor)
    except OSError:  # closed already
        return
    try:
        _shut(borrowed)
    finally:
        borrowed.detach()
