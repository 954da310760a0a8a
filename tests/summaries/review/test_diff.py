"""Word-level differences."""

from summaries.review.diff import Segment, word_diff


def test_identical_texts_are_one_equal_segment():
    """Nothing changed means nothing marked."""
    assert word_diff("Same text.", "Same text.") == [Segment("equal", "Same text.")]


def test_one_changed_word_is_marked_alone():
    """A single replaced word is one deletion and one insertion inside unchanged text."""
    assert word_diff("The talks ended on Monday.", "The talks ended on Tuesday.") == [
        Segment("equal", "The talks ended on "),
        Segment("delete", "Monday"),
        Segment("insert", "Tuesday"),
        Segment("equal", "."),
    ]


def test_a_rewritten_phrase_reads_as_a_phrase():
    """Spaces between changed words do not split the change into alternating fragments."""
    assert word_diff("Russia and Egypt renewed ties.", "Both sides signed ties.") == [
        Segment("delete", "Russia and Egypt renewed"),
        Segment("insert", "Both sides signed"),
        Segment("equal", " ties."),
    ]


def test_additions_and_removals():
    """Added words and a removed trailing sentence are marked as such."""
    assert word_diff("The talks ended. They left.", "The long talks ended today.") == [
        Segment("equal", "The"),
        Segment("insert", " long"),
        Segment("equal", " talks ended"),
        Segment("insert", " today"),
        Segment("equal", "."),
        Segment("delete", " They left."),
    ]


def test_arabic_words_are_words():
    """Arabic text is split on its words too."""
    assert word_diff("وقّع الرئيسان اتفاقية", "وقّع الوزيران اتفاقية") == [
        Segment("equal", "وقّع "),
        Segment("delete", "الرئيسان"),
        Segment("insert", "الوزيران"),
        Segment("equal", " اتفاقية"),
    ]
