"""Approved summaries for digest tests, built with the ORM at chosen approval times (no worker)."""

from datetime import UTC, datetime

from summaries.feeds.models import Feed
from summaries.quality.evaluation.corpora import ntrex_pairs
from summaries.review.models import Review
from summaries.runs.models import Summary
from tests.factories import finish, latest_run, make_article

DAY_START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def make_approved(
    text: str,
    *,
    at: datetime = DAY_START,
    outlet: str = "",
    feed: str = "",
    url: str = "",
    title: str = "",
    headline: str = "",
    state: str = Review.State.APPROVED,
) -> Summary:
    """A finished summary in `state` (approved by default) reviewed at `at`; the outlet comes from the page's
    site name, or from a feed named `feed`."""
    feed_row = Feed.objects.create(url=f"https://feeds.example.org/{feed}", name=feed) if feed else None
    article = make_article(
        source_text=f"نص المقال: {text}", site_name=outlet, url=url, headline=headline, feed=feed_row
    )
    summary = finish(latest_run(article), text=text)
    Review.objects.filter(summary=summary).update(state=state, reviewed_at=at, title=title)
    summary.refresh_from_db()
    return summary


def ntrex_halves(document: str) -> tuple[str, str]:
    """A WMT19 news document's first three and next three sentences (NTREX-128, CC BY-SA 4.0): one story
    told twice, as two outlets' summaries would."""
    sentences = [pair.english for pair in ntrex_pairs() if pair.document == document]
    return " ".join(sentences[:3]), " ".join(sentences[3:6])
