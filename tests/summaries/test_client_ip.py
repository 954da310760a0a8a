"""The client address for rate limits and lockouts: X-Forwarded-For only as far as our proxies vouch."""

from django.test import RequestFactory

from summaries.client_ip import client_ip


def request(remote: str, forwarded: str | None = None):  # type: ignore[no-untyped-def]
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_the_header_is_ignored(settings):
    settings.NUM_PROXIES = 0
    assert client_ip(request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_one_proxy_trusts_the_address_it_appended(settings):
    settings.NUM_PROXIES = 1
    # the client claimed 1.2.3.4; our proxy appended the address it really saw
    assert client_ip(request("10.0.0.2", "1.2.3.4, 203.0.113.7")) == "203.0.113.7"


def test_two_proxies(settings):
    settings.NUM_PROXIES = 2
    assert client_ip(request("10.0.0.3", "1.2.3.4, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"


def test_a_short_header_falls_back_to_the_connection(settings):
    settings.NUM_PROXIES = 2
    assert client_ip(request("10.0.0.3", "203.0.113.7")) == "10.0.0.3"
