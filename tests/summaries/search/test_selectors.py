"""What search finds, how it ranks, filters and marks it, on whichever engine the database has (SQLite's
FTS5 or PostgreSQL's full-text search: both passes run these)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from summaries.articles.models import Article
from summaries.common.exceptions import SearchError
from summaries.feeds.models import Feed
from summaries.review.models import Review
from summaries.search.models import SearchDocument
from summaries.search.selectors import SearchFilters, articles_unindexed, search_articles, search_outlets
from summaries.search.services import search_document_update
from tests.factories import latest_run
from tests.query_counts import assert_database_query_count
from tests.summaries.search.helpers import flag_first_sentence, indexed_article

pytestmark = pytest.mark.django_db

AHMED = "قال الرئيس أحمد إن الانتخابات في مصر جرت بهدوء يوم الأحد."
EGYPTIAN = "وصف مسؤول مصرى الاتفاق بأنه تاريخي للمنطقة كلها."
VOWELLED = "زار الوَفْدُ المِصْرِيُّ مدينةَ القاهرة أمس."


def found(query: str, **filters) -> list[Article]:
    return [hit.document.article for hit in search_articles(query=query, filters=SearchFilters(**filters)).hits]


class TestArabicSpelling:
    def test_hamza_forms_of_alef_find_each_other(self):
        """أحمد finds احمد and the other way round."""
        plain = indexed_article("قال احمد إن الاتفاق مهم للبلدين.")
        hamza = indexed_article(AHMED)
        assert set(found("أحمد")) == {plain, hamza}
        assert set(found("احمد")) == {plain, hamza}

    def test_alef_maqsura_and_yaa_find_each_other(self):
        """مصرى and مصري are one word."""
        article = indexed_article(EGYPTIAN)
        assert found("مصري") == [article]
        assert found("مصرى") == [article]

    def test_diacritics_are_ignored_on_both_sides(self):
        """A vowelled text is found by a bare query, and a bare text by a vowelled one."""
        vowelled = indexed_article(VOWELLED)
        assert found("المصري") == [vowelled]
        bare = indexed_article("القاهرة مدينة كبيرة جدا ومزدحمة دائما.")
        assert found("القَاهِرَةُ") == [vowelled, bare] or set(found("القَاهِرَةُ")) == {vowelled, bare}

    def test_taa_marbuta_and_tatweel(self):
        """مدرسة finds مدرسه, and a word drawn out with tatweel is the same word."""
        article = indexed_article("افتتحت مدرسه جديدة في الـمـديـنـة الكبيرة.")
        assert found("مدرسة") == [article]
        assert found("المدينة") == [article]


class TestEnglish:
    def test_word_forms_find_each_other(self):
        """elections finds election, and election finds elections (stemming, both engines)."""
        article = indexed_article("نص", summary="The election was held on Sunday.", translation="A text.")
        assert found("elections") == [article]
        plural = indexed_article("Voters went to the elections early.", language="en")
        assert set(found("election")) == {article, plural}

    def test_phrase_needs_the_words_together_and_in_order(self):
        """A quoted phrase finds the words together and in order, not apart."""
        together = indexed_article("The peace talks resumed in Cairo today.", language="en")
        indexed_article("Talks about a lasting peace resumed in Cairo.", language="en")
        assert found('"peace talks"') == [together]

    def test_prefix_matches_the_words_it_starts(self):
        """Cair* finds Cairo; every term must match (AND)."""
        cairo = indexed_article("The peace talks resumed in Cairo today.", language="en")
        indexed_article("The peace talks resumed in Amman today.", language="en")
        assert found("Cair*") == [cairo]
        assert found("peace Cair*") == [cairo]
        assert found("peace Baghdad") == []

    def test_a_query_with_common_words_finds_english_text(self):
        """Words PostgreSQL's english configuration leaves out of English text ("the", "of") do not make a
        query miss it: they are left out of the query too (SQLite indexes them, and there they match)."""
        article = indexed_article("The Prime Minister of Egypt met the delegation.", language="en")
        translated = indexed_article("نص", summary="A meeting was held.", translation="The minister of health spoke.")
        assert found("the prime minister of Egypt") == [article]
        assert set(found("the minister of")) == {article, translated}

    def test_an_arabic_phrase(self):
        """An Arabic phrase in quotes matches its words side by side."""
        article = indexed_article(AHMED)
        indexed_article("جرت الانتخابات أمس، وقال الرئيس إن مصر بخير.")
        assert found('"الانتخابات في مصر"') == [article]


def test_headline_ranks_before_a_mention_in_the_text():
    """An article whose headline names the subject ranks above one that mentions it once in passing."""
    passing = indexed_article(
        "Markets were calm this week. Analysts expect growth. Tourism rose, and a brief note on Cairo followed.",
        language="en",
    )
    headline = indexed_article("Cairo hosts the summit\nCairo welcomed leaders for the summit in Cairo.", language="en")
    assert found("Cairo") == [headline, passing]


def test_each_field_with_a_query_word_has_its_snippet():
    """Words of one query found in different fields mark each field, the summary's and the original's."""
    article = indexed_article(
        "Markets were calm in Alexandria this week.", language="en", summary="Giza ports were busy."
    )
    (hit,) = search_articles(query="Giza Alexandria").hits
    assert hit.document.article == article
    assert {snippet.field: snippet.html() for snippet in hit.snippets} == {
        "summary": "<mark>Giza</mark> ports were busy.",
        "original": "Markets were calm in <mark>Alexandria</mark> this week.",
    }


class TestFilters:
    def test_arrival_dates_include_both_days(self):
        """The date range is the article's arrival (submission) date, both ends included."""
        old = indexed_article("Cairo news from last month.", language="en")
        new = indexed_article("Cairo news from today.", language="en")
        Article.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
        search_document_update(article_id=old.pk)
        today = timezone.localdate()
        assert found("Cairo", arrived_after=today) == [new]
        assert found("Cairo", arrived_before=today - timedelta(days=1)) == [old]
        assert found("Cairo", arrived_after=today - timedelta(days=30), arrived_before=today) == [new, old]

    def test_outlet_and_feed(self):
        """The outlet (feed name, page's site or host) and the feed each narrow the results."""
        feed = Feed.objects.create(url="https://feeds.example/rss", name="Nile Wire")
        from_feed = indexed_article("Cairo news by feed.", language="en", feed=feed, feed_entry_id="1")
        from_site = indexed_article("Cairo news from a site.", language="en", site_name="Delta Times")
        assert found("Cairo", outlet="Nile Wire") == [from_feed]
        assert found("Cairo", outlet="Delta Times") == [from_site]
        assert found("Cairo", feed_id=feed.pk) == [from_feed]
        assert search_outlets() == ["Delta Times", "Nile Wire"]
        Feed.objects.filter(pk=feed.pk).update(name="Nile Wire Daily")  # a renamed feed: no re-indexing
        assert found("Cairo", outlet="Nile Wire Daily") == [from_feed]
        assert search_outlets() == ["Delta Times", "Nile Wire Daily"]

    def test_language(self):
        """The article's language."""
        arabic = indexed_article("القاهرة Cairo خبر عن المدينة.")
        english = indexed_article("Cairo news in English.", language="en")
        assert found("Cairo", language="ar") == [arabic]
        assert found("Cairo", language="en") == [english]

    def test_review_state(self):
        """The newest run's review state; an unfinished run has none."""
        pending = indexed_article("Cairo news one.", language="en", summary="Cairo one.")
        approved = indexed_article("Cairo news two.", language="en", summary="Cairo two.")
        indexed_article("Cairo news three.", language="en")
        Review.objects.filter(summary=latest_run(approved)).update(state=Review.State.APPROVED)
        search_document_update(article_id=approved.pk)
        assert found("Cairo", review_state="approved") == [approved]
        assert found("Cairo", review_state="pending") == [pending]

    def test_flagged(self):
        """Flagged: the newest run has at least one flagged sentence (stored as a count when indexed)."""
        flagged = indexed_article("Cairo news one.", language="en", summary="Cairo one.")
        clean = indexed_article("Cairo news two.", language="en", summary="Cairo two.")
        flag_first_sentence(latest_run(flagged))
        search_document_update(article_id=flagged.pk)
        assert found("Cairo", flagged=True) == [flagged]
        assert found("Cairo", flagged=False) == [clean]


