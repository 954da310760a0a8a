"""Script-based language detection."""

from summaries.intake.language import detect_language


class TestDetectLanguage:
    def test_arabic_article(self, arabic_article):
        detection = detect_language(arabic_article)
        assert detection.language == "ar"
        assert detection.confidence > 0.9

    def test_english_text(self):
        assert detect_language("The presidents signed an agreement today.").language == "en"

    def test_arabic_with_english_names_is_still_arabic(self):
        assert detect_language("قال الرئيس Vladimir Putin إن المحادثات كانت مثمرة وبناءة جدا").language == "ar"

    def test_other_scripts_and_no_letters_are_undecided(self):
        assert detect_language("Президент подписал соглашение").language is None
        assert detect_language("12345 !!! 678").language is None
