"""Arabic folding for search: the same on the indexed text and the query, one character to one or none."""

import pytest

from summaries.search.normalization import normalize, normalize_with_offsets


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("أحمد", "احمد"),
        ("إبراهيم", "ابراهيم"),
        ("آمال", "امال"),
        ("ٱلله", "الله"),
        ("مصرى", "مصري"),
        ("مدرسة", "مدرسه"),
        ("مِصْرِيّ", "مصري"),  # kasra, sukun, shadda
        ("كتابًا", "كتابا"),  # tanween
        ("هٰذا", "هذا"),  # superscript alef
        ("مـــصر", "مصر"),  # tatweel
        ("Elections in Egypt", "Elections in Egypt"),
    ],
)
def test_spelling_variants_fold_to_one_form(written, folded):
    """Hamza forms of alef, alef maqsura, taa marbuta, diacritics and tatweel fold; Latin text is unchanged."""
    assert normalize(written) == folded


def test_offsets_lead_back_to_the_written_characters():
    """Each folded character knows where it was written; a span ends after the marks of its last letter."""
    written = "قال مُحَمَّدٌ إنّ"
    folded, offsets = normalize_with_offsets(written)
    assert folded == "قال محمد ان"
    start = folded.index("محمد")
    end = start + len("محمد")
    assert written[offsets[start] : offsets[end]] == "مُحَمَّدٌ"
    assert len(offsets) == len(folded) + 1 and offsets[-1] == len(written)


def test_folding_is_idempotent():
    """Folding folded text changes nothing, so a query folded twice still matches."""
    text = "أحمد ومصرى في المدرسة الـكبيرة"
    assert normalize(normalize(text)) == normalize(text)
