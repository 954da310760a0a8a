"""The fetcher reaches only what it checked: http(s) links, public addresses (private ones only for
allow-listed hosts), on every redirect hop, on the very address it checked, with TLS checked for the
link's host name."""

import pytest

from summaries.articles.links import LinkRefused
from summaries.articles.links.fetch import fetch_page
from tests.summaries.articles.links.conftest import PUBLIC_ADDRESS


def _refusal(url: str) -> LinkRefused:
    with pytest.raises(LinkRefused) as refused:
        fetch_page(url)
    return refused.value


class TestSchemes:
    @pytest.mark.parametrize(
        "url",
        [
            "file:///etc/passwd",
            "ftp://ftp.example.org/news.html",
            "gopher://example.org:70/1",
            "javascript:alert(1)",
            "data:text/html,<p>news</p>",
            "localhost:8000/article",
            "http:///article",
            "http://[::1/article",
            "http://example.org:99999/",
        ],
    )
    def test_only_http_and_https_links_are_read(self, url):
        assert _refusal(url).code == "link_scheme"

    def test_a_redirect_to_another_scheme_is_refused(self, site, allow_local):
        assert _refusal(f"{site.url}/to-file").code == "link_scheme"


class TestPrivateAddresses:
    def test_a_name_for_a_loopback_address_is_refused(self, site):
        """Without the allow-list, `localhost` is the server itself: refused before connecting."""
        assert _refusal(f"{site.url}/article").code == "link_address"
        assert site.requests == []

    @pytest.mark.parametrize(
        "url",
        [
            "http://127.0.0.1/",
            "http://[::1]/",
            "http://10.0.0.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[fd00:ec2::254]/latest/meta-data/",
            "http://[::ffff:127.0.0.1]/",
            "http://0.0.0.0/",
        ],
    )
    def test_a_link_to_an_internal_address_is_refused(self, url):
        assert _refusal(url).code == "link_address"

    def test_allow_listing_admits_the_host(self, site, settings):
        settings.SUMMARIES_LINK_ALLOWED_HOSTS = ["LOCALHOST:*"]
        assert fetch_page(f"{site.url.replace('localhost', 'LocalHost')}/article").status == 200

    def test_allowing_a_host_allows_only_the_ports_named(self, site, settings):
        """`localhost` alone allows ports 80 and 443: the stand-in's other port stays refused, until named."""
        settings.SUMMARIES_LINK_ALLOWED_HOSTS = ["localhost"]
        assert _refusal(f"{site.url}/article").code == "link_address"
        settings.SUMMARIES_LINK_ALLOWED_HOSTS = [f"localhost:{site.port}"]
        assert fetch_page(f"{site.url}/article").status == 200

    @pytest.mark.parametrize("service", ["broker", "web"])
    def test_the_apps_own_services_stay_refused_whatever_the_allow_list_says(self, site, settings, service):
        """With `localhost:*` allowed, a link to Redis's port or the app's own (here: the stand-in's port,
        named as theirs) is refused before a byte is sent: anyone's link must not reach /admin/ or Redis."""
        settings.SUMMARIES_LINK_ALLOWED_HOSTS = ["localhost:*", "127.0.0.1:*"]
        if service == "broker":
            settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{site.port}/0"
        else:
            settings.SUMMARIES_SITE_PORT = site.port
        before = len(site.paths())
        assert _refusal(f"{site.url}/article").code == "link_address"
        assert _refusal(f"http://127.0.0.1:{site.port}/article").code == "link_address"
        assert len(site.paths()) == before

    def test_a_name_that_resolves_to_a_private_address_is_refused(self, site, resolver):
        resolver.answers["news.example"] = [["10.20.30.40"]]
        assert _refusal("http://news.example/article").code == "link_address"


