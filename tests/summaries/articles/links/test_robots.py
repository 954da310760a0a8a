"""robots.txt is read through the same fetcher and honoured (RFC 9309): rules for the fetcher's own name
first, a missing file allows everything, a failing one nothing; each site's rules are read once."""

import pytest

from summaries.articles.links import LinkRefused, robots
from summaries.articles.links.fetch import fetch_page

pytestmark = pytest.mark.usefixtures("allow_local")


def _refusal(url: str) -> LinkRefused:
    with pytest.raises(LinkRefused) as refused:
        fetch_page(url)
    return refused.value


def test_a_disallowed_path_is_refused_without_being_requested(site):
    refusal = _refusal(f"{site.url}/private/article")
    assert (refusal.code, refusal.params) == ("link_refused", {"reason": "robots.txt"})
    assert site.paths() == ["/robots.txt"]


def test_an_allowed_path_is_fetched(site):
    assert fetch_page(f"{site.url}/article").status == 200
    assert site.paths() == ["/robots.txt", "/article"]


def test_rules_for_the_fetchers_own_name_replace_the_general_ones(site):
    site.behaviour.robots_text = "User-agent: *\nDisallow: /\n\nUser-agent: NewsSummaries\nDisallow: /private/\n"
    assert fetch_page(f"{site.url}/article").status == 200
    assert _refusal(f"{site.url}/private/article").code == "link_refused"


def test_robots_txt_can_be_ignored_by_setting(site, settings):
    settings.SUMMARIES_LINK_RESPECT_ROBOTS = False
    assert fetch_page(f"{site.url}/private/article").status == 200
    assert site.paths() == ["/private/article"]


def test_a_missing_robots_txt_allows_everything(site):
    site.behaviour.robots_status = 404
    assert fetch_page(f"{site.url}/private/article").status == 200


def test_a_failing_robots_txt_allows_nothing(site):
    site.behaviour.robots_status = 503
    assert _refusal(f"{site.url}/article").code == "link_refused"


def test_each_hop_of_a_redirect_is_checked(site):
    site.behaviour.robots_text = "User-agent: *\nDisallow: /article\n"
    assert _refusal(f"{site.url}/redirect").code == "link_refused"
    assert site.paths() == ["/robots.txt", "/redirect"]


def test_a_sites_rules_are_read_once_until_the_cache_is_cleared(site):
    fetch_page(f"{site.url}/article")
    fetch_page(f"{site.url}/article-gzip")
    assert site.paths().count("/robots.txt") == 1
    robots.clear_cache()
    fetch_page(f"{site.url}/article")
    assert site.paths().count("/robots.txt") == 2


def test_robots_txt_is_fetched_within_the_address_rules(site, settings):
    """robots.txt of a host that may not be reached is not read either: the link is refused for its address."""
    settings.SUMMARIES_LINK_ALLOWED_HOSTS = []
    assert _refusal(f"{site.url}/article").code == "link_address"
    assert site.requests == []
