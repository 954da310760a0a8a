"""Articles of every kind the review queue lists, for the queue's view and browser tests."""

from summaries.common.exceptions import LinkRefused
from summaries.feeds.models import Feed
from summaries.runs.lifecycle import summary_fail
from summaries.runs.models import Summary
from tests.factories import finish, make_article

LONG_AR = "وقّع الرئيسان الروسي والمصري اليوم على اتفاقية تجديد الشراكة الشاملة بين البلدين في القاهرة."


def every_kind_of_article() -> dict[str, Summary]:
    """A pasted text, a link whose fetch failed, a feed entry (fetched,
    with its page's headline) and an uploaded file."""
    feed = Feed.objects.create(url="https://feeds.example/rss", name="أخبار المدينة")
    link = make_article(source_text="", language="", origin="link", url="https://www.news.example/2026/story-12?x=1")
    summary_fail(summary_id=link.latest_summary.pk, error=LinkRefused("link_not_found"))
    return {
        "paste": finish(make_article(source_text=LONG_AR).latest_summary),
        "link": link.latest_summary,
        "feed": make_article(
            source_text="نص الخبر من الموقع.",
            headline="عنوان الخبر في الصفحة",
            origin="feed",
            feed=feed,
            feed_entry_id="1",
            url="https://city.example/a",
        ).latest_summary,
        "upload": make_article(
            source_text="التقرير السنوي\nنصه.", origin="upload", original_name="report.docx", language="ar"
        ).latest_summary,
    }