class TestSnippets:
    def test_arabic_snippet_marks_the_written_word(self):
        """The match is found on folded text but marked on the original: hamza and all, right to left."""
        indexed_article(AHMED)
        hit = search_articles(query="احمد").hits[0]
        snippet = next(snippet for snippet in hit.snippets if snippet.field == "original")
        assert (snippet.language, snippet.direction) == ("ar", "rtl")
        assert "<mark>أحمد</mark>" in snippet.html()

    def test_vowelled_word_is_marked_whole(self):
        """Diacritics inside and after the matched word stay inside the mark."""
        indexed_article(VOWELLED)
        snippet = search_articles(query="المصري").hits[0].snippets[0]
        assert "<mark>المِصْرِيُّ</mark>" in snippet.html()

    def test_english_snippet_marks_word_forms_and_escapes(self):
        """The summary's "elections" is marked for "election", and markup in the text stays text."""
        indexed_article("نص", summary="<b>Voters</b> & the elections: calm.", translation="Text.")
        snippet = search_articles(query="election").hits[0].snippets[0]
        assert (snippet.field, snippet.language, snippet.direction) == ("summary", "en", "ltr")
        html = snippet.html()
        assert "Voters&lt;/b&gt; &amp; the <mark>elections</mark>: calm" in html
        assert "<b>" not in html and html.count("<mark>") == 1

    def test_long_text_is_cut_with_an_ellipsis(self):
        """A long field shows the part around the match, with … where text was left out."""
        words = " ".join(f"word{number}" for number in range(200))
        indexed_article(f"{words} Cairo {words}", language="en")
        snippet = search_articles(query="Cairo").hits[0].snippets[0]
        html = snippet.html()
        assert "<mark>Cairo</mark>" in html and html.startswith("…") and html.endswith("…")
        assert len(snippet.text) < 400


