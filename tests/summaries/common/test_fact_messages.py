"""Fact-check findings are worded when shown, in the reader's language, with the name or number isolated."""

import re
from html.parser import HTMLParser

from django.utils import translation
from django.utils.html import escape

from summaries.common.bidi import balanced_bidi
from summaries.common.fact_messages import (
    MESSAGES,
    WORD_REASONS,
    fact_issue_html,
    fact_issue_message,
    word_flag_html,
    word_flag_message,
    word_flags,
)
from summaries.engines import facts, readability
from summaries.templatetags.facts import flag_words


def test_every_kind_has_words():
    assert set(MESSAGES) == {*facts.KINDS, *readability.KINDS}


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


# Words held responsible for a flagged sentence: their own table, a plain and an HTML wording, and a filter
# that marks them in the sentence.

WORD_REASON_CODES = {"number", "name", "antonym", "unsupported", "negation", "date", "order"}


def test_every_word_reason_has_words_of_its_own():
    assert set(WORD_REASONS) == WORD_REASON_CODES
    assert not set(WORD_REASONS) & set(MESSAGES)  # a code in both tables would read as the other table's words
    assert len({str(message) for message in WORD_REASONS.values()}) == len(WORD_REASONS)


def test_word_messages_in_english_and_arabic():
    flag = {"start": 0, "end": 4, "reason": "antonym", "value": "rose"}
    assert word_flag_message(flag) == "The source says rose here."
    assert word_flag_message({"reason": "number"}) == "This number is not in the source."
    with translation.override("ar"):
        arabic = word_flag_message(flag)
        for reason in WORD_REASON_CODES - {"antonym"}:
            assert _arabic(word_flag_message({"reason": reason})), reason
    assert "rose" in arabic and "The source" not in arabic and _arabic(arabic)


def test_word_messages_on_pages_isolate_and_escape_the_value():
    html = word_flag_html({"reason": "antonym", "value": "<script>x</script>"})
    assert html == 'The source says <bdi lang="en" dir="ltr">&lt;script&gt;x&lt;/script&gt;</bdi> here.'


def test_odd_word_flags_still_get_words():
    assert word_flag_message({"reason": "antonym"}) == "The source says the opposite here."
    assert word_flag_message({"reason": "antonym", "value": 5}) == "The source says the opposite here."
    assert word_flag_message({"reason": "from_a_newer_engine"}) == "The fact check flagged these words."
    assert word_flag_message({}) == "The fact check flagged these words."


def test_word_flags_are_clipped_to_the_text_and_odd_entries_left_out():
    words = [
        {"start": 10, "end": 99, "reason": "date"},  # past the end: clipped
        {"start": -3, "end": 2, "reason": "name"},  # before the start: clipped (not a negative index)
        {"start": 5, "end": 5, "reason": "number"},  # empty
        {"start": 12, "end": 20, "reason": "number"},  # wholly outside
        {"start": "1", "end": 3},
        {"start": True, "end": 3},
        "junk",
        None,
    ]
    assert word_flags("Abcdefghijkl", words) == [
        {"start": 0, "end": 2, "reason": "name", "value": "", "text": "Ab"},
        {"start": 10, "end": 12, "reason": "date", "value": "", "text": "kl"},
    ]
    assert word_flags("text", None) == word_flags("text", "") == word_flags("text", {"start": 0}) == []


def mark(words: str, reason: str, title: str, description: str, language: str = "en", direction: str = "ltr") -> str:
    return (
        f'<mark class="word-flag" data-reason="{reason}" title="{title}" tabindex="0">{words}'
        f'<span class="visually-hidden" lang="{language}" dir="{direction}"> ({description})</span></mark>'
    )


NUMBER = "This number is not in the source."


def test_flagged_words_are_marked_with_their_reason():
    html = flag_words("Prices fell by 35 percent.", [{"start": 15, "end": 17, "reason": "number", "value": ""}])
    assert html == f"Prices fell by {mark('35', 'number', NUMBER, NUMBER)} percent."


