"""summaries.common.formatting: sizes, language names, lists and shortened text as each UI language writes them."""

import pytest
from django.utils.translation import override

from summaries.common.formatting import language_label, list_text, shorten, size_text


@pytest.mark.parametrize(
    ("size", "english"),
    [
        (10 * 1024 * 1024, "10 MB"),
        (int(1.5 * 1024 * 1024), "1.5 MB"),
        (2048, "2 KB"),
        (1, "1 byte"),
        (900, "900 bytes"),
        (150 * 1024 * 1024, "150 MB"),
    ],
)
def test_sizes_in_english_are_whole_where_exact(size, english):
    with override("en"):
        assert size_text(size) == english


def test_sizes_in_arabic_use_arabic_words_and_decimal_mark():
    with override("ar"):
        assert size_text(10 * 1024 * 1024) == "10 ميغابايت"
        assert size_text(int(1.5 * 1024 * 1024)) == "1٫5 ميغابايت"
        # Arabic has six plural forms; 3–10 take the plural, 11+ the singular accusative
        assert size_text(3) != size_text(11).replace("11", "3")


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
