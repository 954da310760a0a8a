"""Which addresses a link may reach: public unicast ones; private ones only for allow-listed hosts; cloud
metadata, unspecified and multicast ones never."""

import pytest

from summaries.articles.links.addresses import (
    AddressRefused,
    allow_entry,
    check_address,
    checked_addresses,
    host_allowed,
    own_endpoint,
    resolve,
)

REFUSED = {
    "127.0.0.1": "loopback",
    "127.10.0.1": "loopback",
    "::1": "loopback",
    "10.1.2.3": "private",
    "172.16.0.1": "private",
    "172.31.255.254": "private",
    "192.168.1.1": "private",
    "fc00::1": "private",
    "fd12:3456::1": "private",
    "169.254.1.1": "link-local",
    "fe80::1": "link-local",
    "100.64.0.1": "shared (carrier-grade NAT)",
    "100.127.255.254": "shared (carrier-grade NAT)",
    "240.0.0.1": "private",
    "192.0.2.1": "private",
    "fec0::1": "site-local",
    "::7f00:1": "reserved",
    "::ffff:127.0.0.1": "loopback",
    "::ffff:10.0.0.1": "private",
    "::ffff:192.168.0.1": "private",
    "2002:7f00:1::1": "loopback",
    "2002:a00:1::1": "private",
    "64:ff9b::a00:1": "private",
}
NEVER = {
    "169.254.169.254": "a cloud metadata address",
    "fd00:ec2::254": "a cloud metadata address",
    "::ffff:169.254.169.254": "a cloud metadata address",
    "0.0.0.0": "unspecified",
    "::": "unspecified",
    "224.0.0.1": "multicast",
    "239.255.255.250": "multicast",
    "ff02::1": "multicast",
}
PUBLIC = ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:93.184.216.34", "64:ff9b::5db8:d822"]


@pytest.mark.parametrize(("address", "reason"), [*REFUSED.items(), *NEVER.items()])
def test_internal_addresses_are_refused(address, reason):
    with pytest.raises(AddressRefused) as refused:
        check_address(address)
    assert refused.value.reason == reason


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_allowed(address):
    check_address(address)


@pytest.mark.parametrize("address", list(REFUSED))
def test_an_allow_listed_host_may_reach_private_addresses(address):
    check_address(address, allow_private=True)


@pytest.mark.parametrize("address", list(NEVER))
def test_metadata_unspecified_and_multicast_addresses_stay_refused_for_allow_listed_hosts(address):
    with pytest.raises(AddressRefused):
        check_address(address, allow_private=True)


def test_the_allow_list_matches_whole_names_in_any_case(settings):
    settings.SUMMARIES_LINK_ALLOWED_HOSTS = ["Intranet.Example", "[::1]"]
    assert host_allowed("intranet.example", 80) and host_allowed("INTRANET.EXAMPLE", 443) and host_allowed("::1", 80)
    assert not host_allowed("news.intranet.example", 80) and not host_allowed("intranet.example.com", 80)


def test_a_bare_name_allows_the_webs_own_ports_only(settings):
    """Allowing `localhost` for an intranet site used to open every port on it: Redis's, the app's own."""
    settings.SUMMARIES_LINK_ALLOWED_HOSTS = ["localhost"]
    assert host_allowed("localhost", 80) and host_allowed("localhost", 443)
    assert not host_allowed("localhost", 6379) and not host_allowed("localhost", 8000)


def test_a_named_port_allows_that_port_and_a_star_any(settings):
    settings.SUMMARIES_LINK_ALLOWED_HOSTS = ["intranet.example:8080", "[::1]:9000", "wiki.example:*"]
    assert host_allowed("intranet.example", 8080) and not host_allowed("intranet.example", 80)
    assert host_allowed("::1", 9000) and not host_allowed("::1", 9001)
    assert host_allowed("wiki.example", 1) and host_allowed("wiki.example", 65535)


