"""Which network addresses a submitted link may reach, and connections that go only there: public internet
addresses, unless the host is allow-listed (an intranet site); cloud metadata endpoints never.

The fetcher runs inside the server's network, so a link to `localhost`, `10.0.0.5` or the cloud's metadata
service would let anyone who can submit a link read what only the server can (server-side request forgery).
Every address the name resolves to is checked, and the connection goes to the checked address itself (a
name that resolves elsewhere a moment later, DNS rebinding, changes nothing), with the link's host name for
TLS (SNI and the certificate check); the address actually reached is checked again before a byte is sent.
"""

import ipaddress
import socket
from typing import Any

from django.conf import settings
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, Timeout
from urllib3.connection import HTTPConnection, HTTPSConnection

from .deadline import SocketDeadline

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Instance metadata services (AWS, GCP, Azure, OpenStack on IPv4; AWS on IPv6): they hand out credentials.
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
# Carrier-grade NAT: the provider's private side, not the internet (Python 3.11 does not count it private).
_SHARED = ipaddress.ip_network("100.64.0.0/10")
# IPv6 prefixes that carry an IPv4 address a gateway would forward to (NAT64's well-known prefix).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressRefused(Exception):
    """The address is not one the fetcher may connect to; `reason` names the kind, for the log."""

    def __init__(self, address: str, reason: str) -> None:
        super().__init__(f"{address} is {reason}")
        self.address = address
        self.reason = reason


def host_allowed(host: str) -> bool:
    """Whether the link's host is on SUMMARIES_LINK_ALLOWED_HOSTS (names as written, any case)."""
    allowed = {name.lower().strip("[]") for name in settings.SUMMARIES_LINK_ALLOWED_HOSTS}
    return host.lower().strip("[]") in allowed


def check_address(ip: str | IPAddress, *, allow_private: bool = False) -> None:
    """Raise AddressRefused unless the address is a public unicast one. `allow_private` (an allow-listed
    host) admits loopback, private, link-local and shared addresses, but never metadata, unspecified or
    multicast ones. An IPv6 address that stands for an IPv4 one (mapped, NAT64) is judged as that one; one
    that carries an IPv4 one (6to4, Teredo) is judged by both."""
    address = ipaddress.ip_address(ip) if isinstance(ip, str) else ip
    for candidate in _judged(address):
        reason = _never_reason(candidate) or (None if allow_private else _private_reason(candidate))
        if reason:
            raise AddressRefused(str(ip), reason)


def resolve(host: str, port: int) -> list[str]:
    """The host's addresses for a TCP connection, in the resolver's order, each once. Raises OSError
    (socket.gaierror) when the name does not resolve."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def checked_addresses(host: str, port: int) -> list[str]:
    """The host's addresses, all of them allowed; AddressRefused if any is not (a name that mixes public
    and private addresses is refused whole), OSError if the name does not resolve."""
    addresses = resolve(host, port)
    for address in addresses:
        check_address(address, allow_private=host_allowed(host))
    return addresses


def pinned_pool(
    scheme: str, host: str, port: int, address: str, *, timeout: Timeout, deadline: SocketDeadline
) -> HTTPConnectionPool:
    """A one-connection pool to `address` for the link's `host`: certificate and SNI for the name, no
    retries, its connection's socket watched by `deadline`. The caller sends the Host header."""
    if scheme == "http":
        return _PinnedHTTPPool(address, port, timeout=timeout, retries=False, maxsize=1, deadline=deadline)
    return _PinnedHTTPSPool(
        address,
        port,
        timeout=timeout,
        retries=False,
        maxsize=1,
        deadline=deadline,
        server_hostname=host,
        assert_hostname=host,
        cert_reqs="CERT_REQUIRED",
        ca_certs=settings.SUMMARIES_LINK_CA_BUNDLE or None,
    )


def _checked_peer(sock: socket.socket, pinned: str) -> socket.socket:
    """The address the socket reached must be the one checked: nothing in between (a patched resolver, an
    interception proxy) may have taken it elsewhere."""
    peer = str(sock.getpeername()[0])
    if ipaddress.ip_address(peer) != ipaddress.ip_address(pinned):
        sock.close()
        raise AddressRefused(peer, f"not the checked address {pinned}")
    return sock


class _Pinned:
    """A connection to the checked address only, whose sockets the exchange's deadline watches from the
    moment they exist (deadline.py)."""

    def __init__(self, *args: Any, deadline: SocketDeadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline = deadline
        self._plain: socket.socket | None = None

    def _new_conn(self) -> socket.socket:
        sock = _checked_peer(super()._new_conn(), self.host)  # type: ignore[misc, attr-defined]  # a mixin of HTTPConnection
        self._plain = sock
        self._deadline.connecting(sock)
        return sock

    def connect(self) -> None:
        try:
            super().connect()  # type: ignore[misc]
        finally:
            if self._plain is not None:
                self._deadline.connected(self._plain, getattr(self, "sock", None))


class _PinnedHTTPConnection(_Pinned, HTTPConnection):
    pass


class _PinnedHTTPSConnection(_Pinned, HTTPSConnection):
    pass


class _PinnedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PinnedHTTPConnection


class _PinnedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PinnedHTTPSConnection


def _never_reason(address: IPAddress) -> str | None:
    if address in _METADATA:
        return "a cloud metadata address"
    if address.is_unspecified:
        return "unspecified"
    if address.is_multicast:
        return "multicast"
    return None


def _private_reason(address: IPAddress) -> str | None:
    checks = (
        (address.is_loopback, "loopback"),
        (address.is_link_local, "link-local"),
        (address in _SHARED, "shared (carrier-grade NAT)"),
        (address.is_private, "private"),
        (isinstance(address, ipaddress.IPv6Address) and address.is_site_local, "site-local"),
        (address.is_reserved, "reserved"),
        (not address.is_global, "not a public address"),
    )
    return next((reason for matched, reason in checks if matched), None)


def _judged(address: IPAddress) -> list[IPAddress]:
    if not isinstance(address, ipaddress.IPv6Address):
        return [address]
    if address.ipv4_mapped:
        return [address.ipv4_mapped]
    if address in _NAT64:
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)]
    carried = [address.sixtofour, *(address.teredo or ())]
    return [address, *(ip for ip in carried if ip is not None)]
