"""text_accept: every source's text is accepted the same way (normalised, checked, its language resolved)."""

import pytest

from summaries.articles.acceptance import text_accept
from summaries.common.exceptions import IntakeError


def test_a_paste_and_a_fetched_page_holding_the_same_text_are_accepted_alike(arabic_article):
    pasted = text_accept(arabic_article)
    fetched = text_accept(f"\n{arabic_article}\r\n\r\n", declared="ar")
    assert (fetched.text, fetched.content_hash, fetched.choice.language) == (
        pasted.text,
        pasted.content_hash,
        "ar",
    )
    assert not pasted.choice.overridden


def test_the_senders_language_wins_and_is_recorded_as_chosen(arabic_article):
    accepted = text_accept(arabic_article, language="en")
    assert (accepted.choice.language, accepted.choice.detected, accepted.choice.overridden) == ("en", "ar", True)


@pytest.mark.parametrize(
    ("text", "language", "code"),
    [("   ", None, "empty"), ("قصير", None, "too_short"), (None, "xx-not-a-code", "unknown_language_code")],
)
def test_each_refusal_names_its_reason(arabic_article, text, language, code):
    with pytest.raises(IntakeError) as refused:
        text_accept(arabic_article if text is None else text, language=language)
    assert refused.value.code == code
