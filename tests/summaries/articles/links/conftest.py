"""The stand-in news sites and the fetcher's settings for every test here.

Each test starts from the same settings whatever the environment says: no allow-listed hosts (so the
stand-in sites on 127.0.0.1 are refused unless a test allows them), robots.txt respected, the defaults'
time limits. The sites run for the whole session; what a test changes on them is undone after it.
"""

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import urllib3.util.connection

from summaries.articles.links import robots
from tests.pages_standin import TEST_CA_PEM, PagesStandIn, corpus_articles

LOCAL_HOSTS = ["localhost:*", "127.0.0.1:*"]  # the sites run on free ports
# A public address (example.com's, once) that a test's resolver hands out; nothing here really connects to it.
PUBLIC_ADDRESS = "93.184.216.34"


@pytest.fixture(autouse=True)
def link_settings(settings) -> None:
    settings.SUMMARIES_LINK_ALLOWED_HOSTS = []
    settings.SUMMARIES_LINK_MAX_REDIRECTS = 5
    settings.SUMMARIES_LINK_CONNECT_SECONDS = 5
    settings.SUMMARIES_LINK_READ_SECONDS = 15
    settings.SUMMARIES_LINK_TOTAL_SECONDS = 30
    settings.SUMMARIES_LINK_MAX_BYTES = 10 * 1024 * 1024
    settings.SUMMARIES_LINK_RESPECT_ROBOTS = True
    settings.SUMMARIES_LINK_CA_BUNDLE = ""
    settings.SUMMARIES_LINK_USER_AGENT = "NewsSummaries/1.0 (+self-hosted news summarization; contact: site admin)"


@pytest.fixture(autouse=True)
def _forget_robots() -> Iterator[None]:
    robots.clear_cache()
    yield
    robots.clear_cache()


@pytest.fixture
def allow_local(settings) -> None:
    """Allow-list the stand-in sites' names, as an intranet deployment would its own."""
    settings.SUMMARIES_LINK_ALLOWED_HOSTS = list(LOCAL_HOSTS)


def _started(request: pytest.FixtureRequest, *, tls: bool = False) -> PagesStandIn:
    articles = corpus_articles()
    if articles is None:
        pytest.skip("shared corpora not found: put shared/ beside the checkout or set SHARED_DIR")
    site = PagesStandIn(articles, tls=tls).start()
    request.addfinalizer(site.stop)
    return site


@pytest.fixture(scope="session")
def _intranet(request: pytest.FixtureRequest) -> PagesStandIn:
    return _started(request)


@pytest.fixture(scope="session")
def _site(request: pytest.FixtureRequest, _intranet: PagesStandIn) -> PagesStandIn:
    site = _started(request)
    site.redirect_target = f"http://127.0.0.1:{_intranet.port}/article"
    return site


@pytest.fixture(scope="session")
def _tls_site(request: pytest.FixtureRequest) -> PagesStandIn:
    return _started(request, tls=True)


@pytest.fixture
def site(_site: PagesStandIn) -> Iterator[PagesStandIn]:
    """The news site, http://localhost:PORT; /to-other-port redirects to `intranet`."""
    _site.reset()
    yield _site
    _site.reset()


@pytest.fixture
def intranet(_intranet: PagesStandIn) -> Iterator[PagesStandIn]:
    """A second site on another port, standing for an internal service."""
    _intranet.reset()
    yield _intranet
    _intranet.reset()


@pytest.fixture
def tls_site(_tls_site: PagesStandIn) -> Iterator[PagesStandIn]:
    """The news site over HTTPS, https://localhost:PORT, with a certificate for "localhost" only."""
    _tls_site.reset()
    yield _tls_site
    _tls_site.reset()


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ca") / "test-ca.pem"
    path.write_text(TEST_CA_PEM)
    return path


@dataclass
class Resolver:
    """What the name resolver answers for the test's names: a list per lookup (the last one repeats); an
    empty list means the name does not exist."""

    answers: dict[str, list[list[str]]] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Resolver:
    """Answers for the names a test sets, the real resolver for every other name (and for addresses)."""
    fake = Resolver()
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in fake.answers:
            return real(host, port, *args, **kwargs)
        fake.asked.append(host)
        queue = fake.answers[host]
        addresses = queue.pop(0) if len(queue) > 1 else queue[0]
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
            for address in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return fake


@dataclass
class Network:
    """Where connections were asked to go; those to PUBLIC_ADDRESS are refused, or diverted to `divert_to`
    (standing for a network path that ends somewhere else than the address dialled)."""

    dialled: list[str] = field(default_factory=list)
    divert_to: tuple[str, int] | None = None


@pytest.fixture
def network(monkeypatch: pytest.MonkeyPatch) -> Network:
    fake = Network()
    real = urllib3.util.connection.create_connection

    def create_connection(address, *args, **kwargs):
        fake.dialled.append(address[0])
        if address[0] != PUBLIC_ADDRESS:
            return real(address, *args, **kwargs)
        if fake.divert_to is None:
            raise ConnectionRefusedError(111, "Connection refused")
        return real(fake.divert_to, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", create_connection)
    return fake
