"""Which addresses a link may reach: public unicast ones; private ones only for allow-listed hosts; cloud
metadata, unspecified and multicast ones never."""

import pytest

from summaries.links.addresses import AddressRefused, check_address, checked_addresses, host_allowed, resolve

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
    assert host_allowed("intranet.example") and host_allowed("INTRANET.EXAMPLE") and host_allowed("::1")
    assert not host_allowed("news.intranet.example") and not host_allowed("intranet.example.com")


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
