"""Fact-check findings are worded when shown, in the reader's language, with the name or number isolated."""

from django.utils import translation

from summaries.engines import facts
from summaries.fact_messages import MESSAGES, fact_issue_html, fact_issue_message


def test_every_kind_has_words():
    assert set(MESSAGES) == set(facts.KINDS)


def test_english_and_arabic_words_for_the_same_finding():
    issue = {"kind": "name_added", "value": "Merkel"}
    assert fact_issue_message(issue) == "The name Merkel does not appear in the source."
    with translation.override("ar"):
        arabic = fact_issue_message(issue)
    assert "Merkel" in arabic and "The name" not in arabic and any("\u0600" <= char <= "\u06ff" for char in arabic)


def test_on_pages_the_value_is_isolated_and_escaped():
    html = fact_issue_html({"kind": "name_added", "value": "<script>x</script>"})
    assert '<bdi lang="en" dir="ltr">&lt;script&gt;x&lt;/script&gt;</bdi>' in html and "<script>" not in html


def test_a_finding_of_an_unknown_kind_shows_what_was_stored():
    assert fact_issue_message({"kind": "unknown", "value": "an old note"}) == "an old note"
    assert "an old note" in fact_issue_html({"kind": "unknown", "value": "an old note"})
