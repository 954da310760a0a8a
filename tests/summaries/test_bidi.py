"""The bidi template filters that keep user text from reordering the page around it."""

from summaries.bidi import balanced_bidi, text_direction


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
