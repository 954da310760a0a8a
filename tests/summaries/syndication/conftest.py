"""Published summaries for the feed tests: an Arabic page from a website, a followed feed's entry, and an
English article pasted without a link, approved an hour apart (newest last)."""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from summaries.runs.models import Summary
from tests.summaries.digest_factories import DAY_START, make_approved


@dataclass
class Published:
    page: Summary
    fed: Summary
    pasted: Summary


@pytest.fixture
def published() -> Published:
    page = make_approved(
        "Russia and Egypt renewed their <partnership> & more.\n\nBoth sides signed.",
        url="https://www.news.example/world/1?ref=a",
        outlet="Example News",
        headline="تجديد الشراكة\x0b بين البلدين",
        at=DAY_START,
    )
    fed = make_approved(
        "The central bank kept its rate.",
        feed="شبكة الأخبار",
        url="https://feeds.example.org/items/2",
        at=DAY_START + timedelta(hours=1),
        title="Rates unchanged",
    )
    pasted = make_approved("Parliament passed the budget.", at=DAY_START + timedelta(hours=2))
    type(pasted.article).objects.filter(pk=pasted.article_id).update(language="en")
    pasted.refresh_from_db()
    return Published(page, fed, pasted)
