"""Articles of every kind the review queue lists, for the queue's view and browser tests."""

from summaries.common.exceptions import LinkRefused
from summaries.feeds.models import Feed
from summaries.runs.lifecycle import summary_fail
from summaries.runs.models import Summary
from tests.factories import finish, latest_run, make_article

LONG_AR = "وقّع الرئيسان الروسي والمصري اليوم على اتفاقية تجديد الشراكة الشاملة بين البلدين في القاهرة."


def every_kind_of_article() -> dict[str, Summary]:
    """A pasted text, a link whose fetch failed, a feed entry (fetched, with its page's headline) and an
    uploaded file; each article's run by its kind."""
    feed = Feed.objects.create(url="https://feeds.example/rss", name="أخبار المدينة")
    link = make_article(source_text="", language="", origin="link", url="https://www.news.example/2026/story-12?x=1")
    summary_fail(summary_id=latest_run(link).pk, error=LinkRefused("link_not_found"))
    return {
        "paste": finish(latest_run(make_article(source_text=LONG_AR))),
        "link": latest_run(link),
        "feed": latest_run(
            make_article(
                source_text="نص الخبر من الموقع.",
                headline="عنوان الخبر في الصفحة",
                origin="feed",
                feed=feed,
                feed_entry_id="1",
                url="https://city.example/a",
            )
        ),
        "upload": latest_run(
            make_article(source_text="التقرير السنوي\nنصه.", origin="upload", original_name="report.docx")
        ),
    }
