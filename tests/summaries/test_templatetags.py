"""The bidi template filters that keep user text from reordering the page around it."""

from summaries.templatetags.bidi import balanced_bidi, text_direction


class TestTextDirection:
    def test_known_and_unknown_languages(self):
        assert (text_direction("ar"), text_direction("en"), text_direction(""), text_direction("xx")) == (
            "rtl", "ltr", "auto", "auto",
        )


class TestBalancedBidi:
    def test_unclosed_override_and_isolate_are_closed_at_line_end(self):
        assert balanced_bidi("a\u202eb\nc\u2067d") == "a\u202eb\u202c\nc\u2067d\u2069"

    def test_balanced_text_is_untouched(self):
        text = "قال \u2066Putin\u2069 إن \u202bالمحادثات\u202c مثمرة"
        assert balanced_bidi(text) == text
