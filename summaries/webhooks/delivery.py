"""Posting one signed body to an endpoint, with the link fetcher's safety: the host's addresses are checked
(articles/links/addresses.py) at every attempt, since DNS can change between registration and delivery, and
the connection goes to the checked address itself. Redirects are never followed (a 3xx is a failed attempt):
following one would let a public endpoint send the body on to a private address.

Bounded in time: WEBHOOK_CONNECT_SECONDS to connect, WEBHOOK_READ_SECONDS for each wait on the answer, and
the two together for the whole exchange (a server that trickles its answer a byte at a time cannot hold the
worker longer; links/deadline.py).
"""

import logging
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from urllib3 import BaseHTTPResponse, Timeout
from urllib3.exceptions import HTTPError, NewConnectionError
from urllib3.exceptions import TimeoutError as ExchangeTimeout

from summaries.articles.links.addresses import AddressRefused, checked_addresses, pinned_pool
from summaries.articles.links.deadline import SocketDeadline
from summaries.webhooks.models import WebhookAttempt

logger = logging.getLogger(__name__)

Error = WebhookAttempt.Error
# How much of an answer is kept in the log: enough to read an error message, never a whole page.
EXCERPT_CHARS = 500


@dataclass(frozen=True)
class Outcome:
    """How one attempt went: the status the endpoint answered (None when it did not), the start of its
    answer, what went wrong (Error.NONE when nothing), and how long it took."""

    response_code: int | None
    excerpt: str
    error: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.error == Error.NONE


@dataclass(frozen=True)
class Target:
    """Where a URL points: scheme, host (ASCII), port, the path to post to and the Host header."""

    scheme: str
    host: str
    port: int
    path: str
    host_header: str

    @classmethod
    def parse(cls, url: str) -> "Target":
        """ValueError for anything but an http(s) URL with a host."""
        parts = urlsplit(url.strip())
        try:
            host, port = (parts.hostname or "").encode("idna").decode("ascii"), parts.port
        except UnicodeError as exc:
            raise ValueError("the host name cannot be encoded") from exc
        if parts.scheme.lower() not in {"http", "https"} or not host:
            raise ValueError("not an http or https address with a host")
        default = 443 if parts.scheme.lower() == "https" else 80
        shown = f"[{host}]" if ":" in host else host
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return cls(parts.scheme.lower(), host, port or default, path, f"{shown}:{port}" if port else shown)


def addresses_for(target: Target) -> list[str]:
    """The endpoint's addresses, checked as links' are, with WEBHOOK_ALLOWED_HOSTS as the allow-list:
    AddressRefused for one that is not allowed, OSError for a name that does not resolve."""
    return checked_addresses(target.host, target.port, allowed_hosts=settings.SUMMARIES_WEBHOOK_ALLOWED_HOSTS)


def post(*, url: str, body: str, headers: dict[str, str]) -> Outcome:
    """POST the body once, never following a redirect; every failure comes back as an Outcome, not raised."""
    started = time.monotonic()
    connect, read = settings.SUMMARIES_WEBHOOK_CONNECT_SECONDS, settings.SUMMARIES_WEBHOOK_READ_SECONDS
    deadline = SocketDeadline(started + connect + read)
    code, excerpt, error = None, "", Error.NONE
    try:
        with deadline:
            target = Target.parse(url)
            response = _send(target, body.encode(), headers, deadline, Timeout(connect=connect, read=read))
            code = response.status
            excerpt = _excerpt(response)
    except ValueError:
        error = Error.ADDRESS
    except AddressRefused as exc:
        logger.warning("refused to deliver a webhook to %s", exc)
        error = Error.ADDRESS
    except NewConnectionError:  # a subclass of the connect timeout, though it means refused
        error = Error.TIMEOUT if deadline.expired else Error.UNREACHABLE
    except (ExchangeTimeout, TimeoutError):
        error = Error.TIMEOUT
    except (HTTPError, OSError) as exc:
        logger.info("a webhook delivery to %s failed: %s", urlsplit(url).hostname, type(exc).__name__)
        error = Error.TIMEOUT if deadline.expired else Error.UNREACHABLE
    if code is not None and not error:
        error = Error.NONE if 200 <= code < 300 else Error.REDIRECT if 300 <= code < 400 else Error.STATUS
    return Outcome(code, excerpt, error, round((time.monotonic() - started) * 1000))


def _send(
    target: Target, body: bytes, headers: dict[str, str], deadline: SocketDeadline, timeout: Timeout
) -> BaseHTTPResponse:
    """The POST to one of the host's checked addresses, in the resolver's order until one connects."""
    failure: HTTPError | None = None
    for address in addresses_for(target):
        pool = pinned_pool(target.scheme, target.host, target.port, address, timeout=timeout, deadline=deadline)
        try:
            return pool.urlopen(
                "POST",
                target.path,
                body=body,
                headers={
                    "Host": target.host_header,
                    "Content-Type": "application/json",
                    "User-Agent": settings.SUMMARIES_LINK_USER_AGENT,
                    **headers,
                },
                redirect=False,
                retries=False,
                assert_same_host=False,
                preload_content=False,
            )
        except NewConnectionError as exc:  # refused or unroutable: the next address may answer
            failure = exc
        finally:
            pool.close()
    raise failure or OSError("no address to connect to")


def _excerpt(response: BaseHTTPResponse) -> str:
    """The start of the answer, for the log; the rest is not read."""
    try:
        data = response.read1(EXCERPT_CHARS * 4)
    finally:
        response.release_conn()
        response.close()
    return data.decode("utf-8", "replace")[:EXCERPT_CHARS].strip()