def test_the_reason_is_in_the_readers_language_and_the_sentence_stays_english():
    words = [{"start": 7, "end": 11, "reason": "antonym", "value": "rose"}]
    with translation.override("ar"):
        html = flag_words("Prices fell.", words)
        message = str(WORD_REASONS["antonym"])
    tooltip = message % {"value": "\u2066rose\u2069"}
    description = message % {"value": '<bdi lang="en" dir="ltr">rose</bdi>'}
    assert _arabic(message)
    assert html == f"Prices {mark('fell', 'antonym', tooltip, description, 'ar', 'rtl')}."


def test_without_flags_the_filter_gives_what_balanced_bidi_gives():
    text = "A \u202eright-to-left override & <b>bold</b>\nnext line \u2067isolate"
    expected = escape(balanced_bidi(text))
    assert flag_words(text, []) == flag_words(text, None) == flag_words(text, "") == expected
    assert flag_words(text, [{"start": 500, "end": 600, "reason": "number"}]) == expected
    assert flag_words(None, []) == ""


def test_overlapping_and_touching_spans():
    """Overlapping spans make one mark that gives both reasons; spans that only touch stay two marks."""
    words = [
        {"start": 4, "end": 9, "reason": "name"},
        {"start": 0, "end": 6, "reason": "unsupported"},
        {"start": 9, "end": 12, "reason": "number"},
        {"start": 2, "end": 3, "reason": "name"},  # inside the first: nothing new
    ]
    html = flag_words("abcdefghijklmn", words)
    name, unsupported = str(WORD_REASONS["name"]), str(WORD_REASONS["unsupported"])
    both = f"{unsupported} {name}"
    assert html == mark("abcdefghi", "unsupported name", both, both) + mark("jkl", "number", NUMBER, NUMBER) + "mn"


def test_hostile_text_inside_and_around_marks_is_escaped():
    text = '<script>alert(1)</script> said <img src=x onerror=alert(2)> & "quotes"'
    words = [
        {"start": 3, "end": 12, "reason": "name"},  # across the tag's end: <script>al
        {"start": 31, "end": 40, "reason": '"><script>alert(3)</script>', "value": "<i>"},
    ]
    html = flag_words(text, words)
    assert "<script" not in html and "<img" not in html and "<i>" not in html
    assert html.startswith("&lt;sc" + '<mark class="word-flag" data-reason="name"')
    assert 'data-reason="&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"' in html
    assert escape(text) == re.sub(r"<span class=\"visually-hidden\".*?</span>|<mark[^>]*>|</mark>", "", html)
    _parses_and_keeps_the_text(html, text)


def test_bidi_controls_stay_balanced_in_and_around_marks():
    """An override before a mark is closed before it, one inside a mark is closed inside, and the tooltip's
    word is isolated with its own controls closed: no control reaches past its piece."""
    rlo, pdf, lri, pdi = "\u202e", "\u202c", "\u2066", "\u2069"
    text = f"one {rlo}two three{rlo} four\nfive"
    words = [{"start": 9, "end": 15, "reason": "antonym", "value": f"up{rlo}"}]
    html = flag_words(text, words)
    assert html.startswith(f"one {rlo}two {pdf}<mark")
    assert f">three{rlo}{pdf}<span" in html
    assert f'title="The source says {lri}up{rlo}{pdf}{pdi} here."' in html
    assert html.endswith("</mark> four\nfive")
    for line in re.sub(r"<[^>]*>", "", html).split("\n"):
        assert balanced_bidi(line) == line, line


def _parses_and_keeps_the_text(html: str, text: str) -> None:
    """Well formed: every tag opened is closed in order, and the visible text is the sentence."""

    class Parser(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.open: list[str] = []
            self.hidden = 0
            self.visible = ""

        def handle_starttag(self, tag: str, attrs: list) -> None:
            self.open.append(tag)
            self.hidden += ("class", "visually-hidden") in attrs

        def handle_endtag(self, tag: str) -> None:
            assert self.open.pop() == tag
            self.hidden -= tag == "span"

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.visible += data

    parser = Parser()
    parser.feed(html)
    parser.close()
    assert parser.open == [] and parser.visible == text


def _arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)