class TestRedirects:
    @pytest.fixture(autouse=True)
    def _allowed(self, allow_local):
        pass

    def test_a_redirect_is_followed(self, site):
        page = fetch_page(f"{site.url}/redirect")
        assert (page.url, page.final_url) == (f"{site.url}/redirect", f"{site.url}/article")

    def test_as_many_redirects_as_allowed_are_followed(self, site):
        assert fetch_page(f"{site.url}/hops/5").final_url == f"{site.url}/article"

    def test_one_redirect_more_than_allowed_is_refused(self, site):
        refusal = _refusal(f"{site.url}/hops/6")
        assert (refusal.code, refusal.params) == ("link_redirects", {"max": 5})
        assert len([path for path in site.paths() if path.startswith("/hops/")]) == 6

    def test_the_redirect_limit_is_a_setting(self, site, settings):
        settings.SUMMARIES_LINK_MAX_REDIRECTS = 0
        assert _refusal(f"{site.url}/redirect").code == "link_redirects"

    def test_a_redirect_to_an_address_not_allowed_is_refused_before_connecting(self, site, intranet, settings):
        """The first hop is allow-listed by name; the second names 127.0.0.1, which is not."""
        settings.SUMMARIES_LINK_ALLOWED_HOSTS = ["localhost:*"]
        assert _refusal(f"{site.url}/to-other-port").code == "link_address"
        assert intranet.requests == []

    def test_the_same_redirect_is_followed_once_its_address_is_allowed(self, site, intranet):
        assert fetch_page(f"{site.url}/to-other-port").final_url == f"http://127.0.0.1:{intranet.port}/article"
        assert intranet.paths()[-1] == "/article"

    def test_a_redirect_to_the_cloud_metadata_service_is_refused(self, site):
        """Even on an intranet deployment that allow-lists private addresses."""
        assert _refusal(f"{site.url}/to-metadata").code == "link_address"


class TestPinnedConnection:
    @pytest.fixture(autouse=True)
    def _no_robots(self, settings):
        settings.SUMMARIES_LINK_RESPECT_ROBOTS = False

    def test_the_connection_goes_to_the_checked_address_not_a_later_answer(self, site, resolver, network):
        """DNS rebinding: the name is public when checked and loopback a moment later. The fetcher
        connects to the address it checked (down here), and never asks the resolver again."""
        resolver.answers["news.example"] = [[PUBLIC_ADDRESS], ["127.0.0.1"]]
        assert _refusal(f"http://news.example:{site.port}/article").code == "link_unreachable"
        assert (resolver.asked, network.dialled) == (["news.example"], [PUBLIC_ADDRESS])
        assert site.requests == []

    def test_a_connection_that_reaches_another_address_is_dropped_before_sending(self, site, resolver, network):
        """The socket's peer is checked: a path that ends elsewhere (here the stand-in on loopback) gets
        no request."""
        resolver.answers["news.example"] = [[PUBLIC_ADDRESS]]
        network.divert_to = ("127.0.0.1", site.port)
        assert _refusal(f"http://news.example:{site.port}/article").code == "link_address"
        assert site.requests == []

    def test_the_next_address_is_tried_when_one_does_not_connect(self, site, resolver, network, allow_local):
        """The site listens on 127.0.0.1 only, so its name's IPv6 address refuses the connection."""
        resolver.answers["localhost"] = [["::1", "127.0.0.1"]]
        assert fetch_page(f"http://localhost:{site.port}/article").status == 200
        assert network.dialled == ["::1", "127.0.0.1"]


class TestTls:
    @pytest.fixture(autouse=True)
    def _allowed(self, allow_local):
        pass

    def test_https_is_checked_against_the_link_host_while_connecting_to_its_address(self, tls_site, test_ca, settings):
        """The certificate names only "localhost"; the connection goes to 127.0.0.1 with SNI "localhost"."""
        settings.SUMMARIES_LINK_CA_BUNDLE = str(test_ca)
        page = fetch_page(f"{tls_site.url}/article")
        assert page.final_url == f"https://localhost:{tls_site.port}/article"
        assert tls_site.server_names and set(tls_site.server_names) == {"localhost"}

    def test_a_certificate_from_an_unknown_authority_is_refused(self, tls_site):
        assert _refusal(f"{tls_site.url}/article").code == "link_unreachable"
        assert tls_site.requests == []

    def test_a_certificate_for_another_name_is_refused(self, tls_site, test_ca, settings):
        settings.SUMMARIES_LINK_CA_BUNDLE = str(test_ca)
        assert _refusal(f"https://127.0.0.1:{tls_site.port}/article").code == "link_unreachable"
        assert tls_site.requests == []
