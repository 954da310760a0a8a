"""The client address for rate limits and lockouts: X-Forwarded-For only as far as our proxies vouch."""

import pytest
from django.test import RequestFactory

from summaries.common.client_ip import client_ip


def request(remote: str | None, forwarded: str | None = None):
    made = RequestFactory().get("/")
    if remote is not None:
        made.META["REMOTE_ADDR"] = remote
    if forwarded is not None:
        made.META["HTTP_X_FORWARDED_FOR"] = forwarded
    if remote is None:
        del made.META["REMOTE_ADDR"]
    return made


def test_without_proxies_the_header_is_ignored(settings):
    settings.NUM_PROXIES = 0
    assert client_ip(request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_one_proxy_trusts_the_address_it_appended(settings):
    settings.NUM_PROXIES = 1
    # the client claimed 1.2.3.4; our proxy (on a private network) appended the address it really saw
    assert client_ip(request("10.0.0.2", "1.2.3.4, 203.0.113.7")) == "203.0.113.7"


def test_two_proxies(settings):
    settings.NUM_PROXIES = 2
    assert client_ip(request("10.0.0.3", "1.2.3.4, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"


def test_a_client_reaching_the_app_directly_cannot_choose_its_address(settings):
    """Connections from outside TRUSTED_PROXIES are not a proxy's: their header is the client's invention."""
    settings.NUM_PROXIES = 1
    assert client_ip(request("198.51.100.9", "10.9.9.9")) == "198.51.100.9"
    settings.TRUSTED_PROXIES = ["198.51.100.0/24"]
    assert client_ip(request("198.51.100.9", "203.0.113.7")) == "203.0.113.7"


def test_a_short_header_falls_back_to_the_connection(settings):
    settings.NUM_PROXIES = 2
    assert client_ip(request("10.0.0.3", "203.0.113.7")) == "10.0.0.3"


@pytest.mark.parametrize("forwarded", ["unknown", "evil.example.org", "1.2.3.4.5", "<script>"])
def test_a_malformed_forwarded_address_falls_back_to_the_connection(settings, forwarded):
    settings.NUM_PROXIES = 1
    assert client_ip(request("10.0.0.2", forwarded)) == "10.0.0.2"


def test_no_address_at_all_is_none_not_a_made_up_value(settings):
    """django-axes stores the address in an inet column on PostgreSQL: a placeholder string would crash it."""
    assert client_ip(request(None)) is None
    assert client_ip(request("not-an-ip")) is None


def test_ipv6_is_normalised(settings):
    assert client_ip(request("2001:DB8:0:0::1")) == "2001:db8::1"
