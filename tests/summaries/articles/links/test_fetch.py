"""fetch_page on the stand-in news site: pages arrive decoded whatever their charset, and every way a site
can fail ends in LinkRefused with the code that says why, within the size and time limits."""

import pickle
import time
from datetime import UTC, datetime

import pytest
from django.utils import translation

from summaries.articles.links import LINK_MESSAGES, LinkRefused
from summaries.articles.links.fetch import fetch_feed, fetch_page
from tests.polling import wait_for

pytestmark = pytest.mark.usefixtures("allow_local")


def _refusal(url: str) -> LinkRefused:
    with pytest.raises(LinkRefused) as refused:
        fetch_page(url)
    return refused.value


class TestPages:
    def test_an_article_page_arrives_decoded_with_what_the_site_said(self, site):
        before = datetime.now(UTC)
        page = fetch_page(f"{site.url}/article")
        article = site.articles[0]
        assert (page.url, page.final_url, page.status) == (f"{site.url}/article", f"{site.url}/article", 200)
        assert (page.content_type, page.charset) == ("text/html", "utf-8")
        assert before <= page.fetched_at <= datetime.now(UTC)
        assert all(paragraph in page.text for paragraph in article.paragraphs)

    @pytest.mark.parametrize("path", ["/article-1256-meta", "/article-1256-header", "/article-1256-undeclared"])
    def test_a_windows_1256_page_decodes_to_the_right_arabic(self, site, path):
        """The charset from the header, else from <meta>, else guessed: Arabic sites still send cp1256."""
        page = fetch_page(f"{site.url}{path}")
        assert page.charset == "cp1256"
        assert all(paragraph in page.text for paragraph in site.articles[0].paragraphs)
        assert site.articles[0].title in page.text

    def test_a_gzipped_page_is_decoded(self, site):
        page = fetch_page(f"{site.url}/article-gzip")
        assert site.articles[0].paragraphs[0] in page.text

    def test_an_xhtml_page_is_a_page(self, site):
        assert fetch_page(f"{site.url}/article.xhtml").content_type == "application/xhtml+xml"

    def test_a_page_without_a_content_type_is_read_when_it_is_html(self, site):
        assert site.articles[0].paragraphs[0] in fetch_page(f"{site.url}/article-untyped").text

    def test_the_fetcher_introduces_itself_and_names_the_host(self, site, settings):
        settings.SUMMARIES_LINK_USER_AGENT = "NewsSummaries/1.0 (+test)"
        fetch_page(f"{site.url}/article")
        seen = site.requests[-1]
        assert seen.headers["user-agent"] == "NewsSummaries/1.0 (+test)"
        assert seen.headers["host"] == f"localhost:{site.port}"

    def test_a_path_in_arabic_is_sent_percent_encoded(self, site):
        assert _refusal(f"{site.url}/أخبار?q=سلام").code == "link_not_found"
        assert site.paths()[-1] == "/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1"


class TestRefusedPages:
    @pytest.mark.parametrize(
        ("path", "code"),
        [
            ("/missing", "link_not_found"),
            ("/gone", "link_not_found"),
            ("/forbidden", "link_refused"),
            ("/broken", "link_refused"),
            ("/report.pdf", "link_not_article"),
        ],
    )
    def test_an_error_status_or_another_kind_of_file_is_refused(self, site, path, code):
        assert _refusal(f"{site.url}{path}").code == code

    def test_a_closed_port_is_unreachable(self):
        from newsapp.devstack import free_port

        assert _refusal(f"http://127.0.0.1:{free_port()}/article").code == "link_unreachable"

    def test_a_name_that_does_not_resolve_is_unreachable(self, resolver):
        resolver.answers["no-such-site.invalid"] = [[]]
        assert _refusal("http://no-such-site.invalid/news").code == "link_unreachable"