def test_unsearchable_query_raises_search_error():
    """The selector refuses what the parser refuses."""
    with pytest.raises(SearchError):
        search_articles(query="() *")


def test_pages():
    """Results come a page at a time; a page past the last gives the last."""
    for number in range(5):
        indexed_article(f"Cairo news number {number}.", language="en")
    results = search_articles(query="Cairo", page=2, page_size=2)
    assert (results.count, results.page, results.pages, len(results.hits)) == (5, 2, 3, 2)
    assert search_articles(query="Cairo", page=9, page_size=2).page == 3


@pytest.mark.parametrize("rows", [2, 6])
def test_query_count(rows):
    """Count, page and snippets: three queries however many results the page has (and on PostgreSQL the
    ranking's planner setting)."""
    for number in range(rows):
        indexed_article(f"Cairo news number {number}.", language="en", summary=f"Cairo summary {number}.")
    with assert_database_query_count(5 if connection.vendor == "postgresql" else 3):  # + SET LOCAL, stop words
        results = search_articles(query="Cairo", page_size=10)
        for hit in results.hits:
            hit.document.article.headline, hit.document.run.review.state  # noqa: B018
    assert len(results.hits) == rows and all(hit.snippets for hit in results.hits)


def test_dates_at_the_calendars_ends_are_no_bound():
    """Year 1 and year 9999 (a fuzzer's favourites) leave the range open instead of failing."""
    from datetime import date

    article = indexed_article("Cairo news.", language="en")
    assert found("Cairo", arrived_after=date(1, 1, 1), arrived_before=date(9999, 12, 31)) == [article]


@pytest.mark.parametrize("rows", [2, 6])
def test_outlets_query_count(rows):
    """The outlet filter's choices: one query, sites and feeds together."""
    for number in range(rows):
        feed = Feed.objects.create(url=f"https://feeds.example/{number}", name=f"Feed {number}") if number % 2 else None
        indexed_article(f"Cairo news {number}.", language="en", feed=feed, site_name=f"Site {number}")
    with assert_database_query_count(1):
        outlets = search_outlets()
    assert len(outlets) == rows


@pytest.mark.parametrize("rows", [2, 6])
def test_articles_unindexed(rows):
    """The articles without a document, by id, at most `limit`: one query."""
    articles = [indexed_article(f"Cairo news {number}.", language="en") for number in range(rows)]
    missing = sorted(article.pk for article in articles[1:])
    SearchDocument.objects.filter(article_id__in=missing).delete()
    with assert_database_query_count(1):
        unindexed = articles_unindexed(limit=rows)
    assert unindexed == missing
    assert articles_unindexed(limit=1) == missing[:1]
