"""summaries.articles.naming: every article has a name a person recognises, and a source when it has one."""

from django.utils.translation import override

from summaries.articles.models import Article
from summaries.articles.naming import article_name, article_source, link_host, link_label
from summaries.feeds.models import Feed


def _article(**fields) -> Article:
    """Unsaved: naming reads fields only (and the feed, given here already)."""
    return Article(**{"source_text": "", "language": "ar", **fields})


class TestArticleName:
    def test_the_headline_comes_first(self):
        name = article_name(
            _article(headline="  اتفاقية الشراكة  ", source_text="نص المقال.", url="https://a.example/x")
        )
        assert (name.text, name.kind, name.language, name.is_address) == ("اتفاقية الشراكة", "headline", "ar", False)

    def test_then_the_first_line_of_the_text_shortened_at_a_word(self):
        text = "\n\n" + "وقع الرئيسان اليوم على اتفاقية تجديد الشراكة الشاملة " * 5 + "\nالسطر الثاني."
        name = article_name(_article(source_text=text), width=40)
        assert name.kind == "text" and name.text.endswith("…") and len(name.text) <= 40
        assert "السطر الثاني" not in name.text

    def test_a_link_whose_fetch_failed_is_named_by_its_host_and_path(self):
        name = article_name(_article(language="", url="https://www.news.example/2026/12/%D8%AE%D8%A8%D8%B1/?utm=x"))
        assert (name.text, name.kind, name.language, name.is_address) == ("news.example/2026/12/خبر", "link", "", True)

    def test_where_redirects_ended_names_it_rather_than_the_link_given(self):
        article = _article(url="https://short.example/a", final_url="https://site.example/story")
        assert article_name(article).text == "site.example/story"

    def test_a_feed_entry_with_nothing_else_is_named_by_its_feed(self):
        article = _article(feed=Feed(pk=1, url="https://feed.example/rss", name="أخبار المدينة"))
        assert (article_name(article).text, article_name(article).kind) == ("أخبار المدينة", "feed")

    def test_a_file_with_no_text_by_its_name_and_nothing_at_all_says_so(self):
        assert article_name(_article(original_name="report.pdf")).text == "report.pdf"
        with override("en"):
            assert article_name(_article()) == article_name(_article(source_text="  \n "))
            assert article_name(_article()).text == "(no text)"


class TestArticleSource:
    def test_the_feed_then_the_outlet_then_the_host_then_nothing(self):
        """The same rule as Article.outlet, which the exports and the digest credit."""
        feed = Feed(pk=1, url="https://feed.example/rss", name="City news")
        assert article_source(_article(site_name="Al-Ahram", feed=feed, url="https://x.example/")) == "City news"
        assert article_source(_article(site_name="Al-Ahram", url="https://x.example/")) == "Al-Ahram"
        assert article_source(_article(url="https://www.x.example/story", host="x.example")) == "x.example"
        assert article_source(_article(source_text="pasted")) == ""


def test_link_labels_drop_scheme_www_query_and_trailing_slash():
    assert link_label("https://www.example.com/news/") == "example.com/news"
    assert link_label("http://example.com") == "example.com"
    assert link_label("not a url") == "not a url"


class TestLinkHost:
    def test_the_host_in_lower_case_without_www_or_port(self):
        """What Article.host stores and an outlet's feed is addressed by."""
        assert link_host("https://WWW.News.Example:8443/a/1?x=1#top") == "news.example"
        assert link_host("http://user:secret@www.www.example/") == "www.example"  # one "www." dropped
        assert link_host("https://أخبار.مصر/خبر") == "أخبار.مصر"
        assert link_host("https://m.news.example") == "m.news.example"

    def test_an_address_without_a_host_has_none(self):
        assert link_host("") == "" and link_host("news") == "" and link_host("file:///etc/passwd") == ""
