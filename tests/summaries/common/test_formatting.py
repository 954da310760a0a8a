"""summaries.common.formatting: sizes, language names, lists and shortened text as each UI language writes them."""

import pytest
from django.utils.translation import override

from summaries.common.formatting import language_label, list_text, number_text, shorten, size_text, size_words


@pytest.mark.parametrize(
    ("size", "english"),
    [
        (10 * 1024 * 1024, "10 MiB"),
        (int(1.5 * 1024 * 1024), "1.5 MiB"),
        (2048, "2 KiB"),
        (int(37.7 * 1024), "37.7 KiB"),
        (1, "1 byte"),
        (0, "0 bytes"),
        (815, "815 bytes"),
        (150 * 1024 * 1024, "150 MiB"),
    ],
)
def test_sizes_in_english_are_whole_where_exact_in_the_binary_units_they_are_counted_in(size, english):
    with override("en"):
        assert size_text(size) == english


def test_sizes_in_arabic_use_arabic_words_and_decimal_mark():
    with override("ar"):
        assert size_text(10 * 1024 * 1024) == "10 ميبيبايت"
        assert size_text(int(1.5 * 1024 * 1024)) == "1٫5 ميبيبايت"
        # Arabic has six plural forms; 3–10 take the plural, 11+ the singular accusative
        assert size_text(3) != size_text(11).replace("11", "3")


def test_a_script_gets_the_same_size_words_as_the_server():
    """upload.js writes sizes of chosen files before they are sent: the same units, decimal sign and plurals."""
    with override("en"):
        words = size_words()
        assert words["decimal"] == "." and words["units"][-1] == [1024, "%(number)s KiB"]
        assert (words["bytes"]["one"], words["bytes"]["other"]) == ("%(count)d byte", "%(count)d bytes")
    with override("ar"):
        words = size_words()
        assert words["decimal"] == "٫" and words["units"][-1] == [1024, "%(number)s كيبيبايت"]
        assert words["bytes"]["few"] == size_text(3).replace("3", "%(count)d")
        assert words["bytes"]["many"] == size_text(11).replace("11", "%(count)d")


def test_numbers_are_grouped_in_each_languages_way():
    with override("en"):
        assert number_text(100000) == "100,000"
    with override("ar"):
        assert number_text(100000) == "100٬000"


def test_language_names_not_codes():
    with override("en"):
        assert language_label("ar") == "Arabic"
        assert language_label("xx") == "xx"
    with override("ar"):
        assert language_label("en") == "الإنجليزية"


def test_lists_use_the_language_comma():
    with override("en"):
        assert list_text(["1", "2"]) == "1, 2"
    with override("ar"):
        assert list_text(["1", "2"]) == "1، 2"


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("short title", 80, "short title"),
        ("The president signed the agreement today in Cairo", 20, "The president…"),
        ("  many   spaces\nand lines ", 80, "many spaces and lines"),
        ("وقع الرئيسان اليوم على اتفاقية تجديد الشراكة", 20, "وقع الرئيسان اليوم…"),
    ],
)
def test_shorten_cuts_at_a_word_with_an_ellipsis(text, width, expected):
    assert shorten(text, width) == expected
    assert len(shorten(text, width)) <= width


def test_dates_follow_each_languages_own_format():
    """Arabic: day, month name, year and the Arabic comma (not "ديسمبر 1, 2026"); English the same order."""
    from datetime import datetime

    from django.utils import formats

    moment = datetime(2026, 12, 1, 13, 33)
    with override("ar"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "1 ديسمبر 2026، 13:33"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "1 ديسمبر 2026، 13:33"
    with override("en"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "1 December 2026, 13:33"
