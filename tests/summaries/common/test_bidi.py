"""The bidi template filters that keep user text from reordering the page around it."""

from summaries.common.bidi import balanced_bidi, text_direction


class TestTextDirection:
    def test_known_and_unknown_languages(self):
        assert (text_direction("ar"), text_direction("en"), text_direction(""), text_direction("xx")) == (
            "rtl",
            "ltr",
            "auto",
            "auto",
        )


class TestBalancedBidi:
    def test_unclosed_override_and_isolate_are_closed_at_line_end(self):
        assert balanced_bidi("a\u202eb\nc\u2067d") == "a\u202eb\u202c\nc\u2067d\u2069"

    def test_controls_are_closed_innermost_first(self):
        """An isolate opened inside an override closes first: a PDF inside the isolate would be ignored (UAX #9)."""
        assert balanced_bidi("\u202ea\u2066b") == "\u202ea\u2066b\u2069\u202c"

    def test_a_closing_isolate_closes_the_embeddings_opened_inside_it(self):
        """A PDI ends the override opened after its isolate, so nothing more is appended."""
        assert balanced_bidi("\u2066a\u202eb\u2069c") == "\u2066a\u202eb\u2069c"

    def test_balanced_text_is_untouched(self):
        text = "قال \u2066Putin\u2069 إن \u202bالمحادثات\u202c مثمرة"
        assert balanced_bidi(text) == text


class TestParagraphs:
    """User text as paragraphs, each laid out in the direction of the letters it is mostly written in."""

    def test_each_paragraph_gets_the_direction_of_its_letters(self):
        from summaries.common.bidi import paragraphs_html

        html = paragraphs_html(
            "وقع الرئيسان اتفاقية.\n\nThis paragraph is in English (CNN, 2026).\n\nCNN: وقع الرئيسان اليوم."
        )
        assert html == (
            '<p dir="rtl">وقع الرئيسان اتفاقية.</p>\n'
            '<p dir="ltr">This paragraph is in English (CNN, 2026).</p>\n'
            '<p dir="rtl">CNN: وقع الرئيسان اليوم.</p>'
        )

    def test_a_line_written_the_other_way_is_isolated_with_its_own_direction(self):
        """An English line among Arabic lines of one paragraph keeps its punctuation in place: it is laid out
        left to right inside the right-to-left paragraph (it used to be forced right to left)."""
        from summaries.common.bidi import paragraphs_html

        html = paragraphs_html("وقع الرئيسان اليوم على اتفاقية الشراكة.\nSource: Reuters, <b>2026</b>.\n١٢٣")
        assert html == (
            '<p dir="rtl">وقع الرئيسان اليوم على اتفاقية الشراكة.<br>'
            '<bdi dir="ltr">Source: Reuters, &lt;b&gt;2026&lt;/b&gt;.</bdi><br>١٢٣</p>'
        )
