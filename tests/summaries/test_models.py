"""Model properties the pages and the status endpoint rely on."""

import pytest

from summaries.articles.models import Article
from summaries.feeds.models import Feed
from summaries.runs.models import Summary
from tests.factories import make_article, make_run

pytestmark = pytest.mark.django_db


class TestSummary:
    def test_progress_moves_through_the_stages(self):
        summary = make_article().latest_summary
        assert (summary.progress_percent, summary.is_finished) == (0, False)
        summary.status, summary.stage = Summary.Status.RUNNING, Summary.Stage.TRANSLATING
        summary.progress_done, summary.progress_total = 5, 10
        assert 5 < summary.progress_percent < 80
        summary.stage = Summary.Stage.SUMMARIZING
        summary.progress_done, summary.progress_total = 0, 0  # one section: no parts to count
        assert summary.progress_percent == 85
        summary.progress_done, summary.progress_total = 0, 3  # a long text summarized by section moves on
        assert summary.progress_percent == 80
        summary.progress_done = 2
        assert summary.progress_percent == 90
        summary.status = Summary.Status.DONE
        assert (summary.progress_percent, summary.is_finished) == (100, True)

    def test_latest_summary_is_the_newest_run(self):
        article = make_article()
        newer = make_run(article)
        assert article.latest_summary == newer
        assert list(Summary.objects.unfinished()) == [newer, article.summaries.last()]

    def test_aligned_sentences_carry_the_words_held_responsible(self):
        """`translation_words` runs parallel to the translation scores; runs from before word checks have
        none, and a list shorter than the sentences leaves the rest without words."""
        summary = make_article().latest_summary
        fell = {"start": 7, "end": 11, "reason": "antonym", "value": "rose"}
        summary.source_sentences = ["انخفضت الأسعار.", "ارتفعت الأجور.", "جملة ثالثة."]
        summary.translated_sentences = ["Prices fell.", "Wages rose.", ""]
        summary.grounding = {"translation_scores": [0.4, 0.9, None], "translation_flags": [True, False, False]}
        assert [row["words"] for row in summary.aligned_sentences] == [[], [], []]
        summary.grounding["translation_words"] = [[fell], None]
        assert [row["words"] for row in summary.aligned_sentences] == [[fell], [], []]

    def test_summary_sentences_carry_their_words_or_none(self):
        summary = make_article().latest_summary
        words = [{"start": 0, "end": 6, "reason": "name", "value": ""}]
        base = {"sources": [0], "scores": [0.5], "support": 0.5, "flagged": True}
        summary.grounding = {"summary": [{**base, "text": "Merkel came.", "words": words}, {**base, "text": "Old."}]}
        assert [sentence["words"] for sentence in summary.summary_sentences] == [words, []]
        assert summary.summary_sentences[0]["source_numbers"] == [1]


class TestArticle:
    def test_a_link_is_named_by_its_headline_or_address_until_its_text_arrives(self):
        """Admin titles and queue rows need a label before the worker has fetched the page."""
        article = Article(url="https://news.example/a/1", source_text="")
        assert str(article) == "https://news.example/a/1"
        article.headline = "عنوان الصفحة"
        assert "عنوان الصفحة" in str(article)
        article.source_text = "السطر الأول من النص\nوالثاني"
        assert "السطر الأول من النص" in str(article) and "عنوان" not in str(article)

    def test_the_outlet_is_the_feed_then_the_site_then_the_host(self):
        """The host is the stored one, written with the addresses (naming.link_host of the final address)."""
        feed = Feed.objects.create(name="شبكة الأخبار", url="https://news.example/rss")
        article = Article(
            url="https://www.news.example/a/1", final_url="https://m.news.example/a/1", host="m.news.example"
        )
        assert article.outlet == "m.news.example"
        article.site_name = "News Example"
        assert article.outlet == "News Example"
        article.feed = feed
        assert article.outlet == "شبكة الأخبار"
