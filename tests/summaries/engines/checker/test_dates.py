"""Weekday and month names against both Arabic month systems."""

from summaries.engines.checker.dates import unmatched_dates


class TestUnmatchedDates:
    def test_the_same_day_matches(self):
        assert unmatched_dates("وصل الرئيس يوم الاثنين", "The president arrived on Monday") == []

    def test_a_changed_day_is_pointed_at(self):
        english = "The president arrived on Tuesday"
        assert [english[s:e] for s, e in unmatched_dates("وصل الرئيس يوم الاثنين", english)] == ["Tuesday"]

    def test_levantine_and_egyptian_month_names_both_count(self):
        assert unmatched_dates("في كانون الثاني الماضي", "last January") == []
        assert unmatched_dates("في يناير الماضي", "last January") == []
        assert unmatched_dates("في تشرين الأول", "in November") == [(3, 11)]

    def test_may_the_verb_is_not_a_month(self):
        assert unmatched_dates("قد يحدث ذلك", "May it happen") == []
