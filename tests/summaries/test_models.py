"""Model properties the pages and the status endpoint rely on."""

import pytest

from summaries.models import Summary

from ..factories import make_article

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
        newer = Summary.objects.create(article=article)
        assert article.latest_summary == newer
        assert list(Summary.objects.unfinished()) == [newer, article.summaries.last()]
