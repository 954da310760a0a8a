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

from summaries.articles.links.deadline import SocketDeadline

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


# A bare name on LINK_ALLOWED_HOSTS allows the web's own ports only; any other takes `name:port` or `name:*`.
_DEFAULT_PORTS = frozenset({80, 443})


def host_allowed(host: str, port: int, allowed: list[str] | None = None) -> bool:
    """Whether the link's host and port are on SUMMARIES_LINK_ALLOWED_HOSTS (or `allowed`, another list of the
    same form: webhooks have their own): `name` (ports 80 and 443), `name:port`, or `name:*` (any port); names
    as written, any case, IPv6 addresses in brackets.

    By host alone, allowing `localhost` for an intranet site on port 80 also let a link reach the app's own
    `/admin/` and Redis on the same machine; a port is now named, and those stay refused (own_endpoint)."""
    wanted = host.lower().strip("[]")
    for entry in settings.SUMMARIES_LINK_ALLOWED_HOSTS if allowed is None else allowed:
        name, ports = allow_entry(entry)
        if name == wanted and (ports is None or port in ports):
            return True
    return False


def allow_entry(entry: str) -> tuple[str, frozenset[int] | None]:
    """`name`, `name:port`, `name:*`, `[v6]`, `[v6]:port` → the name, and its ports (None: any); ValueError
    for a port that is neither a number from 1 to 65535 nor `*` (checks.py names it at start-up)."""
    entry = entry.strip().lower()
    if entry.startswith("["):
        name, _, rest = entry[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif entry.count(":") == 1:
        name, port = entry.split(":")
    else:
        name, port = entry, ""  # a bare name, or an IPv6 address written without brackets
    if port == "*":
        return name, None
    if not port:
        return name, _DEFAULT_PORTS
    if not port.isdigit() or not 1 <= int(port) <= 65535 or not name:
        raise ValueError(f"{entry!r} is not `name`, `name:port` or `name:*`")
    return name, frozenset({int(port)})


def own_endpoint(address: str, port: int) -> str | None:
    """What of this site's own the address and port reach (its web server, Redis, the database), or None.

    Never fetched, allow-listed or not: a link is anyone's, and those answer the server itself. A service on
    a loopback address counts for every loopback address and this machine's own addresses (a server bound to
    every interface answers on all of them)."""
    reached = ipaddress.ip_address(address)
    if isinstance(reached, ipaddress.IPv6Address) and reached.ipv4_mapped:
        reached = reached.ipv4_mapped
    for name, (host, service_port) in _own_services().items():
        if port == service_port and _reaches(reached, host, service_port):
            return name
    return None


def _reaches(reached: IPAddress, host: str, port: int) -> bool:
    """Whether a connection to `reached` lands on the service at `host` (empty: this machine)."""
    try:
        addresses = {ipaddress.ip_address(ip) for ip in resolve(host, port)} if host else set()
    except OSError:
        return False
    local = not host or any(ip.is_loopback or ip.is_unspecified for ip in addresses)
    return reached in addresses or (local and (reached.is_loopback or reached in _this_machine()))


def _own_services() -> dict[str, tuple[str, int]]:
    """This site's services as (host, port): the web server (PORT, on this machine), Redis, the database."""
    from urllib.parse import urlsplit

    services = {"this site's web server": ("", settings.SUMMARIES_SITE_PORT)}
    stores = (
        ("Redis", settings.CELERY_BROKER_URL),
        ("Celery's results", getattr(settings, "CELERY_RESULT_BACKEND", "")),
    )
    for name, url in stores:
        parts = urlsplit(url or "")
        if parts.scheme.startswith("redis") and parts.hostname:
            services.setdefault(name, (parts.hostname, parts.port or 6379))
    database = settings.DATABASES["default"]
    if database.get("HOST") and not str(database["HOST"]).startswith("/"):
        default_port = 5432 if "postgres" in database["ENGINE"] else 3306
        services["the database"] = (str(database["HOST"]), int(database.get("PORT") or default_port))
    return services


def _this_machine() -> set[IPAddress]:
    """This machine's own addresses, as its host name resolves (empty when it does not)."""
    try:
        return {ipaddress.ip_address(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None)}
    except OSError:
        return set()


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


def checked_addresses(host: str, port: int, *, allowed_hosts: list[str] | None = None) -> list[str]:
    """The host's addresses, all of them allowed on this port; AddressRefused if any is not (a name that
    mixes public and private addresses is refused whole, and so is this site's own web server, Redis or
    database), OSError if the name does not resolve. `allowed_hosts` replaces LINK_ALLOWED_HOSTS."""
    addresses = resolve(host, port)
    for address in addresses:
        check_address(address, allow_private=host_allowed(host, port, allowed_hosts))
        service = own_endpoint(address, port)
        if service:
            raise AddressRefused(f"{address}:{port}", service)
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
