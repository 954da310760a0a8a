"""The stand-in news site (pages_standin.py) for tests of links outside tests/summaries/articles/links: started for a
module and stopped after it, with the fetcher's settings that let the test reach it."""

import pytest

from summaries.articles.links import robots
from tests.pages_standin import PagesStandIn, corpus_articles


def start_site(request: pytest.FixtureRequest) -> PagesStandIn:
    """http://localhost:PORT, stopped when the requesting scope ends; skipped without ../shared."""
    articles = corpus_articles()
    if articles is None:
        pytest.skip("shared corpora not found: put shared/ beside the checkout or set SHARED_DIR")
    site = PagesStandIn(articles).start()
    request.addfinalizer(site.stop)
    return site


def allow_site(settings) -> None:
    """The stand-in's name allow-listed (as an intranet would be) and the fetcher's default limits."""
    settings.SUMMARIES_LINK_ALLOWED_HOSTS = ["localhost:*"]  # its port is a free one
    settings.SUMMARIES_LINK_MAX_REDIRECTS = 5
    settings.SUMMARIES_LINK_CONNECT_SECONDS = 5
    settings.SUMMARIES_LINK_READ_SECONDS = 15
    settings.SUMMARIES_LINK_TOTAL_SECONDS = 30
    settings.SUMMARIES_LINK_MAX_BYTES = 10 * 1024 * 1024
    settings.SUMMARIES_LINK_RESPECT_ROBOTS = True
    settings.SUMMARIES_LINK_CA_BUNDLE = ""
    robots.clear_cache()
