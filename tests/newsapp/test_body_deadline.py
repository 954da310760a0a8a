"""newsapp/body_deadline.py: a request body is read within BODY_READ_SECONDS, on the socket itself."""

import socket
import time

import pytest
from django.test import RequestFactory

from newsapp.body_deadline import BodyDeadline, BodyTimeout, DeadlineInput


@pytest.fixture
def connection():
    """Both ends of a real connection: the server's socket and the client that drips (or not)."""
    server, client = socket.socketpair()
    yield server, client
    server.close()
    client.close()


def test_a_read_waiting_for_a_trickle_is_cut_at_the_deadline(connection):
    """One read of 1,000 bytes while a byte comes now and then: the read itself is cut, not only the next."""
    server, client = connection
    body = DeadlineInput(server.makefile("rb"), server, time.monotonic() + 0.5)
    client.sendall(b"x")
    started = time.monotonic()
    with pytest.raises(BodyTimeout):
        body.read(1000)
    assert time.monotonic() - started < 5  # the deadline, not the body's end (which never comes)
    assert body.expired


def test_a_body_that_arrives_in_time_is_read_whole(connection):
    server, client = connection
    body = DeadlineInput(server.makefile("rb"), server, time.monotonic() + 30)
    client.sendall(b"a=1&b=2")
    assert body.read(7) == b"a=1&b=2"
    body.disarm()
    assert not body.expired


def test_past_the_deadline_nothing_more_is_read(connection):
    server, _client = connection
    body = DeadlineInput(server.makefile("rb"), server, time.monotonic() - 1)
    with pytest.raises(BodyTimeout):
        body.readline()


def test_django_answers_a_late_body_400(settings, connection, db):
    """Through the WSGI wrapper and Django: the CSRF check reads the form, the deadline passes, 400."""
    from django.core.handlers.wsgi import WSGIHandler

    settings.BODY_READ_SECONDS = 0.5
    server, client = connection
    environ = RequestFactory().post("/", data=b"", content_type="application/x-www-form-urlencoded").environ
    environ.update(
        {
            "wsgi.input": server.makefile("rb"),
            "gunicorn.socket": server,
            "CONTENT_LENGTH": "1000",
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "HTTP_COOKIE": "csrftoken=" + "a" * 32,
        }
    )
    client.sendall(b"csrfmiddlewaretoken=")
    statuses = []
    BodyDeadline(WSGIHandler())(environ, lambda status, headers, *args: statuses.append(status))
    assert statuses == ["400 Bad Request"]