@pytest.mark.parametrize("entry", ["intranet.example:http", "intranet.example:0", "intranet.example:70000", ":80"])
def test_a_malformed_entry_is_named_at_start_up(entry, settings):
    from django.core.checks import run_checks

    settings.SUMMARIES_LINK_ALLOWED_HOSTS = [entry]
    with pytest.raises(ValueError, match="is not `name`"):
        allow_entry(entry)
    assert [error.id for error in run_checks() if error.id == "summaries.E002"] == ["summaries.E002"]


class TestOwnServices:
    """The app's own web server, Redis and database: never reached by a link, whatever the allow-list says."""

    @pytest.fixture(autouse=True)
    def services(self, settings):
        settings.SUMMARIES_LINK_ALLOWED_HOSTS = ["localhost:*", "127.0.0.1:*", "[::1]:*", "db.internal:*"]
        settings.CELERY_BROKER_URL = "redis://127.0.0.1:6390/0"
        settings.SUMMARIES_SITE_PORT = 8123

    @pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"])
    def test_redis_on_any_loopback_address(self, address):
        assert own_endpoint(address, 6390) == "Redis"
        assert own_endpoint(address, 6391) is None

    def test_the_web_server_on_this_machine(self):
        assert own_endpoint("127.0.0.1", 8123) == "this site's web server"
        assert own_endpoint("93.184.216.34", 8123) is None  # someone else's server on that port

    # Only the setting is read here: the test's own connection keeps the database it has.
    @pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
    def test_a_database_on_another_machine(self, settings, resolver):
        resolver.answers["db.internal"] = [["10.0.0.9"]]
        settings.DATABASES = {"default": {**settings.DATABASES["default"], "HOST": "db.internal", "PORT": "5433"}}
        assert own_endpoint("10.0.0.9", 5433) == "the database"
        with pytest.raises(AddressRefused) as refused:
            checked_addresses("db.internal", 5433)
        assert refused.value.reason == "the database"

    def test_refused_even_for_an_allow_listed_host(self):
        with pytest.raises(AddressRefused) as refused:
            checked_addresses("localhost", 6390)
        assert refused.value.reason == "Redis"
        assert checked_addresses("127.0.0.1", 6391) == ["127.0.0.1"]


def test_resolve_lists_each_address_once():
    assert resolve("127.0.0.1", 80) == ["127.0.0.1"]


def test_a_name_with_one_private_address_among_public_ones_is_refused_whole(resolver):
    """A resolver answer that mixes public and private addresses is how rebinding attacks begin."""
    resolver.answers["mixed.example"] = [["93.184.216.34", "10.0.0.7"]]
    with pytest.raises(AddressRefused) as refused:
        checked_addresses("mixed.example", 80)
    assert refused.value.address == "10.0.0.7"


def test_a_name_that_does_not_resolve_raises_oserror(resolver):
    resolver.answers["no-such-host.invalid"] = [[]]
    with pytest.raises(OSError, match="not known"):
        checked_addresses("no-such-host.invalid", 80)


def test_another_allow_list_replaces_the_links_one(settings):
    """Webhooks pass their own list (WEBHOOK_ALLOWED_HOSTS): the links' list then allows nothing."""
    settings.SUMMARIES_LINK_ALLOWED_HOSTS = ["intranet.example"]
    assert host_allowed("intranet.example", 80) and not host_allowed("intranet.example", 80, [])
    assert host_allowed("hooks.example", 8080, ["hooks.example:8080"])


def test_a_malformed_webhook_entry_is_named_at_start_up(settings):
    from django.core.checks import run_checks

    settings.SUMMARIES_WEBHOOK_ALLOWED_HOSTS = ["hooks.example:http"]
    [error] = [error for error in run_checks() if error.id == "summaries.E002"]
    assert error.msg.startswith("WEBHOOK_ALLOWED_HOSTS:")