class TestLimits:
    @pytest.fixture(autouse=True)
    def small_limit(self, site, settings):
        settings.SUMMARIES_LINK_MAX_BYTES = site.behaviour.oversize

    def test_a_page_declaring_more_than_the_limit_is_refused(self, site):
        refusal = _refusal(f"{site.url}/huge")
        assert (refusal.code, refusal.params) == ("link_too_large", {"max": site.behaviour.oversize})

    def test_a_page_without_a_length_is_cut_off_once_past_the_limit(self, site):
        """The site would send 256 MB; the fetcher hangs up soon after the limit, not at the end."""
        assert _refusal(f"{site.url}/endless").code == "link_too_large"
        written = wait_for(lambda: site.streamed, timeout=10, message="the site never saw the fetcher hang up")
        assert written[0] < 64 * 1024 * 1024

    def test_the_limit_counts_unpacked_bytes(self, site):
        """A small gzip body that unpacks to twenty times the limit (a decompression bomb)."""
        assert _refusal(f"{site.url}/gzip-bomb").code == "link_too_large"

    def test_a_site_that_never_answers_times_out(self, site, settings):
        settings.SUMMARIES_LINK_READ_SECONDS = 0.2
        assert _refusal(f"{site.url}/silent").code == "link_timeout"

    def test_the_whole_fetch_has_a_deadline_beyond_each_read(self, site, settings):
        """Headers and a little of the page, then nothing: each read could wait 15 s, the fetch may not."""
        settings.SUMMARIES_LINK_TOTAL_SECONDS = 0.5
        assert _refusal(f"{site.url}/stalls").code == "link_timeout"

    def test_a_page_that_trickles_in_cannot_outlast_the_deadline(self, site, settings):
        """A byte every 50 ms keeps every read short of its timeout; the deadline still ends the fetch."""
        settings.SUMMARIES_LINK_TOTAL_SECONDS = 0.5
        assert _refusal(f"{site.url}/trickles").code == "link_timeout"

    def test_a_dripping_body_ends_at_the_deadline_not_a_read_later(self, site, settings):
        """A byte every 5 s, each read within its 15 s timeout: the fetch ends at its 1 s deadline, not when
        the read that was under way when it passed returns (at 5 s; 42 s for a 30 s deadline before)."""
        settings.SUMMARIES_LINK_TOTAL_SECONDS = 1
        started = time.monotonic()
        assert _refusal(f"{site.url}/drips-body").code == "link_timeout"
        assert time.monotonic() - started < 4

    def test_headers_that_never_end_cannot_outlast_the_deadline(self, site, settings):
        """A status line, then a header byte every 50 ms: every read is answered, the headers never end. The
        deadline covers the headers too: the fetcher hangs up when it passes (it used to wait for the task's
        30-minute limit)."""
        settings.SUMMARIES_LINK_TOTAL_SECONDS = 0.5
        assert _refusal(f"{site.url}/drips-headers").code == "link_timeout"
        wait_for(lambda: site.hung_up, timeout=10, message="the site never saw the fetcher hang up")

    def test_a_feed_whose_headers_never_end_cannot_outlast_the_deadline(self, site, settings):
        settings.SUMMARIES_LINK_TOTAL_SECONDS = 0.5
        with pytest.raises(LinkRefused) as refused:
            fetch_feed(f"{site.url}/drips-headers")
        assert refused.value.code == "link_timeout"


class TestMessages:
    def test_every_code_has_a_message(self):
        codes = {"link_scheme", "link_too_long", "link_address", "link_not_found", "link_refused", "link_not_article"}
        codes |= {"link_too_large", "link_timeout", "link_unreachable", "link_redirects", "link_too_complex"}
        assert set(LINK_MESSAGES) == codes

    def test_a_size_is_shown_as_people_read_it(self):
        with translation.override("en"):
            assert (
                LinkRefused("link_too_large", max=10 * 1024 * 1024).message
                == "The page is too large: more than 10 MiB."
            )

    def test_a_refusal_keeps_its_code_and_parameters_through_pickle(self):
        copy = pickle.loads(pickle.dumps(LinkRefused("link_redirects", max=5)))
        assert (type(copy), copy.code, copy.params) == (LinkRefused, "link_redirects", {"max": 5})

    def test_an_unknown_code_is_refused(self):
        with pytest.raises(ValueError, match="unknown error code"):
            LinkRefused("too_long")
